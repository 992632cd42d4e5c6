import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { AuthError, verifyUnsubscribeToken } from "../lib/auth.ts";
import type { Routes } from "../lib/http-server.ts";
import { startRequestTrace } from "../lib/tracing.ts";
import type { GatewayContext } from "./subgraph-source.ts";

const REMOVE = /* GraphQL */ `
  mutation Unsubscribe($storeId: ID!, $email: String!) {
    removeReportRecipient(storeId: $storeId, email: $email) { name }
  }
`;

/**
 * The unsubscribe link of the weekly report, no login needed: the signed token names the store and the
 * address. GET shows a confirmation page (so a mail scanner that follows links unsubscribes nobody);
 * POST, from that page or a mail client's one-click `List-Unsubscribe-Post`, removes the address by
 * asking the graph as that store. A forged or altered token changes nothing.
 */
export function unsubscribeRoutes(apollo: ApolloServer<GatewayContext>, authSecret: string): Routes {
  const tokenOf = (req: IncomingMessage) =>
    new URL(req.url ?? "/", "http://localhost").searchParams.get("token") ?? "";
  return {
    "GET /unsubscribe": async (req, res) => {
      const token = tokenOf(req);
      try {
        const { email } = await verifyUnsubscribeToken(authSecret, token);
        page(
          res,
          200,
          "Unsubscribe",
          `<p>Stop sending the weekly List Designer report to <b>${escapeHtml(email)}</b>?</p>
          <form method="post" action="/unsubscribe?token=${encodeURIComponent(token)}"><button type="submit">Unsubscribe</button></form>`,
        );
      } catch (error) {
        invalid(res, error);
      }
    },
    "POST /unsubscribe": async (req, res) => {
      req.resume();
      try {
        const { storeId, email } = await verifyUnsubscribeToken(authSecret, tokenOf(req));
        const result = await apollo.executeOperation(
          { query: REMOVE, variables: { storeId, email } },
          {
            contextValue: {
              viewer: { kind: "store", storeId },
              clientAddress: "",
              trace: startRequestTrace("unsubscribe", req.headers),
            },
          },
        );
        const body = result.body.kind === "single" ? result.body.singleResult : undefined;
        const store = (body?.data?.removeReportRecipient as { name: string } | undefined)?.name;
        if (!store) throw new Error(`unsubscribe failed: ${JSON.stringify(body?.errors ?? "no result")}`);
        page(
          res,
          200,
          "Unsubscribed",
          `<p><b>${escapeHtml(email)}</b> will no longer receive the weekly List Designer report of ${escapeHtml(store)}.</p>`,
        );
      } catch (error) {
        invalid(res, error);
      }
    },
  };
}

function invalid(res: ServerResponse, error: unknown) {
  if (error instanceof AuthError)
    page(res, 400, "Link not valid", "<p>This unsubscribe link is not valid. Nothing was changed.</p>");
  else
    page(
      res,
      500,
      "Something went wrong",
      "<p>We could not unsubscribe you just now. Nothing was changed; please try again later.</p>",
    );
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>
    <body style="font-family: sans-serif; max-width: 32rem; margin: 4rem auto"><h1>${title}</h1>${body}</body></html>`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
