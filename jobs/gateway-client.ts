import { issueWorkerToken, type ServiceScope } from "../lib/auth.ts";
import { activeTraceHeaders } from "../lib/tracing.ts";
import { createHttpFetcher } from "../lib/transport/http-fetcher.ts";
import type { TypedDocumentString } from "./generated/operations.ts";

/** Where the worker reads the graph, the key ring its tokens are signed with, and what a job may ask. */
export interface GatewaySettings {
  gatewayUrl: string;
  /** Signs the job's service token and the email links (LINK_SECRET's key ring; the worker has no other). */
  linkSecret: string;
  /** The operations of the job asking: its token names these only. */
  scopes: readonly ServiceScope[];
}

// The worker asks the gateway hundreds of times a minute in a weekly run: over keep-alive node:http, with
// a service token signed once per job kind and reused for half its life rather than signed per report.
// A report waits on four subgraph fetches in turn, each with its own deadline at the gateway.
const fetchGateway = createHttpFetcher({ maxSockets: 32, timeoutMs: 30_000 });
const TOKEN_SECONDS = 600;
const serviceTokens = new Map<string, { value: Promise<string>; renewAt: number }>();

function tokenFor({ linkSecret, scopes }: GatewaySettings): Promise<string> {
  const key = `${scopes.join("+")}/${linkSecret}`;
  let token = serviceTokens.get(key);
  if (!token || Date.now() >= token.renewAt) {
    const value = issueWorkerToken(linkSecret, scopes, TOKEN_SECONDS);
    token = { value, renewAt: Date.now() + (TOKEN_SECONDS / 2) * 1_000 };
    serviceTokens.set(key, token);
    value.catch(() => serviceTokens.delete(key));
  }
  return token.value;
}

export interface GatewayError {
  message: string;
  path?: (string | number)[];
}

/** One operation through the gateway as the service; throws unless it answered data and no errors. */
export async function queryGateway<TResult, TVariables>(
  settings: GatewaySettings,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const { data, errors } = await queryGatewayPartially(settings, document, variables);
  if (errors.length > 0 || !data) throw gatewayError(errors);
  return data;
}

/** One operation through the gateway as the service: what data it answered, and its errors. */
export async function queryGatewayPartially<TResult, TVariables>(
  settings: GatewaySettings,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<{ data: TResult | undefined; errors: GatewayError[] }> {
  const response = await fetchGateway(settings.gatewayUrl, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${await tokenFor(settings)}`,
      // The send job's trace continues through the gateway and the subgraphs.
      ...activeTraceHeaders(),
    },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: GatewayError[] };
  const errors = body.errors ?? [];
  if (!body.data && errors.length === 0) errors.push({ message: `answered ${response.status} with no data` });
  return { data: body.data ?? undefined, errors };
}

export function gatewayError(errors: GatewayError[]): Error {
  return new Error(`gateway answered: ${errors.map((error) => error.message).join("; ")}`);
}
