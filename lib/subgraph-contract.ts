/**
 * How the gateway talks to a subgraph (supergraph.yaml's `transport`): `http1` (the default, plain HTTP/1.1
 * JSON POSTs any GraphQL server answers) or `batch` (this project's own batch format, lib/transport/batch-client.ts).
 */
export const SUBGRAPH_TRANSPORTS = ["http1", "batch"] as const;
export type SubgraphTransport = (typeof SUBGRAPH_TRANSPORTS)[number];

// The header contract between whatever fronts the graph (this project's gateway, or Apollo Router or Hive
// Gateway with the rules in docs/architecture.md) and the subgraphs. A subgraph answers only requests
// carrying the shared secret, and trusts the other three headers because only the front can send them.

/** The shared secret (SUBGRAPH_SECRET): without it a subgraph refuses the request before reading it. */
export const SECRET_HEADER = "x-subgraph-secret";
/** Who is asking, verified by the front from the caller's token (lib/auth.ts `encodeViewer`). */
export const VIEWER_HEADER = "x-viewer";
/** The storefront's address and user agent as the front saw them, for click and impression ingestion. */
export const CLIENT_ADDRESS_HEADER = "x-client-address";
export const CLIENT_USER_AGENT_HEADER = "x-client-user-agent";

/**
 * The largest request body a subgraph reads, batches included. Far above a public request's 100 kB: only
 * the front reaches a subgraph (the secret is checked before the body is read), and its `@requires`
 * fetches carry what other subgraphs answered: a page of 100 stores with 200 widget products each sends
 * about 1 MB of product ids to shop.
 */
export const MAX_SUBGRAPH_BODY_BYTES = 8_000_000;
