import type { ApolloServerPlugin } from "@apollo/server";
import { Counter, Histogram, type Registry } from "prom-client";
import { boundedLabel, LATENCY_BUCKETS } from "../lib/metrics.ts";

/** Error codes that mean the client asked for something it may not or cannot have, not a failure of ours. */
const REJECTED = new Set([
  "BAD_USER_INPUT",
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "COST_LIMIT_EXCEEDED",
  "PERSISTED_QUERY_NOT_FOUND",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * What the gateway counts: every GraphQL request by operation name and outcome (`ok`, `rejected`: the
 * client's mistake or lack of rights, `unavailable`: shed or past a deadline, answered 503, `error`:
 * ours), with its latency; every subgraph fetch by subgraph and outcome, with its latency; and requests
 * refused by the per-address rate limit.
 */
export function gatewayMetrics(registry: Registry) {
  const requests = new Counter({
    name: "gateway_graphql_requests_total",
    help: "GraphQL requests answered by the gateway, by operation name and outcome",
    labelNames: ["operation", "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "gateway_graphql_request_duration_seconds",
    help: "Time from a GraphQL request's start to its answer, by operation name and outcome",
    labelNames: ["operation", "outcome"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fetches = new Histogram({
    name: "gateway_subgraph_fetch_duration_seconds",
    help: "Calls from the gateway to a subgraph, by subgraph and outcome (ok, http_<status>, timeout, unreachable, error)",
    labelNames: ["subgraph", "outcome"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: "gateway_rate_limited_total",
    help: "Requests refused with 429 by a rate limit (anonymous ones per address, tokens per store)",
    registers: [registry],
  });
  const shed = new Counter({
    name: "gateway_shed_total",
    help: "Requests answered 503 at once because MAX_REQUESTS_IN_FLIGHT were in flight",
    registers: [registry],
  });
  // Operation names come from clients: at most 200 distinct ones are kept as labels.
  const operation = boundedLabel(200);

  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ operationName, response }) {
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((error) => String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
          const outcome =
            codes.length === 0
              ? "ok"
              : codes.includes("SERVICE_UNAVAILABLE")
                ? "unavailable"
                : codes.every((code) => REJECTED.has(code))
                  ? "rejected"
                  : "error";
          const labels = { operation: operation(operationName), outcome };
          requests.inc(labels);
          duration.observe(labels, (performance.now() - started) / 1000);
        },
      };
    },
  };

  return {
    plugin,
    observeFetch: (subgraph: string, outcome: string, seconds: number) =>
      fetches.observe({ subgraph, outcome }, seconds),
    rateLimited: () => rateLimited.inc(),
    shed: () => shed.inc(),
  };
}

export type GatewayMetrics = ReturnType<typeof gatewayMetrics>;
