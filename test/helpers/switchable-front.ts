import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An HTTP front for a GraphQL endpoint that a test can take down: while `down` holds for a request body,
 * the request gets 502 (as a load balancer answers for a dead gateway); otherwise it is passed on.
 */
export async function startSwitchableFront(target: string) {
  let down: ((body: string) => boolean) | null = null;
  const stats = { passed: 0, refused: 0 };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    if (down?.(body)) {
      stats.refused++;
      res.writeHead(502, { "content-type": "text/plain" }).end("Bad Gateway");
      return;
    }
    stats.passed++;
    const headers: Record<string, string> = {};
    for (const name of ["content-type", "authorization", "user-agent"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const answer = await fetch(target, { method: req.method, headers, body });
    res.writeHead(answer.status, {
      "content-type": answer.headers.get("content-type") ?? "application/json",
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    stats,
    /** Which requests fail from now on (null: none). */
    setDown(predicate: ((body: string) => boolean) | null) {
      down = predicate;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
