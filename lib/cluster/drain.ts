// How long a backlog takes to drain at the current rates. Pure, and safe for the browser.

export type DrainEstimate =
  | { state: 'empty' }
  | { state: 'draining'; seconds: number }
  | { state: 'not-draining' }
  | { state: 'unknown' };

/**
 * depth ÷ (consume rate − publish rate): the time until depth reaches 0 if both rates hold.
 * "not-draining" when messages arrive at least as fast as they leave (including no consumer).
 */
export function estimateDrain(depth: number, consumeRate: number | null, publishRate: number | null): DrainEstimate {
  if (depth <= 0) return { state: 'empty' };
  if (consumeRate === null || publishRate === null) return { state: 'unknown' };
  const net = consumeRate - publishRate;
  if (net <= 0) return { state: 'not-draining' };
  return { state: 'draining', seconds: depth / net };
}
