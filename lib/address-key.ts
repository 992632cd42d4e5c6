import { isIP } from "node:net";

/**
 * What per-address limits and hashes key on: an IPv4 address as it is, an IPv6 address by its /64. One
 * subscriber, home or cloud host is handed a whole /64 (RFC 6177), so keying on the /128 would give any of
 * them 2^64 fresh buckets.
 */
export function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros (`::` expanded). */
function ipv6Groups(address: string): string[] {
  const sides = address.toLowerCase().split("::");
  const groupsOf = (side: string | undefined) =>
    side
      ? side.split(":").flatMap((group) => {
          if (!group.includes(".")) return [group];
          // An IPv4 tail (`::ffff:192.0.2.1`) is the last two groups.
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        })
      : [];
  const head = groupsOf(sides[0]);
  const tail = groupsOf(sides[1]);
  const zeros = sides.length === 2 ? Array<string>(8 - head.length - tail.length).fill("0") : [];
  return [...head, ...zeros, ...tail].map((group) => Number.parseInt(group, 16).toString(16));
}
