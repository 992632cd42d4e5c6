import { describe, expect, it, vi } from "vitest";
import { GroupCommit, OverloadedError } from "./group-commit.ts";

describe("GroupCommit", () => {
  it("writes concurrent submissions together and answers each with its own result", async () => {
    const batches: number[][] = [];
    const group = new GroupCommit(
      async (items: number[]) => {
        batches.push(items);
        return items.map((n) => n * 10);
      },
      { maxBatch: 100, flushMs: 5, maxConcurrentWrites: 2 },
    );
    const results = await Promise.all([1, 2, 3, 4].map((n) => group.submit(n)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1, 2, 3, 4]]);
  });

  it("caps batches at maxBatch", async () => {
    const sizes: number[] = [];
    const group = new GroupCommit(
      async (items: number[]) => {
        sizes.push(items.length);
        return items;
      },
      { maxBatch: 3, flushMs: 50, maxConcurrentWrites: 4 },
    );
    await Promise.all(Array.from({ length: 7 }, (_, n) => group.submit(n)));
    expect(sizes).toEqual([3, 3, 1]);
  });

  it("fails every submitter of a failed batch and keeps serving later ones", async () => {
    let fail = true;
    const group = new GroupCommit(
      async (items: string[]) => {
        if (fail) throw new Error("database down");
        return items;
      },
      { maxBatch: 10, flushMs: 1, maxConcurrentWrites: 2 },
    );
    const failed = await Promise.allSettled([group.submit("a"), group.submit("b")]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    await expect(group.submit("c")).resolves.toBe("c");
  });

  it("queues while the write limit is reached and sends the queue as one batch when a write finishes", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    let started: () => void = () => {};
    const firstWriteRunning = new Promise<void>((done) => (started = done));
    const group = new GroupCommit(
      async (items: number[]) => {
        batches.push(items);
        if (batches.length === 1) {
          started();
          await new Promise<void>((done) => (release = done));
        }
        return items;
      },
      { maxBatch: 100, flushMs: 0, maxConcurrentWrites: 1 },
    );
    const first = group.submit(1);
    await firstWriteRunning;
    const rest = [2, 3, 4, 5].map((n) => group.submit(n));
    // Timers run in the order they were set: the group's flush timer has had its turn after this one.
    await new Promise((done) => setTimeout(done, 0));
    expect(batches).toEqual([[1]]); // the others wait for the running write
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it("drains queued work before shutdown", async () => {
    const written: number[] = [];
    const group = new GroupCommit(
      async (items: number[]) => {
        await new Promise((done) => setTimeout(done, 20));
        written.push(...items);
        return items;
      },
      { maxBatch: 2, flushMs: 1_000, maxConcurrentWrites: 2 },
    );
    const pending = [1, 2, 3].map((n) => group.submit(n));
    await group.drain();
    expect(written.sort()).toEqual([1, 2, 3]);
    await Promise.all(pending);
  });

  describe("under a stall", () => {
    /** A writer that never finishes until released, as a frozen database does. */
    const stalled = () => {
      let release: () => void = () => {};
      const released = new Promise<void>((done) => (release = done));
      const write = async (items: number[]) => {
        await released;
        return items;
      };
      return { write, release: () => release() };
    };

    it("refuses at once when the queue is full, and says so", async () => {
      const writer = stalled();
      const group = new GroupCommit(writer.write, {
        maxBatch: 2,
        flushMs: 0,
        maxConcurrentWrites: 1,
        maxQueued: 3,
        writeTimeoutMs: 60_000,
        maxWaitMs: 60_000,
      });
      const first = group.submit(0); // written (and stuck)
      await new Promise((done) => setTimeout(done, 0));
      const queued = [1, 2, 3].map((n) => group.submit(n));
      await expect(group.submit(4)).rejects.toBeInstanceOf(OverloadedError);
      writer.release();
      await expect(Promise.all([first, ...queued])).resolves.toEqual([0, 1, 2, 3]);
    });

    it("answers the submitters of a write past its deadline with an error, never with done", async () => {
      const writer = stalled();
      const group = new GroupCommit(writer.write, {
        maxBatch: 10,
        flushMs: 0,
        maxConcurrentWrites: 1,
        writeTimeoutMs: 50, // a configured short deadline: this test waits that long
      });
      await expect(group.submit(1)).rejects.toThrow("did not finish in time");
      expect(group.lastOverloadAt).toBeGreaterThan(0);
      writer.release();
    });

    it("refuses items that waited too long for a write instead of writing them late", async () => {
      const writer = stalled();
      const group = new GroupCommit(writer.write, {
        maxBatch: 1,
        flushMs: 0,
        maxConcurrentWrites: 1,
        writeTimeoutMs: 60_000,
        maxWaitMs: 50,
      });
      // The group reads its queue's age from performance.now(): moved here, not waited for.
      vi.useFakeTimers({ toFake: ["performance"] });
      try {
        const first = group.submit(1);
        await new Promise((done) => setTimeout(done, 0));
        const late = group.submit(2);
        const seen: number[] = [];
        const waiting = late.catch((error: Error) => error.message);
        vi.advanceTimersByTime(80); // past maxWaitMs (the configured short wait)
        writer.release();
        await first.then((n) => seen.push(n));
        expect(await waiting).toBe("waited too long for a write");
        expect(seen).toEqual([1]);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it("fails fast while every write slot is stuck past its deadline, and closes when the database answers", async () => {
    const stalled: (() => void)[] = [];
    let stall = true;
    const group = new GroupCommit(
      (items: string[]) =>
        stall ? new Promise<string[]>((resume) => stalled.push(() => resume(items))) : Promise.resolve(items),
      { maxBatch: 1, flushMs: 0, maxConcurrentWrites: 2, writeTimeoutMs: 20 },
    );
    // Two writes take both slots, a third waits in the queue; the deadlines pass with the database stuck.
    const first = await Promise.allSettled([group.submit("a"), group.submit("b"), group.submit("c")]);
    expect(first.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(group.open).toBe(true);
    // Open: refused at once, nothing queued to wait out a deadline.
    await expect(group.submit("d")).rejects.toThrow(/not answering writes/);
    expect(group.queued).toBe(0);
    // One stuck write finishes: the breaker closes by itself and writes go through again.
    stall = false;
    stalled.shift()?.();
    await expect.poll(() => group.open).toBe(false);
    await expect(group.submit("e")).resolves.toBe("e");
  });
});
