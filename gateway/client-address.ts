import { BlockList, isIP } from "node:net";

/**
 * The proxies (load balancers) in front of the gateway, as CIDRs (`10.0.0.0/8`, `2001:db8::/32`) or single
 * addresses. Each appends the address it received from to `X-Forwarded-For`, so the client is the
 * right-most address that is not one of them; entries left of it were written by the client itself and
 * prove nothing.
 */
export function trustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", bits] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (!isIP(address) || (bits !== undefined && !/^\d{1,3}$/.test(bits)))
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an address or a CIDR`);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

const familyOf = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** `::ffff:10.0.0.1` (IPv4 on an IPv6 socket) as the IPv4 address it is. */
const unmapped = (address: string) => address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");

/**
 * One `X-Forwarded-For` entry as an address: some balancers write the port (`192.0.2.1:5678`,
 * `[2001:db8::1]:443`) or brackets (`[2001:db8::1]`). Anything else comes back as it was, and is not an IP.
 */
function hopAddress(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(entry);
  if (bracketed?.[1]) return unmapped(bracketed[1]);
  const ipv4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d{1,5}$/.exec(entry);
  return unmapped(ipv4WithPort?.[1] ?? entry);
}

/**
 * The client's address: the socket's peer, unless that is a trusted proxy; then, walking
 * `X-Forwarded-For` from the right, the first address that is not a trusted proxy. Anything that is not
 * a valid IP address ends the walk at the last trusted hop.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | undefined,
  proxies: BlockList,
): string {
  let client = unmapped(remoteAddress ?? "");
  if (!forwardedFor) return client;
  const hops = forwardedFor.split(",").map((hop) => hopAddress(hop.trim()));
  while (isIP(client) && proxies.check(client, familyOf(client))) {
    const next = hops.pop();
    if (next === undefined || !isIP(next)) break;
    client = next;
  }
  return client;
}
