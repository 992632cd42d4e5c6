import type { StoreHeaderQuery } from "./gql/graphql.ts";

/** The store a page is about, as the first request returned it. */
export type StoreInfo = NonNullable<StoreHeaderQuery["store"]>;
