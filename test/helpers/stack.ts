import { startGateway } from "../../gateway/server.ts";
import { createLogger } from "../../lib/logger.ts";
import type { DatabaseUrls } from "../../lib/provision.ts";
import { startReview } from "../../subgraphs/review/server.ts";
import { startShop } from "../../subgraphs/shop/server.ts";

export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** Both subgraphs and the gateway, in this process, on free loopback ports. */
export async function startStack(urls: DatabaseUrls) {
  const log = createLogger("test", "silent");
  const common = { host: "127.0.0.1", port: 0, production: false, log };
  const shop = await startShop({ ...common, databaseUrl: urls.shop });
  const review = await startReview({ ...common, databaseUrl: urls.review });
  const gateway = await startGateway({ ...common, subgraphUrls: { shop: shop.url, review: review.url } });

  async function query<T = Record<string, unknown>>(
    document: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GraphQLResult<T>> {
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: document, variables }),
    });
    return (await response.json()) as GraphQLResult<T>;
  }

  return {
    gatewayUrl: gateway.url,
    shopUrl: shop.url,
    reviewUrl: review.url,
    query,
    async close() {
      await gateway.close();
      await Promise.all([shop.close(), review.close()]);
    },
  };
}
