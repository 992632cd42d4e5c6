import type { Fetcher, FetcherRequestInit, FetcherResponse } from "@apollo/utils.fetcher";
import { BATCH_CONTENT_TYPE, MAX_BATCH_BYTES } from "./batch-format.ts";
import { completeResponse, isJsonContentType } from "./http-fetcher.ts";

/**
 * A batch goes out as soon as it holds this many requests, without waiting for the end of the turn, so
 * the subgraph starts on it while the gateway still reads the rest of a busy turn. Waiting for the whole
 * turn had the two processes take 64 clicks in turns, each idle while the other worked: sending every 16
 * measured about 5% more clicks a second through the gateway (three runs each way, same machine).
 */
export const SEND_AT = 16;

/** The batch's own framing (`{"requests":[...]}`) beside its parts. */
const BATCH_FRAMING_BYTES = 64;

interface Waiting {
  init: FetcherRequestInit & { body: string; headers: Record<string, string> };
  resolve: (response: FetcherResponse) => void;
  reject: (error: unknown) => void;
}

/** One request as a batch carries it: its own headers (not the shared ones) and its body. */
function partOf(init: Waiting["init"], sharedHeaders: string[]): string {
  const own = Object.fromEntries(
    Object.entries(init.headers).filter(([name]) => !sharedHeaders.includes(name)),
  );
  return `{"headers":${JSON.stringify(own)},"body":${init.body}}`;
}

/**
 * The gateway's side of subgraph request batching (the format: lib/transport/batch-format.ts). Wraps
 * `fetcher` so that JSON POSTs to the same URL made in the same turn of the event loop go out in
 * batches: at the end of the turn, or as soon as {@link SEND_AT} are waiting. `sharedHeaders` (the subgraph secret) are the same on every request: they travel once, on the
 * batch itself. Requests that differ in them, or that are not JSON POSTs, go out one by one.
 */
export function batchingFetcher(fetcher: Fetcher, { sharedHeaders }: { sharedHeaders: string[] }): Fetcher {
  const waiting = new Map<string, Waiting[]>();
  /** Subgraphs that refused a batch as a format they do not know. */
  const unbatched = new Set<string>();

  const flush = (url: string) => {
    const queue = waiting.get(url) ?? [];
    waiting.delete(url);
    let batch: Waiting[] = [];
    let bytes = BATCH_FRAMING_BYTES;
    for (const item of queue) {
      // Sized by what it really adds, its own headers (a user agent can be 14 kB) included: one large
      // request must not push its neighbours' batch past what the subgraph reads.
      const size = Buffer.byteLength(partOf(item.init, sharedHeaders)) + 1;
      if (BATCH_FRAMING_BYTES + size > MAX_BATCH_BYTES) {
        void send(url, [item]); // too large to share a batch: it goes, and fails or not, alone
        continue;
      }
      if (batch.length > 0 && bytes + size > MAX_BATCH_BYTES) {
        void send(url, batch);
        batch = [];
        bytes = BATCH_FRAMING_BYTES;
      }
      batch.push(item);
      bytes += size;
    }
    void send(url, batch);
  };

  const send = async (url: string, batch: Waiting[]) => {
    const [first] = batch;
    if (!first) return;
    const sameShared = batch.every(({ init }) =>
      sharedHeaders.every((name) => init.headers[name] === first.init.headers[name]),
    );
    if (batch.length === 1 || !sameShared) {
      for (const { init, resolve, reject } of batch) fetcher(url, init).then(resolve, reject);
      return;
    }
    const shared = Object.fromEntries(
      sharedHeaders.flatMap((name) => (first.init.headers[name] ? [[name, first.init.headers[name]]] : [])),
    );
    const parts = batch.map(({ init }) => partOf(init, sharedHeaders));
    try {
      const response = await fetcher(url, {
        method: "POST",
        headers: { ...shared, "content-type": BATCH_CONTENT_TYPE },
        body: `{"requests":[${parts.join(",")}]}`,
      });
      // A server that does not know the format (400 or 415: a subgraph declared `batch` by mistake, or
      // replaced by one that is not this project's) gets these requests, and every later one, alone.
      if (response.status === 400 || response.status === 415) {
        unbatched.add(url);
        for (const { init, resolve, reject } of batch) fetcher(url, init).then(resolve, reject);
        return;
      }
      // Refused as a whole (no secret, too large, the service failing): each request gets that answer,
      // as it would have alone.
      if (response.headers.get("content-type") !== BATCH_CONTENT_TYPE) {
        for (const { resolve } of batch) resolve(response.clone());
        return;
      }
      const { answers } = (await response.json()) as { answers: BatchedAnswerJson[] };
      batch.forEach(({ resolve }, index) => {
        const answer = answers[index];
        if (!answer)
          throw new Error(`The batch to ${url} came back with ${answers.length} of ${batch.length} answers`);
        resolve(
          completeResponse(
            url,
            answer.status,
            { "content-type": answer.contentType },
            "body" in answer ? { json: answer.body } : { text: answer.text },
          ),
        );
      });
    } catch (error) {
      // A request already answered ignores this; the others fail as they would have alone.
      for (const { reject } of batch) reject(error);
    }
  };

  return (url, init = {}) => {
    const headers = init.headers as Record<string, string> | undefined;
    if (
      init.method !== "POST" ||
      typeof init.body !== "string" ||
      !headers ||
      !isJsonContentType(headers["content-type"]) ||
      unbatched.has(url)
    )
      return fetcher(url, init);
    return new Promise<FetcherResponse>((resolve, reject) => {
      let queue = waiting.get(url);
      if (!queue) {
        queue = [];
        waiting.set(url, queue);
        // After the I/O callbacks of this turn: every request they make joins the batch.
        setImmediate(flush, url);
      }
      queue.push({ init: { ...init, body: init.body as string, headers }, resolve, reject });
      if (queue.length >= SEND_AT) flush(url);
    });
  };
}

type BatchedAnswerJson = { status: number; contentType: string } & ({ body: unknown } | { text: string });
