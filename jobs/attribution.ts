import type { Logger } from "../lib/logger.ts";
import type { WorkerSettings } from "./config.ts";
import { queryGateway } from "./gateway-client.ts";
import {
  ClicksByIdsDocument,
  PendingClickClaimsDocument,
  RecordClaimVerdictsDocument,
} from "./generated/operations.ts";

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 7;
/**
 * Claims verified per round trip. A batch's `clicksByIds` lookups (about 100 bytes each) and its verdicts
 * must fit in one request to the gateway, whose body limit is 100 kB.
 */
export const CLAIMS_PER_BATCH = 400;

export interface AttributionOutcome {
  checked: number;
  credited: number;
}

/**
 * Decides every pending claim (with `placedBefore`, of orders placed before it), a batch at a time, until
 * none is left: a line is credited to a widget when its click is one review recorded (counted, or a
 * visitor's kept repeat) on that widget, for that product, of that store, at most `windowDays` before the
 * order was placed (and not after). Everything else credits nothing. Each batch's
 * verdicts are written in one statement, and a claim keeps its first verdict, so a worker that dies
 * mid-batch leaves those claims pending for the next run, which decides them the same way.
 */
export async function attributeClaims(
  settings: WorkerSettings,
  {
    windowDays,
    log,
    batch = CLAIMS_PER_BATCH,
    placedBefore,
  }: { windowDays: number; log: Logger; batch?: number; placedBefore?: Date },
): Promise<AttributionOutcome> {
  const outcome: AttributionOutcome = { checked: 0, credited: 0 };
  for (;;) {
    const { pendingClickClaims: claims } = await queryGateway(settings, PendingClickClaimsDocument, {
      first: batch,
      placedBefore: placedBefore?.toISOString(),
    });
    if (claims.length === 0) return outcome;
    const lookups = claims.map((claim) => ({
      clickId: claim.clickId,
      from: new Date(Date.parse(claim.placedAt) - windowDays * 86_400_000).toISOString(),
      to: claim.placedAt,
    }));
    const { clicksByIds: clicks } = await queryGateway(settings, ClicksByIdsDocument, { lookups });
    const verdicts = claims.map((claim, i) => {
      const click = clicks[i];
      const credits = click && click.storeId === claim.storeId && click.productId === claim.productId;
      // A credit carries review's receipt of the click: shop checks it, so a verdict cannot be made up.
      return credits
        ? {
            lineRef: claim.lineRef,
            creditedWidgetId: click.widgetId,
            clickedAt: click.occurredAt,
            receipt: click.receipt,
          }
        : { lineRef: claim.lineRef, creditedWidgetId: null };
    });
    const { recordClaimVerdicts: decided } = await queryGateway(settings, RecordClaimVerdictsDocument, {
      verdicts,
    });
    outcome.checked += decided;
    outcome.credited += verdicts.filter((verdict) => verdict.creditedWidgetId).length;
    log.info("click claims decided", { decided, pendingBefore: claims.length, ...outcome });
    // A short batch was the last of the queue; a full one may have more behind it. Claims another worker
    // decided meanwhile are skipped by recordClaimVerdicts and do not come back.
    if (claims.length < batch) return outcome;
  }
}
