// nsqd's binary /mpub framing, for the console's publish tool and the scripts' test traffic alike
// (no 'server-only': the scripts run outside Next.js).

/** [count][size][body][size][body]..., int32 big-endian: bodies may hold newlines. */
export function mpubBody(bodies: readonly Buffer[]): Buffer {
  const out = Buffer.alloc(4 + bodies.reduce((n, b) => n + 4 + b.length, 0));
  let at = out.writeInt32BE(bodies.length, 0);
  for (const b of bodies) {
    at = out.writeInt32BE(b.length, at);
    at += b.copy(out, at);
  }
  return out;
}
