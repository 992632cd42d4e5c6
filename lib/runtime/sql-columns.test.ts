import { describe, expect, it } from "vitest";
import { checkColumns, json } from "./sql-columns.ts";

const INT4 = 23;
const INT8 = 20;
const UUID = 2950;
const JSONB = 3802;
const VARCHAR = 1043;
const status = { enumValues: ["paid", "refunded"] as const };

describe("checkColumns", () => {
  it("takes an answer whose columns are the declared ones", () => {
    const spec = { ord: "int4", id: "uuid", note: "text?", status, body: json<{ a: number }>() } as const;
    const columns = [
      { name: "ord", type: INT4 },
      { name: "id", type: UUID },
      { name: "note", type: VARCHAR },
      { name: "status", type: 16_384 },
      { name: "body", type: JSONB },
    ];
    const rows = [{ ord: 0, id: "x", note: null, status: "paid", body: { a: 1 } }];
    expect(() => checkColumns(spec, columns, rows)).not.toThrow();
  });

  it("names every way an answer differs from what the code reads", () => {
    const spec = { ord: "int4", clicks: "int4", gone: "text", status } as const;
    const columns = [
      { name: "ord", type: INT4 },
      { name: "clicks", type: INT8 },
      { name: "extra", type: INT4 },
      { name: "status", type: 16_384 },
    ];
    const rows = [{ ord: null, clicks: "3", extra: 1, status: "lost" }];
    expect(() => checkColumns(spec, columns, rows)).toThrow(
      "A statement's answer is not what its code reads: no column gone; column ord is null, declared not null; " +
        "column clicks is type 20, declared int4; column clicks arrives as string, declared number; " +
        "column extra (type 23) not declared; " +
        "column status: lost is none of paid, refunded",
    );
  });

  it("finds a value that arrives as another JavaScript type than its column declares", () => {
    const columns = [
      { name: "at", type: 1184 },
      { name: "n", type: 1007 },
    ];
    const rows = [{ at: new Date(0), n: ["1"] }];
    expect(() => checkColumns({ at: "timestamptz", n: "int4[]" }, columns, rows)).toThrow(
      "column at arrives as object, declared string; column n arrives as string, declared number",
    );
  });

  it("takes a statement that answers nothing when it declares nothing", () => {
    expect(() => checkColumns({}, [], [])).not.toThrow();
  });
});
