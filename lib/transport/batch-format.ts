import { MAX_SUBGRAPH_BODY_BYTES } from "../subgraph-contract.ts";
import { isJsonContentType } from "./http-fetcher.ts";

/**
 * Subgraph request batching. Under load the gateway sends many small requests to the same subgraph at
 * once (every storefront click is one), and each HTTP exchange costs both processes a request to parse,
 * an answer to write and socket writes, which on a small VM are a large share of all the CPU spent. So
 * the requests the gateway makes to one subgraph in the same turn of its event loop travel together, up
 * to 16 to an exchange (`SEND_AT` in lib/transport/batch-client.ts). Each keeps its own headers and gets its own status and body; the
 * subgraph runs them concurrently, exactly as if they had come one by one. A request alone in its turn
 * goes out as it is.
 *
 * This module is the wire format, shared by the gateway (lib/transport/batch-client.ts sends batches) and
 * the subgraphs (lib/transport/batch-server.ts answers them).
 *
 * Wire format (POST to the subgraph's GraphQL path, content type {@link BATCH_CONTENT_TYPE}):
 *   request  {"requests": [{"headers": {name: value}, "body": <GraphQL request>}, ...]}
 *   answer   {"answers": [{"status": 200, "contentType": "...", "body": <JSON answer>}, ...]}
 * An answer that is not JSON comes as `"text": "..."` instead of `"body"`.
 */
export const BATCH_CONTENT_TYPE = "application/vnd.subgraph-batch+json";

/** Most requests a subgraph takes in one batch. */
export const MAX_BATCH = 100;

/** Largest batch body a subgraph reads; the gateway splits its batches to stay under it. */
export const MAX_BATCH_BYTES = MAX_SUBGRAPH_BODY_BYTES;

export class BatchFormatError extends Error {
  override name = "BatchFormatError";
}

export interface BatchedRequest {
  headers: Record<string, string>;
  body: unknown;
}

export interface BatchedAnswer {
  status: number;
  contentType: string;
  /** The answer's body as the server wrote it. */
  text: string;
}

/** Reads a batch as a subgraph receives it; a malformed one is refused whole. */
export function parseBatch(text: string): BatchedRequest[] {
  const requests = (JSON.parse(text) as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0 || requests.length > MAX_BATCH)
    throw new BatchFormatError(`A batch holds 1 to ${MAX_BATCH} requests`);
  return requests.map((request: { headers?: unknown; body?: unknown } | null) => {
    const headers = request?.headers;
    const body = request?.body;
    if (!isStringRecord(headers) || typeof body !== "object" || body === null)
      throw new BatchFormatError("Each batched request needs headers (name to string) and a JSON body");
    return {
      headers: Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
      ),
      body,
    };
  });
}

/** The answers to a batch, in its order. JSON answers are embedded as written, not parsed and re-encoded. */
export function batchAnswersBody(answers: readonly BatchedAnswer[]): string {
  const parts = answers.map(({ status, contentType, text }) => {
    const body = isJsonContentType(contentType) ? `"body":${text}` : `"text":${JSON.stringify(text)}`;
    return `{"status":${status},"contentType":${JSON.stringify(contentType)},${body}}`;
  });
  return `{"answers":[${parts.join(",")}]}`;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === "string")
  );
}
