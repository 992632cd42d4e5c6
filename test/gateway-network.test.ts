import { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabases } from "./helpers/databases.ts";
import { startStack } from "./helpers/stack.ts";

/** Where a socket is asked to connect to: a host (a name or an address), or a Unix socket's path. */
function destinationOf(args: unknown[]): string {
  const [first, second] = args;
  if (typeof first === "object" && first !== null) {
    const options = first as { host?: string; path?: string };
    return options.path ? `unix:${options.path}` : (options.host ?? "localhost");
  }
  if (typeof first === "string") return `unix:${first}`;
  return typeof second === "string" ? second : "localhost";
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|unix:.*)$/;

describe("the gateway's network", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;

  beforeAll(async () => {
    databases = await freshDatabases();
  });
  afterAll(async () => {
    await databases?.drop();
  });

  it("calls nobody but its subgraphs and its database, from its start to its stop", async () => {
    const destinations = new Set<string>();
    const connect = Socket.prototype.connect;
    // Every connection this process opens while the gateway lives: @apollo/gateway, left to itself, sends
    // usage metrics to Apollo as it stops and probes cloud metadata addresses to label them.
    Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
      destinations.add(destinationOf(args));
      return (connect as (...a: unknown[]) => Socket).apply(this, args);
    } as typeof connect;
    try {
      const stack = await startStack(databases.urls);
      try {
        const result = await stack.query<{ __typename: string }>("{ __typename }", {});
        expect(result.data?.__typename).toBe("Query");
      } finally {
        await stack.close();
      }
    } finally {
      Socket.prototype.connect = connect;
    }
    expect([...destinations].filter((host) => !LOOPBACK.test(host))).toEqual([]);
    // The probe saw the stack's own connections, so it was in place.
    expect(destinations.size).toBeGreaterThan(0);
  });
});
