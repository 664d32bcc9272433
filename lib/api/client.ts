// The browser's fetch wrapper: JSON in, a typed error with nsqadmin's "message" out. Paths are the
// console's own ("/api/cluster"); the base path is added here.
import { withBasePath } from '../base-path';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** the answer's JSON body, when there was one: a mutation's "reason" and per-node "results" */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The server's explanation, when it gave one (403 and 400 carry a "reason"). */
  get reason(): string | null {
    const r = (this.body as { reason?: unknown } | null)?.reason;
    return typeof r === 'string' ? r : null;
  }
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(withBasePath(path), init);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'cannot reach the nsq-console server');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { message?: unknown } | null)?.message;
    throw new ApiError(res.status, typeof message === 'string' ? message : `HTTP ${res.status}`, body);
  }
  return body as T;
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { signal, headers: { accept: 'application/json' } });
}

/** A mutation: POST with a JSON body. Never retried: the caller decides whether to try again. */
export function postJson<T>(path: string, body: unknown): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A DELETE, with a JSON body when the route takes one (the tombstone names its topic). */
export function deleteJson<T>(path: string, body?: unknown): Promise<T> {
  return request<T>(path, {
    method: 'DELETE',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
