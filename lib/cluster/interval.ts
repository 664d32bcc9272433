// How often the whole cluster is swept. A sweep's own work (the poll worker reading every /stats, and
// this thread building the snapshot and recording history) is kept within a share of one core: on a
// cluster large enough that a sweep costs more than that at --poll-interval, sweeps are spaced
// further apart, and every page shows the interval in use. The work of answering requests is not
// counted: viewers never make the data staler. What someone is looking at stays live regardless
// (focus.ts).

/** The share of one core that sweeping may take. */
export const POLL_CPU_BUDGET = 0.1;
/** The interval follows the median work of this many recent sweeps, so one slow sweep does not swing it. */
const WORK_WINDOW = 3;

/** The interval that keeps sweeps costing `workMs` within the budget: --poll-interval, or longer in whole seconds. */
export function adaptiveInterval(configuredMs: number, workMs: number): number {
  const needed = workMs / POLL_CPU_BUDGET;
  return needed <= configuredMs ? configuredMs : Math.ceil(needed / 1000) * 1000;
}

/** The interval in use, following the work of recent sweeps. */
export class SweepInterval {
  private readonly recent: number[] = [];
  private current: number;

  constructor(private readonly configuredMs: number) {
    this.current = configuredMs;
  }

  get ms(): number {
    return this.current;
  }

  /** Takes one sweep's work into account and returns the interval to use from now. */
  record(workMs: number): number {
    this.recent.push(workMs);
    if (this.recent.length > WORK_WINDOW) this.recent.shift();
    const median = [...this.recent].sort((a, b) => a - b)[Math.floor(this.recent.length / 2)] ?? 0;
    const wanted = adaptiveInterval(this.configuredMs, median);
    // lengthen at once; shorten only for a clear gain, so the interval does not flap between neighbours
    if (wanted > this.current || wanted <= this.current * 0.75) this.current = wanted;
    return this.current;
  }
}
