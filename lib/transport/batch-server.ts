import type { HTTPGraphQLResponse } from "@apollo/server";
import { type BatchedAnswer, type BatchedRequest, batchAnswersBody, parseBatch } from "./batch-format.ts";

/**
 * The subgraph's side of request batching: every request of a batch body run at once, as if each had come
 * on its own (`run` is the server's own handling of one request), and their answers as one batch body. A
 * malformed batch throws `BatchFormatError`, which the server answers 400.
 */
export async function answerBatch(
  text: string,
  run: (request: BatchedRequest) => Promise<HTTPGraphQLResponse>,
): Promise<string> {
  const answers = await Promise.all(parseBatch(text).map(async (request) => answerOf(await run(request))));
  return batchAnswersBody(answers);
}

/** A GraphQL answer as one batch element: Apollo's JSON text goes in as it is, not parsed and re-encoded. */
async function answerOf(response: HTTPGraphQLResponse): Promise<BatchedAnswer> {
  let text = "";
  if (response.body.kind === "complete") text = response.body.string;
  else for await (const chunk of response.body.asyncIterator) text += chunk;
  return { status: response.status ?? 200, contentType: response.headers.get("content-type") ?? "", text };
}
