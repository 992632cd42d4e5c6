import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { readSupergraphConfig } from "../lib/supergraph.ts";

// Composition, at build time: `npm run compose` writes supergraph.graphql with it, and the tools that
// compose a supergraph of their own (Hive Gateway for the benchmarks, a test's extra subgraph) use it.

export class CompositionError extends Error {
  override name = "CompositionError";
}

/** Composes the subgraphs listed in a rover-style `supergraph.yaml` into supergraph SDL. */
export function composeFromConfig(configPath: string): string {
  let config: ReturnType<typeof readSupergraphConfig>;
  try {
    config = readSupergraphConfig(configPath);
  } catch (error) {
    throw new CompositionError((error as Error).message);
  }
  return composeSupergraph(
    Object.entries(config.subgraphs).map(([name, subgraph]) => ({
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
