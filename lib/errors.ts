import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "./logger.ts";
import { failSpan, type RequestTrace } from "./tracing.ts";
import { InvalidDateError } from "./week.ts";

/** An error a client caused or can act on; its code becomes `extensions.code`. */
export class DomainError extends Error {
  constructor(
    readonly code:
      | "NOT_FOUND"
      | "BAD_USER_INPUT"
      | "FORBIDDEN"
      | "UNAUTHENTICATED"
      | "SERVICE_UNAVAILABLE"
      | "TOO_MANY_REQUESTS"
      | "COST_LIMIT_EXCEEDED",
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super("NOT_FOUND", message);
  }
}

/**
 * The service cannot take the request now (overloaded, or its database did not answer in time): nothing
 * was written or acknowledged; the gateway answers it with HTTP 503 and `Retry-After`.
 */
export class UnavailableError extends DomainError {
  constructor(message = "The service is busy; nothing was recorded. Try again shortly.") {
    super("SERVICE_UNAVAILABLE", message);
  }
}

export class BadInputError extends DomainError {
  constructor(message: string) {
    super("BAD_USER_INPUT", message);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else is the client's mistake, answered before it reaches the database. */
export function assertId(value: string, what: string): string {
  if (!UUID.test(value)) throw new BadInputError(`${what} "${value.slice(0, 64)}" is not a valid id`);
  return value.toLowerCase();
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The calendar every stored instant must fall in: PostgreSQL refuses year 0, and JavaScript years past 9999. */
const FIRST_INSTANT = Date.parse("0001-01-01T00:00:00Z");
const END_OF_CALENDAR = Date.parse("+010000-01-01T00:00:00Z");

/**
 * An ISO 8601 instant with its offset (`2026-11-18T12:00:00Z`) within years 1 to 9999; anything else is the
 * client's mistake.
 */
export function assertInstant(value: string, what: string): Date {
  const instant = new Date(value);
  if (!INSTANT.test(value) || Number.isNaN(instant.getTime()))
    throw new BadInputError(`${what} "${value.slice(0, 64)}" is not an ISO 8601 instant with an offset`);
  if (instant.getTime() < FIRST_INSTANT || instant.getTime() >= END_OF_CALENDAR)
    throw new BadInputError(`${what} "${value.slice(0, 64)}" is outside years 1 to 9999`);
  return instant;
}

export const MAX_TOP = 50;

/** `first` of a top-N field: a small positive count, so one request cannot ask for a whole table. */
export function assertFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_TOP) {
    throw new BadInputError(`"first" must be between 1 and ${MAX_TOP}, not ${first}`);
  }
  return first;
}

/** Whether a GraphQL error is one nobody planned for: a bug or an outage, to be logged and masked. */
function isUnexpected(error: unknown, code: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError || original instanceof InvalidDateError) return false;
  return !code || code === "INTERNAL_SERVER_ERROR";
}

/**
 * Apollo's `formatError`: domain errors keep their message and code, GraphQL's own errors (parse,
 * validation) pass through, and anything else is answered with a generic message so that no internals
 * leak to clients (it is logged by {@link observeRequests}, with its stack and the request's trace id).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    return { ...formatted, message: original.message, extensions: { code: original.code } };
  }
  if (original instanceof InvalidDateError) {
    return { ...formatted, message: original.message, extensions: { code: "BAD_USER_INPUT" } };
  }
  if (!isUnexpected(error, formatted.extensions?.code)) return formatted;
  return {
    message: "Internal server error",
    path: formatted.path,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

/**
 * Every GraphQL request's end, for operators: an unexpected error is logged with its stack, its causes,
 * the operation, the path and the request's trace id; the request's span (when tracing) gets the
 * operation's name and its errors, and ends.
 */
export function observeRequests(log: Logger): ApolloServerPlugin<{ trace?: RequestTrace }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName, contextValue }) {
          for (const error of errors) {
            if (!isUnexpected(error, error.extensions?.code)) continue;
            const original = unwrapResolverError(error);
            log.error("unexpected error", {
              error: original instanceof Error ? original : error,
              operation: operationName ?? undefined,
              path: error.path,
              traceId: contextValue.trace?.traceId,
            });
            if (contextValue.trace) failSpan(contextValue.trace.span, original);
          }
        },
        async willSendResponse({ operationName, contextValue }) {
          const span = contextValue.trace?.span;
          if (!span) return;
          if (operationName) span.setAttribute("graphql.operation.name", operationName);
          span.end();
        },
      };
    },
  };
}
