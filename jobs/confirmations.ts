import { renderConfirmRecipient } from "../emails/confirm-recipient.tsx";
import { CONFIRM_LINK_DAYS, issueEmailLinkToken } from "../lib/auth.ts";
import { checkRecipient } from "../lib/email-address.ts";
import type { WorkerSettings } from "./config.ts";
import type { JobsDb } from "./db/index.ts";
import { queryGateway } from "./gateway-client.ts";
import { MarkConfirmationsMailedDocument, PendingConfirmationsDocument } from "./generated/operations.ts";
import { queueConfirmation } from "./ledger.ts";

/**
 * Queues the confirmation email of each new recipient request (a page of them per run) in the delivery
 * ledger, where the sender mails it like a report, then tells shop they are queued. The ledger holds each
 * request once, so a run that dies between the two, or two workers at once, mail nobody twice: the next
 * run finds the ledger row there and only marks the request.
 */
export async function mailConfirmations(deps: { db: JobsDb; settings: WorkerSettings }): Promise<number> {
  const { settings } = deps;
  const { pendingConfirmations } = await queryGateway(settings, PendingConfirmationsDocument, {});
  const done: string[] = [];
  for (const { requestId, email, store } of pendingConfirmations) {
    const check = checkRecipient(email);
    // Checked where it entered; an address refused now (a rule tightened since) gets no email, and the
    // request waits on the settings page until it expires.
    if (!check.ok) continue;
    const token = await issueEmailLinkToken(settings.linkSecret, "confirm", {
      storeId: store.id,
      email,
      requestId,
    });
    const rendered = await renderConfirmRecipient({
      storeName: store.name,
      locale: store.locale,
      email,
      confirmUrl: `${settings.publicUrl}/recipients/confirm?token=${encodeURIComponent(token)}`,
      days: CONFIRM_LINK_DAYS,
    });
    await queueConfirmation(deps.db, {
      storeId: store.id,
      requestId,
      recipient: email,
      email: {
        from: settings.from,
        to: check.address,
        ...rendered,
        headers: {},
        tags: [{ name: "store", value: store.id }],
      },
    });
    done.push(requestId);
  }
  if (done.length > 0) await queryGateway(settings, MarkConfirmationsMailedDocument, { requestIds: done });
  return done.length;
}
