import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { RenderedEmail } from "./render.ts";
import type { WeeklyReportEmailProps } from "./weekly-report.tsx";

export type RenderEmail = (props: WeeklyReportEmailProps) => Promise<RenderedEmail>;

/**
 * Weekly report emails rendered on worker threads. Rendering is the CPU-bound part of a weekly run (3–4 ms
 * an email: React, then the HTML-to-text conversion); on the send job's own thread it held a 10,000
 * store run to about 120 emails a second, under the provider's 200. Here it runs beside that thread's
 * queries, ledger writes and provider requests. One thread fewer than the cores by default (at least
 * one): the rest of the machine has the gateway, the subgraphs and PostgreSQL to run.
 */
export function createRenderPool(threads = Math.max(1, availableParallelism() - 1)) {
  const pool = new Piscina({
    filename: new URL("./render-worker.ts", import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // The thread loads TypeScript through tsx, whoever started the process (a test runner included).
    execArgv: ["--import", "tsx"],
    // Bounded: a send job waits for its renders, so at most a few pages' emails are ever queued.
    maxQueue: 1_000,
  });
  const render: RenderEmail = (props) => pool.run(props);
  return { render, close: () => pool.destroy() };
}
