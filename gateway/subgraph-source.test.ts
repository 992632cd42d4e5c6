import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { GraphQLError } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeViewer } from "../lib/auth.ts";
import { startRequestTrace } from "../lib/tracing.ts";
import { createHttpFetcher } from "../lib/transport/http-fetcher.ts";
import { type GatewayContext, SubgraphError, SubgraphSource } from "./subgraph-source.ts";

/** A loopback server that records what reached it and answers with the status and body a test sets. */
describe("the gateway's subgraph data source", () => {
  let server: Server;
  let url: string;
  let received: { headers: IncomingHttpHeaders; body: unknown } | undefined;
  let answer = { status: 200, contentType: "application/json", body: '{"data":{"ok":true}}' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = "";
      req.on("data", (chunk: Buffer) => {
        text += chunk.toString();
      });
      req.on("end", () => {
        received = { headers: req.headers, body: JSON.parse(text) };
        res.writeHead(answer.status, { "content-type": answer.contentType }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const context: GatewayContext = {
    viewer: { kind: "store", storeId: "7d3c1a52-0000-4000-8000-000000000001" },
    clientAddress: "203.0.113.9",
    userAgent: "Mozilla/5.0 storefront",
    trace: startRequestTrace("test", {
      traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    }),
  };
  // The data source reads only the request and the context; the rest is the gateway's bookkeeping.
  const call = () =>
    new SubgraphSource("test", url, createHttpFetcher(), "shared-secret").process({
      request: { query: "{ ok }", variables: { a: 1 }, operationName: "Ok" },
      context,
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);

  it("sends the operation with the secret, the viewer, the storefront's address and agent, and trace context only", async () => {
    answer = { status: 200, contentType: "application/json", body: '{"data":{"ok":true}}' };
    expect(await call()).toEqual({ data: { ok: true } });
    expect(received?.body).toEqual({ query: "{ ok }", variables: { a: 1 }, operationName: "Ok" });
    const headers = received?.headers ?? {};
    expect(headers["x-subgraph-secret"]).toBe("shared-secret");
    expect(decodeViewer(headers["x-viewer"] as string)).toEqual(context.viewer);
    expect(headers["x-client-address"]).toBe("203.0.113.9");
    expect(headers["x-client-user-agent"]).toBe("Mozilla/5.0 storefront");
    // The same trace, continued by the gateway's own call.
    expect(headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(headers.authorization).toBeUndefined();
  });

  it("turns a refusal into an error for the log, with no code a client could take for its own", async () => {
    answer = { status: 401, contentType: "application/json", body: '{"errors":[{"message":"no secret"}]}' };
    const error = await call().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SubgraphError);
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect(error).toMatchObject({
      status: 401,
      message: expect.stringMatching(/answered 401 Unauthorized: .*no secret/),
    });
    answer = { status: 500, contentType: "text/plain", body: "oops" };
    await expect(call()).rejects.toMatchObject({
      status: 500,
      message: expect.stringMatching(/500 Internal/),
    });
  });

  it("answers a subgraph's or its balancer's 502, 503 and 504 as unavailable, for the client to try again", async () => {
    for (const status of [502, 503, 504]) {
      answer = { status, contentType: "text/plain", body: "no server available" };
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GraphQLError);
      expect(error).toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE" } });
    }
  });

  it("refuses a successful answer that is not a JSON object", async () => {
    answer = { status: 200, contentType: "text/html", body: "<html>proxy login</html>" };
    await expect(call()).rejects.toThrow(/Expected a JSON answer .*proxy login/);
  });
});
