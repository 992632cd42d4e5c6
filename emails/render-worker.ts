// A render thread of the pool in render-pool.ts: one email per task.
import { renderWeeklyReport } from "./render.ts";

export default renderWeeklyReport;
