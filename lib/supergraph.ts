import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { composeServices } from "@apollo/composition";
import { printSchema, Supergraph } from "@apollo/federation-internals";
import { parse } from "graphql";
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

function readConfig(configPath: string) {
  const parsed = config.safeParse(parseYaml(readFileSync(configPath, "utf8")));
  if (!parsed.success) throw new CompositionError(`${configPath}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The transport each subgraph of a `supergraph.yaml` declares. */
export function subgraphTransports(configPath: string): Record<string, SubgraphTransport> {
  return Object.fromEntries(
    Object.entries(readConfig(configPath).subgraphs).map(([name, subgraph]) => [name, subgraph.transport]),
  );
}

export class CompositionError extends Error {
  override name = "CompositionError";
}

/** Composes the subgraphs listed in a rover-style `supergraph.yaml` into supergraph SDL. */
export function composeFromConfig(configPath: string): string {
  return composeSupergraph(
    Object.entries(readConfig(configPath).subgraphs).map(([name, subgraph]) => ({
      name,
      url: subgraph.routing_url,
      typeDefs: readFileSync(resolve(dirname(configPath), subgraph.schema.file), "utf8"),
    })),
  );
}

/** Composes subgraphs (their names, routing URLs and SDL) into supergraph SDL, or says why it cannot. */
export function composeSupergraph(subgraphs: { name: string; url: string; typeDefs: string }[]): string {
  const result = composeServices(
    subgraphs.map((subgraph) => ({ ...subgraph, typeDefs: parse(subgraph.typeDefs) })),
  );
  if (result.errors) {
    // Composition messages name the subgraph ([review]) and the type or field they concern.
    const lines = result.errors.map((error) => `  ${error.extensions?.code ?? "ERROR"}: ${error.message}`);
    throw new CompositionError(`Composition failed:\n${lines.join("\n")}`);
  }
  return result.supergraphSdl;
}

/** The schema clients see (no federation machinery), from the composed supergraph: what codegen reads. */
export function apiSchemaSdl(supergraphSdl: string): string {
  // Federation's own printer: graphql-js objects from two module systems (ESM here, CommonJS in
  // federation-internals) must not meet.
  return printSchema(Supergraph.build(supergraphSdl).apiSchema());
}
