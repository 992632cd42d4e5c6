import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../scripts/dev/embedded-postgres.ts";
import { type ServiceProcess, spawnService, waitForGraphQL } from "../scripts/dev/processes.ts";
import { freshDatabases } from "./helpers/databases.ts";
import { makeWidgets } from "./helpers/factories.ts";
import { eventually } from "./helpers/poll.ts";
import { newVisitor } from "./helpers/stack.ts";

const RECORD_CLICK = `mutation($input: RecordClickInput!) { recordClick(input: $input) { accepted duplicate } }`;

describe("clicks acknowledged before a SIGKILL of the review subgraph", () => {
  let databases: Awaited<ReturnType<typeof freshDatabases>>;
  let review: ServiceProcess | undefined;
  const widgetId = randomUUID();

  beforeAll(async () => {
    databases = await freshDatabases();
    await makeWidgets(databases.review.db, { id: widgetId, storeId: randomUUID(), name: "W" });
  });
  afterAll(async () => {
    await review?.kill("SIGKILL");
    await databases?.drop();
  });

  it("are all stored after a restart, and replaying every attempt adds nothing", {
    timeout: 60_000,
  }, async () => {
    const port = String(await freePort());
    const secret = randomBytes(32).toString("base64url");
    const env = {
      REVIEW_DATABASE_URL: databases.urls.review,
      REVIEW_PORT: port,
      CLICK_FLUSH_MS: "5",
      // Every click comes from this machine's address.
      CLICK_MAX_PER_ADDRESS: "0",
      LOG_LEVEL: "warn",
      SUBGRAPH_SECRET: secret,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    };
    // Straight to the review subgraph, as the gateway would call it.
    const asGateway = { "x-subgraph-secret": secret };
    const url = `http://127.0.0.1:${port}/graphql`;
    review = spawnService("review", env);
    await waitForGraphQL(url, review, { headers: asGateway });

    // One visitor per click, the same one when the click is retried.
    const visitorsByClick = new Map<string, { "user-agent": string }>();
    const visitorOf = (clickId: string) => {
      if (!visitorsByClick.has(clickId)) visitorsByClick.set(clickId, newVisitor());
      return visitorsByClick.get(clickId) as { "user-agent": string };
    };
    const attempted: string[] = [];
    const acknowledged: string[] = [];
    let killed = false;
    const send = async (clickId: string) => {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...asGateway,
          "x-client-address": "203.0.113.9",
          "x-client-user-agent": visitorOf(clickId)["user-agent"],
        },
        body: JSON.stringify({ query: RECORD_CLICK, variables: { input: { widgetId, clickId } } }),
      });
      return (await response.json()) as { data?: { recordClick: { accepted: boolean; duplicate: boolean } } };
    };
    const client = async () => {
      while (!killed) {
        const clickId = randomUUID();
        attempted.push(clickId);
        try {
          const answer = await send(clickId);
          if (answer.data?.recordClick.accepted) acknowledged.push(clickId);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    await eventually("400 clicks acknowledged", () => acknowledged.length >= 400);
    // Killed under load: the clients keep sending until the process is gone, so clicks are in flight.
    await review.kill("SIGKILL");
    killed = true;
    await Promise.all(clients);

    review = spawnService("review", env);
    await waitForGraphQL(url, review, { headers: asGateway });
    const stored = await databases.review.sql<{ click_id: string }[]>`select click_id from widget_clicks`;
    const storedIds = new Set(stored.map((row) => row.click_id));
    const lost = acknowledged.filter((id) => !storedIds.has(id));
    // The kill came with clicks in flight (sent, never answered): the moment one could be lost.
    expect(attempted.length).toBeGreaterThan(acknowledged.length);
    expect(lost).toEqual([]);

    // Storefronts retry what was not answered: every attempt once more, and each click is stored once.
    for (const clickId of attempted) {
      const answer = await send(clickId);
      expect(answer.data?.recordClick.accepted).toBe(true);
    }
    const [totals] = await databases.review.sql<{ rows: number; distinct: number }[]>`
      select count(*)::int as rows, count(distinct click_id)::int as distinct from widget_clicks`;
    expect(totals).toEqual({ rows: attempted.length, distinct: attempted.length });
  });
});
