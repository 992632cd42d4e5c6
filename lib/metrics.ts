import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Logger } from "./logger.ts";

/**
 * A service's Prometheus metrics: its own registry (several services can share a process in tests), with
 * Node's process metrics and the label `service`; none at all when the service serves no metrics.
 */
export function createRegistry(service: string, port: number | null): Registry | undefined {
  // No endpoint, no metrics: nothing is counted that nobody can read (what the benchmark's "off" is).
  if (port === null) return undefined;
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

export interface MetricsEndpoint {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` on a port of its own, never the service's public one: on loopback by default
 * (METRICS_HOST), for a Prometheus agent beside the service. `port` null: no endpoint at all.
 */
export async function serveMetrics(
  registry: Registry | undefined,
  { host, port, log }: { host: string; port: number | null; log: Logger },
): Promise<MetricsEndpoint | undefined> {
  if (!registry || port === null) return undefined;
  const server = createServer((req, res) => {
    if (req.method !== "GET" || req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (error: unknown) => {
        log.error("metrics collection failed", { error });
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}/metrics`;
  log.info("metrics endpoint ready", { url });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** Latency buckets in seconds, from 1 ms to 10 s. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * A label value taken from what clients send (an operation name), bounded: past `max` distinct values
 * everything new is "other", so a client cannot grow the metrics without end.
 */
export function boundedLabel(max: number): (value: string | undefined | null) => string {
  const seen = new Set<string>();
  return (value) => {
    const label = value || "anonymous";
    if (seen.has(label)) return label;
    if (seen.size >= max) return "other";
    seen.add(label);
    return label;
  };
}
