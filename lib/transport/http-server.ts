import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { type ApolloServer, type BaseContext, HeaderMap } from "@apollo/server";
import type { Logger } from "../logger.ts";
import { startRequestTrace } from "../tracing.ts";
import { BATCH_CONTENT_TYPE, BatchFormatError, MAX_BATCH_BYTES } from "./batch-format.ts";
import { answerBatch } from "./batch-server.ts";

/** Extra plain-HTTP routes beside GraphQL (health checks and the like), keyed by `METHOD /path`. */
export type Routes = Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>;

/** What a GraphQL request's context is made from: its own headers and the address it came from. */
export interface RequestInfo {
  headers: IncomingHttpHeaders;
  remoteAddress: string | undefined;
}

export interface ServeOptions<TContext extends BaseContext> {
  host: string;
  port: number;
  context: (request: RequestInfo) => Promise<TContext>;
  routes?: Routes;
  /** Largest request body accepted, in bytes; larger ones are answered 413 without being read. */
  maxBodyBytes?: number;
  /**
   * Runs first for every GraphQL request: may set response headers (CORS), or answer the request itself
   * (a preflight, a refusal) and return true to stop there.
   */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /**
   * Also accept several GraphQL requests in one exchange (lib/transport/batch-*.ts), as the gateway sends them
   * to subgraphs. Only for services that answer the gateway alone: `intercept` must refuse everyone else.
   */
  acceptBatches?: boolean;
  /** Where a request that fails outside GraphQL (a bug in a route) is logged, with its trace id. */
  log?: Logger;
  /**
   * Most GraphQL requests (a batch counts once) in flight at once; beyond it, 503 with `Retry-After` at
   * once. Each waiting request holds memory until it is answered: in a stall that grows with the arrival
   * rate unless bounded here.
   */
  maxInFlight?: number;
  /** Told of each request refused because `maxInFlight` were in flight. */
  onShed?: () => void;
}

export interface Listening {
  /** The HTTP/1.1 server (its connections and timeouts). */
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
  {
    host,
    port,
    context,
    routes = {},
    maxBodyBytes = 100_000,
    intercept,
    acceptBatches,
    log,
    maxInFlight = DEFAULT_MAX_IN_FLIGHT,
    onShed,
  }: ServeOptions<TContext>,
): Promise<Listening> {
  const execute = (request: RequestInfo, method: string, search: string, body: unknown) => {
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    return apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search, body },
      context: () => context(request),
    });
  };

  let inFlight = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let counted = false;
    try {
      // Split by hand, not with `new URL`: this runs for every click, and only the path and query are used.
      const target = req.url ?? "/";
      const queryAt = target.indexOf("?");
      const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
      const search = queryAt < 0 ? "" : target.slice(queryAt);
      const route = routes[`${req.method} ${pathname}`];
      if (route) return await route(req, res);
      if (pathname !== "/graphql") return sendJson(res, 404, { error: "Not found" });
      if (intercept?.(req, res)) return;
      if (inFlight >= maxInFlight) {
        onShed?.();
        req.resume();
        res.setHeader("retry-after", "1");
        return sendJson(res, 503, {
          errors: [
            {
              message: "Too many requests in flight; try again shortly",
              extensions: { code: "SERVICE_UNAVAILABLE" },
            },
          ],
        });
      }
      inFlight++;
      counted = true;

      const remoteAddress = req.socket.remoteAddress;
      if (acceptBatches && req.method === "POST" && headerOf(req, "content-type") === BATCH_CONTENT_TYPE) {
        const answers = await answerBatch(await readBody(req, MAX_BATCH_BYTES), ({ headers, body }) =>
          execute({ headers, remoteAddress }, "POST", "", body),
        );
        res.writeHead(200, { "content-type": BATCH_CONTENT_TYPE });
        return void res.end(answers);
      }
      const text = req.method === "POST" ? await readBody(req, maxBodyBytes) : "";
      const response = await execute(
        { headers: req.headers, remoteAddress },
        req.method ?? "GET",
        search,
        jsonBodyOf(req, text),
      );
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === "complete") return void res.end(response.body.string);
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (error instanceof PayloadTooLargeError) {
        // Answered at once; the rest of the body is read and discarded, for at most a second. A body still
        // arriving then closes the connection: closing it sooner, with unread data, would reset it and the
        // client would lose the 413 (so no `connection: close`, which makes Node close it as soon as the
        // answer is out). A body that arrived in full leaves the connection open as any other: the client
        // may already be sending its next request on it.
        req.resume();
        setTimeout(() => req.complete || req.socket.destroy(), 1_000).unref();
        return sendJson(res, 413, {
          errors: [{ message: error.message, extensions: { code: "PAYLOAD_TOO_LARGE" } }],
        });
      }
      if (error instanceof BatchFormatError || error instanceof SyntaxError)
        return sendJson(res, 400, {
          errors: [
            {
              message: error instanceof BatchFormatError ? error.message : "Request body is not valid JSON",
              extensions: { code: "BAD_REQUEST" },
            },
          ],
        });
      log?.error("request failed", {
        error,
        method: req.method,
        path: req.url?.split("?")[0],
        traceId: startRequestTrace("failed request", req.headers).traceId,
      });
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, {
        errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
      });
    } finally {
      if (counted) inFlight--;
    }
  };
  const server = createServer(handle);
  // Keep-alive sockets would otherwise hold close() open for the full idle timeout.
  server.keepAliveTimeout = 5_000;
  // Node's defaults let a client dribble headers for a minute and a body for five: a slow client holds a
  // socket and its memory only this long.
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
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

/** Requests in flight per process unless a service says otherwise (MAX_REQUESTS_IN_FLIGHT). */
export const DEFAULT_MAX_IN_FLIGHT = 1_024;

/** How long a client may take to send a request's headers, and its whole request. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;

export function headerOf(request: { headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  // A length, not chunks: writeHead fixes the headers before Node could count the body itself.
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** A request body as text, refused with {@link PayloadTooLargeError} past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBytes(req, limit)).toString("utf8");
}

/** A request body's bytes as sent (what a signature covers), refused past `limit` bytes. */
export function readBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit)
    return Promise.reject(new PayloadTooLargeError(`Request body exceeds ${limit} bytes`));
  // Plain events rather than `for await`: this runs for every request, and the async iterator costs more.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Refused as soon as it passes the limit: a chunked body of any size is not read to its end.
      req.removeAllListeners("data");
      req.pause();
      reject(new PayloadTooLargeError(`Request body exceeds ${limit} bytes`));
    });
    req.on("error", reject);
    req.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

/** Apollo answers a missing body itself; only JSON bodies are parsed (CSRF prevention relies on the content type). */
function jsonBodyOf(req: IncomingMessage, text: string): unknown {
  if (text === "" || !String(req.headers["content-type"] ?? "").includes("json")) return text || undefined;
  return JSON.parse(text);
}
