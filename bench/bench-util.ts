// Helpers shared by the scale benchmarks (bench/upstream-load.ts, bench/api-latency.ts,
// bench/scale.ts): percentiles, a keep-alive HTTP client that counts bytes, and process CPU/RSS.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Agent, request } from 'undici';

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export { round };

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles; NaN when there are no values. */
export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!);
  return { n: s.length, p50: round(q(0.5)), p95: round(q(0.95)), p99: round(q(0.99)), max: round(s.at(-1) ?? NaN) };
}

export const median = (values: number[]): number => summarize(values).p50;

export interface GetResult {
  status: number;
  /** bytes as they came over the wire (gzip when the server compressed) */
  wireBytes: number;
  /** the body after decompression (only when `keepBody` was asked) */
  body?: Buffer;
  ms: number;
  /** set when the request failed without an HTTP status (timeout, reset, refused) */
  error?: string;
}

/**
 * A keep-alive HTTP client that, like a browser, asks for gzip, and reads every body to its end
 * while counting its bytes. undici keeps one pool per origin, so the console and nsqadmin never share
 * sockets; `connections` caps each pool.
 */
export class HttpClient {
  private readonly agent: Agent;

  constructor(connections: number) {
    this.agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
  }

  async get(
    url: string,
    opts: { timeoutMs: number; keepBody?: boolean; headers?: Record<string, string> },
  ): Promise<GetResult> {
    const t0 = performance.now();
    try {
      const res = await request(url, {
        method: 'GET',
        dispatcher: this.agent,
        headers: { 'accept-encoding': 'gzip', accept: 'application/json', ...opts.headers },
        headersTimeout: opts.timeoutMs,
        bodyTimeout: opts.timeoutMs,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      let wireBytes = 0;
      const chunks: Buffer[] = [];
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        wireBytes += chunk.length;
        if (opts.keepBody) chunks.push(chunk);
      }
      const ms = performance.now() - t0;
      let body: Buffer | undefined;
      if (opts.keepBody) {
        body = Buffer.concat(chunks);
        if (String(res.headers['content-encoding'] ?? '').includes('gzip')) body = gunzipSync(body);
      }
      return { status: res.statusCode, wireBytes, body, ms };
    } catch (e) {
      return {
        status: 0,
        wireBytes: 0,
        ms: performance.now() - t0,
        error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      };
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

let clockTicks: number | undefined;

/** CPU seconds (user + system) a process has used so far, from /proc; NaN if it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces; fields are counted after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return NaN;
  }
}

/** Resident set size in MiB, from /proc; NaN if the process is gone. */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 1) : NaN;
  } catch {
    return NaN;
  }
}

/** The console's snapshot header (GET /api/cluster?topics=false), or null while it has none. */
export interface ConsoleSnapshotInfo {
  seq: number;
  taken_at: number;
  poll_duration_ms: number;
  poll_interval_ms: number;
}

/** Every poll seen by consoleSnapshot in this process: seq → poll_duration_ms (for the poll-duration summary). */
export const pollsSeen = new Map<number, number>();

export async function consoleSnapshot(
  client: HttpClient,
  consoleUrl: string,
  timeoutMs = 30_000,
): Promise<ConsoleSnapshotInfo | null> {
  const res = await client.get(`${consoleUrl}/api/cluster?topics=false`, { timeoutMs, keepBody: true });
  if (res.status !== 200 || !res.body) return null;
  const j = JSON.parse(res.body.toString('utf8')) as Partial<ConsoleSnapshotInfo>;
  if (typeof j.seq !== 'number') return null;
  if (typeof j.poll_duration_ms === 'number') pollsSeen.set(j.seq, j.poll_duration_ms);
  return {
    seq: j.seq,
    taken_at: j.taken_at ?? NaN,
    poll_duration_ms: j.poll_duration_ms ?? NaN,
    poll_interval_ms: j.poll_interval_ms ?? NaN,
  };
}

/** Waits until the console has finished a poll newer than `afterSeq` (its first one by default). */
export async function waitForPoll(
  client: HttpClient,
  consoleUrl: string,
  afterSeq = 0,
  timeoutMs = 120_000,
): Promise<ConsoleSnapshotInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await consoleSnapshot(client, consoleUrl, timeoutMs).catch(() => null);
    if (s && s.seq > afterSeq) return s;
    if (Date.now() > deadline)
      throw new Error(`the console finished no poll after seq ${afterSeq} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/**
 * Waits until every URL answers 200 within `fastMs` three times in a row (or `maxMs` passes), so a
 * measurement does not start while a server still works off the previous one's backlog. Returns
 * how long that took, and whether the servers did settle.
 */
export async function settle(
  client: HttpClient,
  urls: string[],
  fastMs = 250,
  maxMs = 60_000,
): Promise<{ ms: number; settled: boolean }> {
  const t0 = performance.now();
  let inARow = 0;
  while (performance.now() - t0 < maxMs) {
    const res = await Promise.all(urls.map((u) => client.get(u, { timeoutMs: maxMs })));
    inARow = res.every((r) => r.status === 200 && r.ms <= fastMs) ? inARow + 1 : 0;
    if (inARow >= 3) return { ms: Math.round(performance.now() - t0), settled: true };
    await sleep(100);
  }
  return { ms: Math.round(performance.now() - t0), settled: false };
}
