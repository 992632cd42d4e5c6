import { isMain, requireUrl, runService } from "../../lib/service.ts";
import { type SubgraphRuntime, startSubgraph } from "../../lib/subgraph.ts";
import { createReviewContext } from "./context.ts";
import { schema } from "./db/index.ts";
import { resolvers } from "./resolvers/index.ts";

export const startReview = (runtime: SubgraphRuntime) =>
  startSubgraph(
    {
      name: "review",
      schemaFile: new URL("./schema.graphql", import.meta.url),
      resolvers,
      tables: schema,
      createContext: createReviewContext,
    },
    runtime,
  );

if (isMain(import.meta.url)) {
  await runService("review", (env, log) =>
    startReview({
      databaseUrl: requireUrl(env, "REVIEW_DATABASE_URL"),
      host: env.SUBGRAPH_HOST,
      port: env.REVIEW_PORT,
      production: env.NODE_ENV === "production",
      log,
    }),
  );
}
