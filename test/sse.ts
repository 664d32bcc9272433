// Opens the tail as a viewer does, for tests: the status and reason of a refusal, or the events as they
// come. stop() leaves as a viewer closing the page does.
import { readSse, type SseEvent } from '../lib/messages/sse';

export interface SseStream {
  status: number;
  /** the JSON body, when the server refused the stream */
  refusal: unknown;
  /** every event so far */
  events: SseEvent[];
  stop(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  if (!res.ok || !res.body)
    return { status: res.status, refusal: await res.json().catch(() => null), events, stop() {} };
  readSse(res.body, (e) => events.push(e)).catch((e: Error) => {
    if (e.name !== 'AbortError') throw e;
  });
  return { status: res.status, refusal: null, events, stop: () => abort.abort() };
}
