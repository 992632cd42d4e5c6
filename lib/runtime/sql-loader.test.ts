import { describe, expect, it } from "vitest";
import { startRequestTrace } from "../tracing.ts";
import { sqlLoader } from "./sql-loader.ts";

/** A batch statement as PostgreSQL answers it: one store's rows overflow, and the whole statement fails. */
function statement(failing: string, code: string) {
  const calls: string[][] = [];
  async function figures(_db: null, stores: readonly string[]) {
    calls.push([...stores]);
    if (stores.includes(failing)) throw Object.assign(new Error("numeric field overflow"), { code });
    return stores.map((store) => `${store}'s figures`);
  }
  return { figures, calls };
}

describe("sqlLoader", () => {
  it("asks again store by store when one store's data breaks the batch, so only that store fails", async () => {
    const { figures, calls } = statement("b", "22003");
    const loader = sqlLoader(startRequestTrace("test", {}), null, figures);
    const answers = await Promise.allSettled(["a", "b", "c"].map((store) => loader.load(store)));
    expect(answers).toEqual([
      { status: "fulfilled", value: "a's figures" },
      { status: "rejected", reason: expect.objectContaining({ message: "numeric field overflow" }) },
      { status: "fulfilled", value: "c's figures" },
    ]);
    expect(calls).toEqual([["a", "b", "c"], ["a"], ["b"], ["c"]]);
  });

  it("does not multiply a failure that is not the data's (a lost connection): the batch fails once", async () => {
    const { figures, calls } = statement("b", "57P01");
    const loader = sqlLoader(startRequestTrace("test", {}), null, figures);
    const answers = await Promise.allSettled(["a", "b", "c"].map((store) => loader.load(store)));
    expect(answers.map((answer) => answer.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(calls).toEqual([["a", "b", "c"]]);
  });
});
