import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { Fetcher } from "@apollo/utils.fetcher";
import type { Span } from "@opentelemetry/api";
import { GraphQLError } from "graphql";
import { encodeViewer, type Viewer } from "../lib/auth.ts";
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_USER_AGENT_HEADER,
  SECRET_HEADER,
  VIEWER_HEADER,
} from "../lib/subgraph-contract.ts";
import { inSpan, type RequestTrace, traceHeaders } from "../lib/tracing.ts";
import { isJsonContentType, TimeoutError } from "../lib/transport/http-fetcher.ts";
import type { GatewayMetrics } from "./metrics.ts";

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource["process"]>>;

/** What the gateway knows of the caller and passes on to subgraphs. */
export interface GatewayContext {
  viewer: Viewer;
  clientAddress: string;
  userAgent?: string;
  /** The request's span and trace id: each subgraph call is a child span and carries its traceparent. */
  trace: RequestTrace;
}

/**
 * How the gateway calls one subgraph: a GraphQL POST through `fetcher` (the batching one in production).
 *
 * This is the gateway's documented `GraphQLDataSource` extension point, written out rather than
 * `RemoteGraphQLDataSource` extended: that class builds node-fetch `Headers` and a `Request` object on
 * every call for hooks this gateway does not use, which profiled at about a tenth of the gateway's CPU
 * per click. A 502, 503 or 504 (the subgraph or its balancer saying "not now") reaches the client as
 * `SERVICE_UNAVAILABLE`; any other non-2xx answer becomes a {@link SubgraphError}, logged and answered as
 * an internal error, never with a code of the client's (a subgraph's 401 is about the shared secret, not
 * the client's token); a network failure is thrown as it is.
 *
 * Requests carry exactly these headers: the shared secret, the verified viewer, the storefront's address
 * and user agent (for click ingestion) and trace context. The caller's own headers (cookies,
 * Authorization, anything else) never reach a subgraph.
 */
export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly fetcher: Fetcher,
    private readonly secret: string,
    private readonly metrics?: Pick<GatewayMetrics, "observeFetch">,
  ) {}

  async process({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const { query, variables, operationName, extensions } = request;
    if (!query) throw new Error("Missing query");
    const started = performance.now();
    let outcome = "error";
    try {
      const answer = await inSpan(
        `subgraph ${this.name}`,
        context.trace?.span,
        { "subgraph.name": this.name },
        (span) => this.fetch(context, span, JSON.stringify({ query, variables, operationName, extensions })),
      );
      outcome = answer.outcome;
      return answer.body;
    } catch (error) {
      outcome = error instanceof SubgraphError ? `http_${error.status}` : outcomeOf(error);
      throw error;
    } finally {
      this.metrics?.observeFetch(this.name, outcome, (performance.now() - started) / 1000);
    }
  }

  private async fetch(context: Partial<GatewayContext>, span: Span, request: string) {
    const response = await this.fetcher(this.url, {
      method: "POST",
      headers: this.headersFor(context, span),
      body: request,
    }).catch((error: unknown) => {
      // Past its deadline, or unreachable: the client may try again (503), and learns nothing internal.
      if (error instanceof TimeoutError || isConnectionRefusal(error))
        throw new GraphQLError("A service this request needs did not answer in time; nothing was recorded", {
          extensions: { code: "SERVICE_UNAVAILABLE" },
        });
      throw error;
    });
    const body = isJsonContentType(response.headers.get("content-type"))
      ? await response.json()
      : await response.text();
    // The subgraph, or the balancer in front of it, saying "not now" (no server up, a timeout): nothing was
    // done, and the client may try again, as when the subgraph does not answer at all.
    if (response.status === 502 || response.status === 503 || response.status === 504)
      throw new GraphQLError("A service this request needs is unavailable; nothing was recorded", {
        extensions: { code: "SERVICE_UNAVAILABLE" },
      });
    if (!response.ok) {
      // The gateway's own problem (a subgraph down, or refusing the shared secret), never the client's:
      // no code of the client's (a 401 here is not about its token), and the subgraph's address and answer
      // go to the log only (formatError answers "Internal server error").
      throw new SubgraphError(
        `${this.url} answered ${response.status} ${response.statusText}: ${JSON.stringify(body).slice(0, 500)}`,
        response.status,
      );
    }
    if (typeof body !== "object" || body === null)
      throw new Error(`Expected a JSON answer from ${this.url}, got: ${String(body).slice(0, 200)}`);
    return { body: body as SubgraphResponse, outcome: "ok" };
  }

  private headersFor(context: Partial<GatewayContext>, span: Span): Record<string, string> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      [SECRET_HEADER]: this.secret,
    };
    // Every request has a viewer: a client's, or the service viewer of the gateway's own operations
    // (own-operation.ts: platform webhooks and their sweep). Without one, it would go as anonymous.
    if (!context.viewer) return headers;
    headers[VIEWER_HEADER] = encodeViewer(context.viewer);
    headers[CLIENT_ADDRESS_HEADER] = context.clientAddress ?? "";
    if (context.userAgent) headers[CLIENT_USER_AGENT_HEADER] = context.userAgent;
    return context.trace ? Object.assign(headers, traceHeaders(context.trace, span)) : headers;
  }
}

/** How a failed call is counted: past its deadline, nobody listening, or anything else. */
function outcomeOf(error: unknown): string {
  const code = (error as { extensions?: { code?: string } })?.extensions?.code;
  if (code !== "SERVICE_UNAVAILABLE") return "error";
  return error instanceof GraphQLError && /did not answer in time/.test(error.message)
    ? "timeout"
    : "unavailable";
}

function isConnectionRefusal(error: unknown): boolean {
  return /^(ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH)$/.test(String((error as { code?: unknown })?.code));
}

/** A subgraph answered with an error status: what and where, for the log only. */
export class SubgraphError extends Error {
  override name = "SubgraphError";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
