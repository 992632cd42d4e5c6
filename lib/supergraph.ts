import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { composeServices } from "@apollo/composition";
import { printSchema, Supergraph } from "@apollo/federation-internals";
import { parse } from "graphql";
import { parse as parseYaml } from "yaml";
import { z } from "zod";

const config = z.object({
  federation_version: z.string(),
  subgraphs: z.record(z.string(), z.object({ routing_url: z.url(), schema: z.object({ file: z.string() }) })),
});

export class CompositionError extends Error {
  override name = "CompositionError";
}

/** Composes the subgraphs listed in a rover-style `supergraph.yaml` into supergraph SDL. */
export function composeFromConfig(configPath: string): string {
  const parsed = config.safeParse(parseYaml(readFileSync(configPath, "utf8")));
  if (!parsed.success) throw new CompositionError(`${configPath}: ${z.prettifyError(parsed.error)}`);
  const services = Object.entries(parsed.data.subgraphs).map(([name, subgraph]) => {
    const file = resolve(dirname(configPath), subgraph.schema.file);
    return { name, url: subgraph.routing_url, typeDefs: parse(readFileSync(file, "utf8")) };
  });
  const result = composeServices(services);
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
