import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApolloServer, type BaseContext, type ContextThunk, HeaderMap } from "@apollo/server";

/** Extra plain-HTTP routes beside GraphQL (health checks and the like), keyed by `METHOD /path`. */
export type Routes = Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>;

export interface ServeOptions<TContext extends BaseContext> {
  host: string;
  port: number;
  context: (req: IncomingMessage) => Promise<TContext>;
  routes?: Routes;
  /** Largest request body accepted, in bytes; larger ones are answered 413 without being read. */
  maxBodyBytes?: number;
  /**
   * Runs first for every GraphQL request: may set response headers (CORS), or answer the request itself
   * (a preflight, a refusal) and return true to stop there.
   */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export class PayloadTooLargeError extends Error {
  override name = "PayloadTooLargeError";
}

/**
 * Serves an already started ApolloServer on node:http at `/graphql`. Kept this small on purpose: the same
 * code fronts the gateway and both subgraphs, and owns body limits and extra routes in one place.
 */
export async function serveApollo<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  { host, port, context, routes = {}, maxBodyBytes = 100_000, intercept }: ServeOptions<TContext>,
): Promise<Listening> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const route = routes[`${req.method} ${url.pathname}`];
      if (route) return await route(req, res);
      if (url.pathname !== "/graphql") return sendJson(res, 404, { error: "Not found" });
      if (intercept?.(req, res)) return;

      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      const body = req.method === "POST" ? await readJsonBody(req, maxBodyBytes) : undefined;
      const contextThunk: ContextThunk<TContext> = () => context(req);
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? "GET", headers, search: url.search, body },
        context: contextThunk,
      });
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (error instanceof PayloadTooLargeError)
        return sendJson(res, 413, {
          errors: [{ message: error.message, extensions: { code: "PAYLOAD_TOO_LARGE" } }],
        });
      if (error instanceof SyntaxError)
        return sendJson(res, 400, {
          errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }],
        });
      sendJson(res, 500, {
        errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      });
    }
  });
  // Keep-alive sockets would otherwise hold close() open for the full idle timeout.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** Headers the gateway sets on its requests to subgraphs, and nothing else crosses (see gateway/server.ts). */
export const SECRET_HEADER = "x-subgraph-secret";
export const VIEWER_HEADER = "x-viewer";
export const CLIENT_ADDRESS_HEADER = "x-client-address";
export const CLIENT_USER_AGENT_HEADER = "x-client-user-agent";

export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) throw new PayloadTooLargeError(`Request body exceeds ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError(`Request body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  // Apollo answers a missing body itself; only JSON bodies are parsed (CSRF prevention relies on the content type).
  if (text === "" || !String(req.headers["content-type"] ?? "").includes("json")) return text || undefined;
  return JSON.parse(text);
}
