import { issueToken } from "../lib/auth.ts";
import { createHttpFetcher } from "../lib/runtime/http-fetcher.ts";
import { activeTraceHeaders } from "../lib/tracing.ts";
import type { TypedDocumentString } from "./generated/operations.ts";

/** Where the worker reads the graph, and the key ring its service token is signed with. */
export interface GatewaySettings {
  gatewayUrl: string;
  /** Signs the job's service token and the dashboard links (AUTH_SECRET's key ring). */
  authSecret: string;
}

// The worker asks the gateway hundreds of times a minute in a weekly run: over keep-alive node:http, with
// a service token signed once and reused for half its life rather than signed per report.
// A report waits on four subgraph fetches in turn, each with its own deadline at the gateway.
const fetchGateway = createHttpFetcher({ maxSockets: 32, timeoutMs: 30_000 });
const TOKEN_SECONDS = 600;
let serviceToken: { secret: string; value: Promise<string>; renewAt: number } | undefined;

function tokenFor(secret: string): Promise<string> {
  if (!serviceToken || serviceToken.secret !== secret || Date.now() >= serviceToken.renewAt) {
    const value = issueToken(secret, { kind: "service" }, TOKEN_SECONDS);
    serviceToken = { secret, value, renewAt: Date.now() + (TOKEN_SECONDS / 2) * 1_000 };
    value.catch(() => {
      serviceToken = undefined;
    });
  }
  return serviceToken.value;
}

interface GatewayError {
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
      authorization: `Bearer ${await tokenFor(settings.authSecret)}`,
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
