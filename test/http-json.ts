// Small helpers for tests that read JSON from the console, nsqd and nsqadmin over real HTTP.
import { httpRequest } from '../scripts/nsq-cluster';

export interface JsonResponse<T> {
  status: number;
  body: T;
}

export async function getJson<T = Record<string, unknown>>(url: string): Promise<JsonResponse<T>> {
  const res = await httpRequest('GET', url, { timeoutMs: 10_000 });
  let body: T;
  try {
    body = JSON.parse(res.body) as T;
  } catch {
    throw new Error(`GET ${url}: HTTP ${res.status}, not JSON: ${res.body.slice(0, 200)}`);
  }
  return { status: res.status, body };
}

export async function post(url: string, body?: string): Promise<void> {
  const res = await httpRequest('POST', url, { body, timeoutMs: 10_000 });
  if (res.status !== 200) throw new Error(`POST ${url}: HTTP ${res.status} ${res.body}`);
}

/** nsqd's own answer for one topic, the ground truth the console is compared with. */
export interface NsqdTopicTruth {
  topic_name: string;
  depth: number;
  backend_depth: number;
  message_count: number;
  message_bytes: number;
  paused: boolean;
  channels: {
    channel_name: string;
    depth: number;
    backend_depth: number;
    in_flight_count: number;
    deferred_count: number;
    requeue_count: number;
    timeout_count: number;
    message_count: number;
    client_count: number;
    paused: boolean;
  }[];
}

export async function nsqdTopic(nsqdHttp: string, topic: string): Promise<NsqdTopicTruth | undefined> {
  const q = new URLSearchParams({ format: 'json', topic, include_clients: 'false', include_mem: 'false' });
  const { body } = await getJson<{ topics: NsqdTopicTruth[] | null }>(`http://${nsqdHttp}/stats?${q}`);
  return body.topics?.find((t) => t.topic_name === topic);
}

/** Polls `read` until `ok` holds (for hooks, where expect.poll is not allowed). */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}
