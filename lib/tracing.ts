import { randomFillSync } from "node:crypto";
import {
  type Attributes,
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

/**
 * Traces with OpenTelemetry. Off unless OTEL_TRACES_EXPORTER names an exporter (`otlp`, `console`,
 * `zipkin`, configured by the standard OTEL_* variables; see {@link startTracing}): then the API below is
 * a no-op and costs next to nothing (measured in `npm run bench`). Spans are parented explicitly (the
 * request's span travels in its GraphQL context), so no async context tracking is needed for them.
 *
 * Every request still has a trace id, for its log lines: the one of the caller's `traceparent` (the
 * gateway sends its own to subgraphs), or a new one. With tracing on it is the span's trace id, so logs
 * and traces meet.
 */
const tracer = trace.getTracer("listdesigner-insights");

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** A request's place in its trace: its span (non-recording when tracing is off) and its trace id. */
export interface RequestTrace {
  span: Span;
  traceId: string;
}

type TraceCarrier = {
  traceparent?: string | string[];
  tracestate?: string | string[];
  [name: string]: unknown;
};

/** Starts the span of a request that continues the caller's trace (`traceparent`), if it sent one. */
export function startRequestTrace(
  name: string,
  headers: TraceCarrier,
  attributes?: Attributes,
): RequestTrace {
  const carrier = {
    traceparent: first(headers.traceparent as TraceCarrier["traceparent"]),
    tracestate: first(headers.tracestate as TraceCarrier["tracestate"]),
  };
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  const own = span.spanContext();
  const traceId = isSpanContextValid(own)
    ? own.traceId
    : (TRACEPARENT.exec(carrier.traceparent ?? "")?.[1] ?? randomHex(16));
  return { span, traceId };
}

/**
 * The trace headers of a call made for a request: the context of `span` (the call's own span) when
 * tracing, else the request's trace id with a new span id, so the next service logs the same id.
 */
export function traceHeaders(request: RequestTrace, span: Span = request.span): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), headers);
  headers.traceparent ??= `00-${request.traceId}-${randomHex(8)}-01`;
  return headers;
}

/** Runs `work` in a span (a child of `parent`, or the root of a new trace), ended with its outcome. */
export async function inSpan<T>(
  name: string,
  parent: Span | undefined,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(
    name,
    { attributes },
    parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT,
  );
  try {
    return await work(span);
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `work` with `span` as the active span, for code that does not take a parent (the weekly job's calls
 * to the gateway inject the active context). Without tracing this is a plain call.
 */
export function withActiveSpan<T>(span: Span, work: () => T): T {
  return context.with(trace.setSpan(context.active(), span), work);
}

/** The trace headers of the active span, for an outgoing call; none when tracing is off. */
export function activeTraceHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  return headers;
}

/** Marks a span failed with the error that failed it. */
export function failSpan(span: Span, error: unknown) {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : undefined });
}

/**
 * Starts OpenTelemetry's SDK for a service process when OTEL_TRACES_EXPORTER says so (and
 * OTEL_SDK_DISABLED does not): `otlp`, `console` or `zipkin` export as the OTEL_* variables configure;
 * `none` records spans and exports nothing (what the benchmark measures as "tracing on, no exporter").
 * Returns what to flush and stop on shutdown, or undefined when tracing stays off.
 */
export async function startTracing(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ shutdown(): Promise<void> } | undefined> {
  const exporter = env.OTEL_TRACES_EXPORTER;
  if (!exporter || env.OTEL_SDK_DISABLED === "true") return undefined;
  if (exporter === "none") {
    const { NodeTracerProvider } = await import("@opentelemetry/sdk-trace-node");
    const provider = new NodeTracerProvider();
    provider.register();
    return provider;
  }
  const { NodeSDK } = await import("@opentelemetry/sdk-node");
  const sdk = new NodeSDK({ serviceName });
  sdk.start();
  return sdk;
}

/**
 * Random bytes as hex, taken from a pool refilled 4 KiB at a time: every click through the gateway draws
 * a trace id and a span id, and a call into the system's generator for each 8 or 16 bytes costs 4 % of
 * the gateway's CPU under the clicks benchmark (Node's own `randomUUID` pools its entropy the same way).
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += bytes;
  return pool.toString("hex", poolOffset - bytes, poolOffset);
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
