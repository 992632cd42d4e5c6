import { GroupCommit } from "../../../lib/group-commit.ts";
import { isDatabaseUnavailable } from "../../../lib/runtime/database.ts";
import type { ShopDb } from "../db/index.ts";
import { type StoredOrder, upsertOrders } from "../db/queries/orders.ts";
import type { ValidOrder } from "./order-input.ts";

/** How `upsertOrder` calls are group-committed: as clicks are, each answered after its commit. */
const INTAKE = { maxBatch: 200, flushMs: 2, maxConcurrentWrites: 2 } as const;

/**
 * The orders checkouts send, written many to a statement: every order's own commit (one WAL flush each)
 * held intake to what the disk flushes per second. An order sent twice in one batch goes in a second
 * statement after the first (one statement writes a row once); a statement that fails is tried again
 * order by order, so one order's failure is only its own.
 */
export function orderIntake(db: ShopDb) {
  const writes = new GroupCommit<ValidOrder, StoredOrder | Error>(async (batch) => {
    const outcomes: (StoredOrder | Error)[] = new Array(batch.length);
    for (const round of rounds(batch)) {
      const stored = await upsertOrders(
        db,
        round.map((i) => batch[i] as ValidOrder),
      ).catch(async (error: unknown) => {
        // The database away fails each order alike; anything else may be one order's own fault.
        if (round.length === 1 || isDatabaseUnavailable(error)) return round.map(() => asError(error));
        return Promise.all(
          round.map((i) =>
            upsertOrders(db, [batch[i] as ValidOrder]).then(([one]) => one as StoredOrder, asError),
          ),
        );
      });
      round.forEach((i, n) => {
        outcomes[i] = stored[n] as StoredOrder | Error;
      });
    }
    return outcomes;
  }, INTAKE);
  return {
    async submit(order: ValidOrder): Promise<StoredOrder> {
      const outcome = await writes.submit(order);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    /** When the writer last refused work (for readiness). */
    get lastOverloadAt() {
      return writes.lastOverloadAt;
    },
    /** Answers every order already received before the process stops. */
    drain: () => writes.drain(),
  };
}

export type OrderIntake = ReturnType<typeof orderIntake>;

/** The batch's positions in rounds, each holding a store's order at most once, in arrival order. */
function rounds(batch: readonly ValidOrder[]): number[][] {
  const result: { keys: Set<string>; positions: number[] }[] = [];
  batch.forEach((order, i) => {
    const key = `${order.storeId} ${order.orderId}`;
    let round = result.find((r) => !r.keys.has(key));
    if (!round) {
      round = { keys: new Set(), positions: [] };
      result.push(round);
    }
    round.keys.add(key);
    round.positions.push(i);
  });
  return result.map((r) => r.positions);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
