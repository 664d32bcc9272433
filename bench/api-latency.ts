// API latency: p50/p95/p99 and body size of the topic list, topic page, channel page and nodes list,
// for nsqadmin, for the console on the same nsqadmin-compatible paths, and for the console on the
// routes its own pages use (as recorded in Chromium by bench/record-pages.ts). Each route is timed
// sequentially over one keep-alive connection, then with `concurrency` requests in flight at once;
// each variant stops at its sample count or its time cap, whichever comes first, and reports n.
import { HttpClient, round, type Summary, settle, sleep, summarize } from './bench-util';

export type LatencySide = 'nsqadmin' | 'console, nsqadmin routes' | 'console, own routes';

export interface LatencyRoute {
  side: LatencySide;
  /** what the route serves: "topic list", "topic page: /api/cluster/topics/{topic}", ... */
  name: string;
  /** path and query under the server's root */
  path: string;
}

export interface ApiLatencyOptions {
  consoleUrl: string;
  nsqadminAddress: string;
  /** the console's own routes, from the recordings */
  ownRoutes: { name: string; path: string }[];
  /** the topic and the channel for the nsqadmin-compatible topic and channel pages */
  topic: string;
  channelTopic: string;
  channel: string;
  /** samples per variant (sequential and concurrent) */
  samples: { sequential: number; concurrent: number };
  /** time cap per variant */
  maxMsPerVariant: number;
  concurrency: number;
  log?: (message: string) => void;
}

export interface VariantResult {
  latency_ms: Summary;
  /** completed requests per second */
  throughput_per_s: number;
  errors: number;
  error_samples: string[];
  /** stopped by the time cap before the sample count was reached */
  capped: boolean;
}

export interface RouteLatency extends LatencyRoute {
  /** the first request's status (0: no answer) and error */
  status: number;
  first_error?: string;
  first_ms: number;
  /** how long both servers took to answer /ping quickly before this route; null if not within 10 s */
  settle_ms: number | null;
  /** the body after gzip was undone */
  body_bytes: number;
  /** what came over the wire (the client asks for gzip, as a browser does) */
  wire_bytes: number;
  sequential: VariantResult;
  concurrent: VariantResult & { concurrency: number };
}

export interface ApiLatencyResult {
  method: string;
  routes: RouteLatency[];
}

/** nsqadmin's SPA waits 20 s (jQuery's timeout); the console's pages have no limit, 30 s here. */
const TIMEOUT_MS: Record<LatencySide, number> = {
  nsqadmin: 20_000,
  'console, nsqadmin routes': 30_000,
  'console, own routes': 30_000,
};

async function variant(
  client: HttpClient,
  url: string,
  timeoutMs: number,
  samples: number,
  maxMs: number,
  concurrency: number,
): Promise<VariantResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  const worker = async () => {
    while (started < samples && performance.now() < deadline) {
      started++;
      const r = await client.get(url, { timeoutMs });
      if (r.status === 200) latencies.push(r.ms);
      else {
        errors++;
        if (errorSamples.length < 3) errorSamples.push(`${r.error ?? `HTTP ${r.status}`} after ${Math.round(r.ms)} ms`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - t0;
  return {
    latency_ms: summarize(latencies),
    throughput_per_s: round(((latencies.length + errors) * 1000) / elapsed, 1),
    errors,
    error_samples: errorSamples,
    capped: started < samples,
  };
}

export function latencyRoutes(
  opts: Pick<ApiLatencyOptions, 'ownRoutes' | 'topic' | 'channelTopic' | 'channel'>,
): LatencyRoute[] {
  const t = encodeURIComponent(opts.topic);
  const compat = [
    { name: 'topic list', path: '/api/topics' },
    { name: 'topic page', path: `/api/topics/${t}` },
    {
      name: 'channel page',
      path: `/api/topics/${encodeURIComponent(opts.channelTopic)}/${encodeURIComponent(opts.channel)}`,
    },
    { name: 'nodes', path: '/api/nodes' },
  ];
  return [
    ...compat.map((r) => ({ side: 'nsqadmin' as const, ...r })),
    ...compat.map((r) => ({ side: 'console, nsqadmin routes' as const, ...r })),
    ...opts.ownRoutes.map((r) => ({ side: 'console, own routes' as const, ...r })),
  ];
}

export async function measureApiLatency(opts: ApiLatencyOptions): Promise<ApiLatencyResult> {
  const log = opts.log ?? (() => undefined);
  const clients = { nsqadmin: new HttpClient(opts.concurrency + 2), console: new HttpClient(opts.concurrency + 2) };
  const routes: RouteLatency[] = [];
  try {
    for (const route of latencyRoutes(opts)) {
      const client = route.side === 'nsqadmin' ? clients.nsqadmin : clients.console;
      const url =
        route.side === 'nsqadmin' ? `http://${opts.nsqadminAddress}${route.path}` : `${opts.consoleUrl}${route.path}`;
      const timeoutMs = TIMEOUT_MS[route.side];
      log(`  api latency: ${route.side}: ${route.path}`);
      const settled = await settle(
        clients.console,
        [`${opts.consoleUrl}/ping`, `http://${opts.nsqadminAddress}/ping`],
        250,
        10_000,
      );
      // one request keeps the body (for its size) and opens the connection; one more warms up
      const first = await client.get(url, { timeoutMs, keepBody: true });
      await client.get(url, { timeoutMs });
      const sequential = await variant(client, url, timeoutMs, opts.samples.sequential, opts.maxMsPerVariant, 1);
      await sleep(200);
      const concurrent = await variant(
        client,
        url,
        timeoutMs,
        opts.samples.concurrent,
        opts.maxMsPerVariant,
        opts.concurrency,
      );
      routes.push({
        ...route,
        status: first.status,
        ...(first.error ? { first_error: first.error } : {}),
        first_ms: Math.round(first.ms),
        settle_ms: settled.settled ? settled.ms : null,
        body_bytes: first.body?.length ?? 0,
        wire_bytes: first.wireBytes,
        sequential,
        concurrent: { ...concurrent, concurrency: opts.concurrency },
      });
    }
  } finally {
    await Promise.all([clients.nsqadmin.close(), clients.console.close()]);
  }
  return {
    method:
      `each route: both servers answer /ping within 250 ms 3 times in a row first (at most 10 s), 2 warm-up requests, then up to ${opts.samples.sequential} sequential requests over keep-alive, then up to ` +
      `${opts.samples.concurrent} with ${opts.concurrency} in flight; each variant capped at ${opts.maxMsPerVariant} ms; ` +
      'client asks for gzip; latency = request sent → last body byte; errors (non-200, timeouts) are counted apart, not in the percentiles',
    routes,
  };
}
