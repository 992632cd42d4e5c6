// The supergraph as the gateway reads it at run time: the transports supergraph.yaml declares, and the
// API schema of the composed SDL. Composing it is build-time work, in scripts/composition.ts.
import { readFileSync } from "node:fs";
import { printSchema, Supergraph } from "@apollo/federation-internals";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { SUBGRAPH_TRANSPORTS, type SubgraphTransport } from "./subgraph-contract.ts";

const config = z.object({
  federation_version: z.string(),
  subgraphs: z.record(
    z.string(),
    z.object({
      routing_url: z.url(),
      schema: z.object({ file: z.string() }),
      /** This project's addition to rover's format (see {@link SubgraphTransport}); rover ignores it. */
      transport: z.enum(SUBGRAPH_TRANSPORTS).default("http1"),
    }),
  ),
});

/** A rover-style `supergraph.yaml`, checked. */
export function readSupergraphConfig(configPath: string) {
  const parsed = config.safeParse(parseYaml(readFileSync(configPath, "utf8")));
  if (!parsed.success) throw new Error(`${configPath}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The transport each subgraph of a `supergraph.yaml` declares. */
export function subgraphTransports(configPath: string): Record<string, SubgraphTransport> {
  return Object.fromEntries(
    Object.entries(readSupergraphConfig(configPath).subgraphs).map(([name, subgraph]) => [
      name,
      subgraph.transport,
    ]),
  );
}

/** The schema clients see (no federation machinery), from the composed supergraph: what codegen reads. */
export function apiSchemaSdl(supergraphSdl: string): string {
  // Federation's own printer: graphql-js objects from two module systems (ESM here, CommonJS in
  // federation-internals) must not meet.
  return printSchema(Supergraph.build(supergraphSdl).apiSchema());
}
