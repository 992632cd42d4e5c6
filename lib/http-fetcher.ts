import { Agent, request } from "node:http";
import type { Fetcher, FetcherResponse } from "@apollo/utils.fetcher";

/**
 * A fetch on node:http with keep-alive, for calls between our own services (gateway to subgraphs, worker
 * to gateway): plain HTTP on a private network with small JSON bodies. Node's `fetch` (undici) spends most
 * of its time there on WHATWG streams it has no use for, and the gateway's default make-fetch-happen adds
 * a cache layer on top. Profiled on the click path, this roughly halves the gateway's CPU per subgraph call.
 */
export function createHttpFetcher({ maxSockets = 128 }: { maxSockets?: number } = {}): Fetcher {
  const agent = new Agent({ keepAlive: true, maxSockets });
  return (url, init = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const target = new URL(url);
      const req = request(
        {
          agent,
          protocol: target.protocol,
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: init.method ?? "GET",
          headers: init.headers,
          signal: init.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () =>
            resolve(
              bufferedResponse(
                url,
                res.statusCode ?? 0,
                res.statusMessage ?? "",
                res.headers,
                Buffer.concat(chunks),
              ),
            ),
          );
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
}

function bufferedResponse(
  url: string,
  status: number,
  statusText: string,
  rawHeaders: NodeJS.Dict<string | string[]>,
  body: Buffer,
): FetcherResponse {
  const headers = new Headers();
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const response: FetcherResponse = {
    bodyUsed: false,
    url,
    redirected: false,
    status,
    ok: status >= 200 && status < 300,
    statusText,
    headers,
    arrayBuffer: async () =>
      body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    text: async () => body.toString("utf8"),
    json: async () => JSON.parse(body.toString("utf8")),
    clone: () => bufferedResponse(url, status, statusText, rawHeaders, body),
  };
  return response;
}
