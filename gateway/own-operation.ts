import type { ApolloServer } from "@apollo/server";
import { startRequestTrace } from "../lib/tracing.ts";
import type { GatewayContext } from "./subgraph-source.ts";

export interface OwnOperationResult<T> {
  data?: T;
  /** The first error, when there is one. */
  error?: { message: string; code?: string };
}

/**
 * An operation the gateway runs for itself (a store key's lookup, a provider's or a platform's webhook),
 * as the unscoped service, through the same plan, subgraph deadlines and error masking as any request.
 */
export async function runOwnOperation<T>(
  apollo: ApolloServer<GatewayContext>,
  what: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<OwnOperationResult<T>> {
  const result = await apollo.executeOperation(
    { query, variables },
    { contextValue: { viewer: { kind: "service" }, clientAddress: "", trace: startRequestTrace(what, {}) } },
  );
  const body = result.body.kind === "single" ? result.body.singleResult : undefined;
  const failure = body?.errors?.[0];
  return {
    data: (body?.data ?? undefined) as T | undefined,
    error: failure && {
      message: failure.message,
      code: typeof failure.extensions?.code === "string" ? failure.extensions.code : undefined,
    },
  };
}
