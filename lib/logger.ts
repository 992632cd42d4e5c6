import { createRequire } from "node:module";
import pino, { type DestinationStream } from "pino";

type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(name: string): Logger;
}

/**
 * Structured logs with pino: one JSON object per line on stdout in production (`time`, `level`, `name`,
 * `msg`, the fields; an `error` field with its type, message, stack and causes), readable lines through
 * pino-pretty in development. Request-scoped lines carry `traceId` (the W3C trace id of the request, the
 * same in every service it crossed). Nothing secret reaches a line: tokens, secrets and cookies are
 * redacted by key, and email addresses and token-bearing URLs are masked wherever they appear.
 */
export function createLogger(
  name: string,
  level: Level | "silent" = "info",
  /** Where lines go instead of the process's stdout (tests read them). */
  to?: DestinationStream,
): Logger {
  const logger = pino(
    {
      name,
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { error: pino.stdSerializers.errWithCause, err: pino.stdSerializers.errWithCause },
      redact: { paths: REDACTED_KEYS, censor: "[redacted]" },
      formatters: { level: (label) => ({ level: label }), log: maskObject },
    },
    to ?? sharedDestination(),
  );
  const write = (at: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (fields) logger[at](fields, maskText(message));
    else logger[at](maskText(message));
  };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (childName) => createLogger(`${name}:${childName}`, level, to),
  };
}

/** One stream for every logger of the process, so that lines never interleave. */
let stream: DestinationStream | undefined;
function sharedDestination(): DestinationStream {
  stream ??= destination();
  return stream;
}

/** Keys whose values never reach a log, at the top level or one level down (`headers.authorization`). */
const SECRET_KEYS = ["authorization", "cookie", "token", "secret", "password", "apiKey", "x-subgraph-secret"];
const REDACTED_KEYS = SECRET_KEYS.flatMap((key) => [`["${key}"]`, `*["${key}"]`]);

const EMAIL = /([^\s@"'<>,;:]{1,64})@([^\s@"'<>,;:]+\.[^\s@"'<>,;:]+)/gu;
const TOKEN_IN_URL = /([#?&](?:token|t)=)[^&\s"']+/g;
const BEARER = /(Bearer\s+)[\w.-]+/g;

/** `owner@store.example` becomes `o***@store.example`: enough to tell stores apart, not to write to one. */
export function maskText(text: string): string {
  return text
    .replace(EMAIL, (_, local: string, domain: string) => `${local.slice(0, 1)}***@${domain}`)
    .replace(TOKEN_IN_URL, "$1[redacted]")
    .replace(BEARER, "$1[redacted]");
}

function maskObject(object: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) masked[key] = maskValue(value, 2);
  return masked;
}

function maskValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return maskText(value);
  if (depth === 0 || value === null || typeof value !== "object" || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, depth - 1)]));
}

/**
 * Where lines go: stdout, as JSON in production; in development through pino-pretty when it is installed
 * (a dev dependency, so a production install without it logs JSON).
 */
function destination(): DestinationStream {
  if (process.env.NODE_ENV !== "production") {
    try {
      const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
      return pretty({ sync: true, colorize: process.stdout.isTTY, ignore: "pid,hostname" });
    } catch {
      // pino-pretty not installed: JSON lines, as in production.
    }
  }
  // Synchronous: a line written just before the process exits (a crash, a stop) is not lost.
  return pino.destination({ fd: 1, sync: true });
}
