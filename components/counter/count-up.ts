// The counter's count-up between samples: the displayed number moves from where it is to the new
// total over about one sample interval, so it reads as continuous. Every step is bounded: it never
// passes the target, always ends within the duration, and a total that went down (an nsqd
// restarted and its counters began again) is shown at once rather than counted down.

export interface CountUp {
  from: number;
  to: number;
  startedAt: number;
  durationMs: number;
}

/** The animation towards a new total, starting from what is displayed now. */
export function retarget(displayed: number | null, target: number, now: number, durationMs: number): CountUp {
  if (displayed === null || target <= displayed || durationMs <= 0) {
    return { from: target, to: target, startedAt: now, durationMs: 0 };
  }
  return { from: displayed, to: target, startedAt: now, durationMs };
}

/** The whole number to display at `now`: linear from `from` to `to`, clamped to both. */
export function valueAt(a: CountUp, now: number): number {
  if (a.durationMs <= 0 || now - a.startedAt >= a.durationMs) return a.to;
  const progress = Math.max(0, (now - a.startedAt) / a.durationMs);
  return Math.min(a.to, Math.floor(a.from + (a.to - a.from) * progress));
}

export function done(a: CountUp, now: number): boolean {
  return valueAt(a, now) === a.to;
}

/** The number nsqadmin shows: every channel's message_count on every node, summed. */
export function sumMessageCounts(stats: Record<string, { message_count: number }>): number {
  let sum = 0;
  for (const s of Object.values(stats)) sum += s.message_count;
  return sum;
}
