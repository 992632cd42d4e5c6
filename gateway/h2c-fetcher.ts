import { type ClientHttp2Session, connect, constants, type IncomingHttpHeaders } from "node:http2";
import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";
import { completeResponse, TimeoutError } from "../lib/runtime/http-fetcher.ts";

/**
 * A fetch over HTTP/2 cleartext with prior knowledge (h2c), for subgraphs that declare it
 * (`transport: h2c` in supergraph.yaml; see lib/runtime/http-server.ts for the serving side). Every request to one
 * origin is a stream on one long-lived connection: its own headers, status and body, no batching of its
 * own, and no connection pool to size. A connection that fails or is told to go away is dropped, and the
 * next request opens a new one.
 */
export function createH2cFetcher({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): Fetcher {
  const sessions = new Map<string, ClientHttp2Session>();
  const failures = new WeakMap<ClientHttp2Session, unknown>();

  const sessionFor = (origin: string): ClientHttp2Session => {
    const open = sessions.get(origin);
    if (open && !open.closed && !open.destroyed) return open;
    const session = connect(origin);
    const forget = () => {
      if (sessions.get(origin) === session) sessions.delete(origin);
    };
    // A failed connection fails the requests on it (each gets the error); the next request reconnects.
    session.on("error", (error) => {
      failures.set(session, error);
      forget();
    });
    session.on("goaway", forget);
    session.on("close", forget);
    // Idle connections must not keep a stopping process alive.
    session.unref();
    sessions.set(origin, session);
    return session;
  };

  return (url, init = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const target = new URL(url);
      const session = sessionFor(target.origin);
      const stream = session.request(
        {
          ...(init.headers as Record<string, string> | undefined),
          [constants.HTTP2_HEADER_METHOD]: init.method ?? "GET",
          [constants.HTTP2_HEADER_PATH]: `${target.pathname}${target.search}`,
        },
        { signal: init.signal ?? undefined },
      );
      const timer = setTimeout(() => {
        stream.close(constants.NGHTTP2_CANCEL);
        reject(new TimeoutError(`${target.host} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      let status = 0;
      let headers: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.on("response", (received) => {
        status = Number(received[constants.HTTP2_HEADER_STATUS]);
        headers = received;
      });
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => {
        clearTimeout(timer);
        // A stream cancelled because its connection failed reports that failure (ECONNREFUSED and the
        // like), as a refused HTTP/1.1 request would.
        reject(failures.get(session) ?? (error as { cause?: unknown }).cause ?? error);
      });
      stream.on("end", () => {
        clearTimeout(timer);
        const plain = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(":")));
        resolve(completeResponse(url, status, plain, { text: Buffer.concat(chunks).toString("utf8") }));
      });
      stream.end(init.body ?? undefined);
    });
}
