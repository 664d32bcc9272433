// Server-Sent Events as the tail writes them (one `event:` and one `data:` line of JSON per event, a
// blank line after each), read back by the browser's tail hook and the tests. EventSource cannot be
// used: it hides a refusal's status and reason, and the tail's refusals are worth reading.

export interface SseEvent {
  event: string;
  data: unknown;
}

/** The whole events in `buffer`, and what is left of it (the start of the next event). */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const events: SseEvent[] = [];
  let rest = buffer;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const lines = rest.slice(0, end).split('\n');
    rest = rest.slice(end + 2);
    const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
    const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
    // comments (": keepalive") have neither
    if (event !== undefined && data !== undefined) events.push({ event, data: JSON.parse(data) });
  }
  return { events, rest };
}

/** Reads an SSE response body to its end (or until aborted), handing each event to `onEvent`. */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    const parsed = parseSse(buffer + decoder.decode(value, { stream: true }));
    buffer = parsed.rest;
    for (const e of parsed.events) onEvent(e);
  }
}
