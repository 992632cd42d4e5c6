import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApolloServer } from "@apollo/server";
import { AuthError, type EmailLinkKind, type Viewer, verifyEmailLinkToken } from "../lib/auth.ts";
import { escapeHtml } from "../lib/html.ts";
import { startRequestTrace } from "../lib/tracing.ts";
import type { Routes } from "../lib/transport/http-server.ts";
import type { GatewayContext } from "./subgraph-source.ts";

const REMOVE = /* GraphQL */ `
  mutation Unsubscribe($storeId: ID!, $email: String!) {
    removeReportRecipient(storeId: $storeId, email: $email) { name }
  }
`;

const CONFIRM = /* GraphQL */ `
  mutation ConfirmRecipient($storeId: ID!, $email: String!, $requestId: ID!) {
    confirmReportRecipient(storeId: $storeId, email: $email, requestId: $requestId) { name }
  }
`;

/** The words of each link's pages. */
const PAGES = {
  unsubscribe: {
    ask: "Unsubscribe",
    question: (email: string) => `Stop sending the weekly List Designer report to <b>${email}</b>?`,
    done: "Unsubscribed",
    doneBody: (email: string, store: string) =>
      `<b>${email}</b> will no longer receive the weekly List Designer report of ${store}.`,
    gone: "",
  },
  confirm: {
    ask: "Confirm",
    question: (email: string) => `Send the weekly List Designer report to <b>${email}</b>?`,
    done: "Confirmed",
    doneBody: (email: string, store: string) =>
      `<b>${email}</b> will receive the weekly List Designer report of ${store}.`,
    gone: "This link was replaced by a newer one, withdrawn or has expired. Nothing was changed; ask the store for a new one.",
  },
} as const;

/**
 * The links of report emails, no login needed: the signed token names the store and the address (and, to
 * confirm, the request). GET shows a page with a button (so a mail scanner that follows links changes
 * nothing); POST, from that page or a mail client's one-click `List-Unsubscribe-Post`, asks the graph:
 * unsubscribe as that address's own link (it may remove only that address), confirm as the service (the
 * request's id decides). A forged, altered or expired token changes nothing.
 */
export function emailLinkRoutes(apollo: ApolloServer<GatewayContext>, linkSecret: string): Routes {
  const tokenOf = (req: IncomingMessage) =>
    new URL(req.url ?? "/", "http://localhost").searchParams.get("token") ?? "";
  const routes: Routes = {};
  for (const [kind, path] of [
    ["unsubscribe", "/unsubscribe"],
    ["confirm", "/recipients/confirm"],
  ] as const) {
    const words = PAGES[kind];
    routes[`GET ${path}`] = async (req, res) => {
      const token = tokenOf(req);
      try {
        const { email } = await verifyEmailLinkToken(linkSecret, kind, token);
        page(
          res,
          200,
          words.ask,
          `<p>${words.question(escapeHtml(email))}</p>
          <form method="post" action="${path}?token=${encodeURIComponent(token)}"><button type="submit">${words.ask}</button></form>`,
        );
      } catch (error) {
        invalid(res, error);
      }
    };
    routes[`POST ${path}`] = async (req, res) => {
      req.resume();
      try {
        const claims = await verifyEmailLinkToken(linkSecret, kind, tokenOf(req));
        const store = await follow(apollo, kind, claims, req);
        if (store === null) page(res, 410, "Link no longer valid", `<p>${words.gone}</p>`);
        else
          page(res, 200, words.done, `<p>${words.doneBody(escapeHtml(claims.email), escapeHtml(store))}</p>`);
      } catch (error) {
        invalid(res, error);
      }
    };
  }
  return routes;
}

/** The store's name once the link did its work, null when the graph says there is nothing to do. */
async function follow(
  apollo: ApolloServer<GatewayContext>,
  kind: EmailLinkKind,
  { storeId, email, requestId }: { storeId: string; email: string; requestId?: string },
  req: IncomingMessage,
): Promise<string | null> {
  const [query, field, viewer]: [string, string, Viewer] =
    kind === "unsubscribe"
      ? [REMOVE, "removeReportRecipient", { kind: "store", storeId, link: { purpose: "unsubscribe", email } }]
      : [CONFIRM, "confirmReportRecipient", { kind: "service" }];
  const result = await apollo.executeOperation(
    { query, variables: { storeId, email, requestId } },
    { contextValue: { viewer, clientAddress: "", trace: startRequestTrace(kind, req.headers) } },
  );
  const body = result.body.kind === "single" ? result.body.singleResult : undefined;
  if (body?.errors?.length || !body?.data) throw new Error(`${kind} failed: ${JSON.stringify(body?.errors)}`);
  return (body.data[field] as { name: string } | null)?.name ?? null;
}

function invalid(res: ServerResponse, error: unknown) {
  if (error instanceof AuthError)
    page(res, 400, "Link not valid", "<p>This link is not valid or has expired. Nothing was changed.</p>");
  else
    page(
      res,
      500,
      "Something went wrong",
      "<p>We could not do this just now. Nothing was changed; please try again later.</p>",
    );
}

function page(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
    <body style="font-family: sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem"><h1>${title}</h1>${body}</body></html>`);
}
