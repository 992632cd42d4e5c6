import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpFetcher } from "./http-fetcher.ts";

describe("createHttpFetcher", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  /** A server that resets its connections' `resetAt`-th request instead of answering it. */
  async function resettingServer(resetAt: number) {
    const served = new WeakMap<Socket, number>();
    let connections = 0;
    server = createServer((req, res) => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count === resetAt) return void req.socket.resetAndDestroy();
      res.end("ok");
    });
    server.on("connection", () => connections++);
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      connections: () => connections,
    };
  }

  it("sends a request again on a new socket when a kept-alive one was reset under it", async () => {
    const target = await resettingServer(2);
    const fetch = createHttpFetcher({ maxSockets: 1 });
    expect(await (await fetch(target.url, { method: "POST", body: "one" })).text()).toBe("ok");
    expect(await (await fetch(target.url, { method: "POST", body: "two" })).text()).toBe("ok");
    expect(target.connections()).toBe(2);
  });

  it("does not send again a request whose own new socket was reset", async () => {
    const target = await resettingServer(1);
    const fetch = createHttpFetcher({ maxSockets: 1 });
    await expect(fetch(target.url, { method: "POST", body: "one" })).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    expect(target.connections()).toBe(1);
  });
});
