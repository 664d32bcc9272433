// Upstream load: how many requests nsq-console and nsqadmin send to nsqd and nsqlookupd with 0, 1,
// 10 and 50 viewers on the topic list and topic pages, on one simulated cluster (bench/sim).
//
// Viewers are HTTP clients, not browsers:
// - a console viewer replays the /api/... requests its page was RECORDED making in Chromium
//   (bench/record-pages.ts), each at its recorded cadence, over keep-alive;
// - nsqadmin's pages never refresh themselves (only its Counter page polls), so an nsqadmin viewer is
//   modelled as reloading its page once per console poll interval, to see data as fresh as the
//   console shows: the page's one API call (topic list: GET /api/topics; topic page:
//   GET /api/topics/:t). The HTML and static files of a reload cost nsqadmin no upstream request and
//   are not replayed. A reload waits for the previous one (like a person pressing F5 after the page
//   has drawn), so a slow nsqadmin gets fewer reloads than the model asks; the window reports both.
//   "Per page load" figures let a reader rescale to any other reload rate.
//
// Console and nsqadmin are measured in separate windows. The console polls in the background all the
// time, so its requests are also present during nsqadmin's windows: the simulator splits its counts by
// User-Agent (nsqadmin's Go client says "Go-http-client", the console's undici sends none), and each
// side is charged only with its own requests.
import { setMaxListeners } from 'node:events';
import {
  consoleSnapshot,
  cpuSeconds,
  HttpClient,
  round,
  rssMiB,
  type Summary,
  settle,
  sleep,
  summarize,
  waitForPoll,
} from './bench-util';
import { expandTemplate, type PageRecording } from './record-pages';
import type { AgentCounts, RequestCounts } from './sim/server';
import type { SimulatorProcess } from './sim/spawn';

export const NSQADMIN_AGENT = 'Go-http-client';
export const CONSOLE_AGENT = '-';
/** jQuery's timeout in nsqadmin's SPA: a page load that takes longer fails in the browser */
const NSQADMIN_BROWSER_TIMEOUT_MS = 20_000;
/** react-query has no timeout; a viewer request this slow is counted as an error */
const CONSOLE_REQUEST_TIMEOUT_MS = 30_000;
/** after a window, how long to wait for the viewers' requests still in flight to end */
const DRAIN_TIMEOUT_MS = 30_000;

export type PageKind = 'topic_list' | 'topic_page';
type Side = 'console' | 'nsqadmin';

export interface UpstreamLoadOptions {
  sim: SimulatorProcess;
  /** simulated nsqd count (for the sanity checks) */
  nodes: number;
  consoleUrl: string;
  consolePid: number;
  /** host:port of nsqadmin's HTTP listener */
  nsqadminAddress: string;
  nsqadminPid?: number;
  /** what the console's /topics and /topics/<topic> asked for in Chromium */
  recordings: Record<PageKind, PageRecording>;
  /** topics the topic-page viewers spread over, one per viewer (cycled when there are fewer) */
  topics: string[];
  /** the channels of each of those topics (the simulator gives every topic the same ones) */
  channels: string[];
  windowMs: number;
  /** viewers run this long before a window opens, so the window sees their steady state */
  warmupMs?: number;
  /** the console's --poll-interval, and so the nsqadmin viewers' reload period */
  pollIntervalMs: number;
  /** viewer counts beyond 1 are split half on the topic list, half on topic pages */
  viewerCounts?: number[];
  log?: (message: string) => void;
}

export interface UpstreamRates {
  nsqd_stats_per_min: number;
  nsqd_requests_per_min: number;
  nsqd_bytes_per_min: number;
  lookupd_requests_per_min: number;
  lookupd_bytes_per_min: number;
  /** the raw counts over the window, by path */
  nsqd_paths: Record<string, number>;
  /** the window's /stats by what they asked: "all" (a poll), "topic", "topic+channel", "+clients" */
  nsqd_stats_by_query: Record<string, number>;
  lookupd_paths: Record<string, number>;
}

export interface LoadWindow {
  side: Side;
  label: string;
  viewers: { topic_list: number; topic_page: number };
  window_ms: number;
  /** how long both servers took to answer /ping quickly again before the window; null if they never did (60 s) */
  settle_ms: number | null;
  /** this side's own upstream requests */
  upstream: UpstreamRates;
  /** the other side's background requests in the same window (the console's poll during nsqadmin's), excluded above */
  excluded_other_agents: { nsqd_stats: number; nsqd_requests: number; lookupd_requests: number };
  viewer_requests: {
    sent: number;
    ok: number;
    errors: number;
    error_samples: string[];
    latency_ms: Summary;
    /** what the viewers received on the wire (gzip), per minute */
    wire_bytes_per_min: number;
  };
  /** nsqadmin: page reloads started in the window and answered 200, against the one-per-interval the model asks */
  page_loads?: { done_per_min: number; modelled_per_min: number };
  /**
   * the console's polls: started in the window (each begins with lookupd /nodes), finished in it
   * (snapshot seq; read through the console, so late when it is busy), and the last one's duration
   */
  console_polls?: {
    started: number;
    completed: number | null;
    last_poll_duration_ms: number | null;
    poll_interval_ms: number | null;
  };
  process: { cpu_seconds_per_min: number; rss_mib: number };
}

export interface PerPageLoad {
  side: Side;
  page: string;
  /** the API requests one load makes */
  requests: string[];
  nsqd_stats: number;
  /** every /stats seen, by what it asked (poll-shaped "all" ones included) */
  nsqd_stats_by_query: Record<string, number>;
  nsqd_requests: number;
  /** null when the console's poll ran at the same time (its bytes cannot be told apart) */
  nsqd_bytes: number | null;
  lookupd_requests: number;
  lookupd_bytes: number | null;
  /** the console's own poll requests that fell in the measurement, left out of the counts above */
  excluded_poll_requests: number;
  ms: number;
  status: number[];
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface UpstreamLoadResult {
  model: string;
  poll_interval_ms: number;
  window_ms: number;
  warmup_ms: number;
  replayed: Record<PageKind, { template: string; interval_ms: number | null }[]>;
  per_page_load: PerPageLoad[];
  windows: LoadWindow[];
  /** nsqadmin's rate ÷ the console's, per viewer count (nsqd /stats, all nsqd requests, lookupd) */
  ratios: {
    label: string;
    nsqd_stats: number | null;
    nsqd_requests: number | null;
    lookupd_requests: number | null;
    nsqd_bytes: number | null;
  }[];
  checks: Check[];
}

export const MODEL_TEXT =
  'console viewer = HTTP client replaying the /api requests its page made in Chromium, at the recorded cadence; ' +
  'nsqadmin viewer = reloads its page (its one API call: GET /api/topics or GET /api/topics/:t) once per console poll interval, ' +
  'waiting for the previous load, since nsqadmin pages never refresh themselves; HTML and static files are not replayed (no upstream cost). ' +
  'Viewers > 1: half on the topic list, half on topic pages of different topics. 1 viewer: one window per page.';

/** One viewer request: when it was sent (performance.now()) and how it went. */
interface Sent {
  at: number;
  url: string;
  ms: number;
  status: number;
  wireBytes: number;
  error?: string;
  pageLoad: boolean;
}

/** One request repeated on a fixed schedule that, like react-query's interval, skips ticks while busy. */
async function repeat(
  signal: AbortSignal,
  firstAt: number,
  intervalMs: number | null,
  once: () => Promise<void>,
): Promise<void> {
  await sleep(firstAt, signal);
  let next = performance.now();
  while (!signal.aborted) {
    await once();
    if (intervalMs === null) return;
    next += intervalMs;
    const now = performance.now();
    while (next < now) next += intervalMs;
    await sleep(next - now, signal);
  }
}

interface ViewerSpec {
  page: PageKind;
  topic?: string;
}

function viewerSpecs(count: number, topics: string[], only?: PageKind): ViewerSpec[] {
  if (only)
    return Array.from({ length: count }, (_, i) =>
      only === 'topic_list' ? { page: only } : { page: only, topic: topics[i % topics.length]! },
    );
  const list = Math.ceil(count / 2);
  return [
    ...Array.from({ length: list }, (): ViewerSpec => ({ page: 'topic_list' })),
    ...Array.from(
      { length: count - list },
      (_, i): ViewerSpec => ({ page: 'topic_page', topic: topics[i % topics.length]! }),
    ),
  ];
}

function startViewers(
  side: Side,
  specs: ViewerSpec[],
  opts: UpstreamLoadOptions,
  client: HttpClient,
  sent: Sent[],
): { stop(): Promise<void> } {
  const ac = new AbortController();
  // every scheduled request of every viewer waits on this one signal
  setMaxListeners(0, ac.signal);
  const jobs: Promise<void>[] = [];
  const record = async (url: string, timeoutMs: number, pageLoad: boolean) => {
    const at = performance.now();
    const r = await client.get(url, { timeoutMs });
    sent.push({ at, url, ms: r.ms, status: r.status, wireBytes: r.wireBytes, error: r.error, pageLoad });
  };
  specs.forEach((spec, i) => {
    // viewers arrive spread over one interval, as people opening the page at different moments
    const stagger = (i / Math.max(1, specs.length)) * opts.pollIntervalMs;
    if (side === 'console') {
      const rec = opts.recordings[spec.page];
      const origin = Math.min(...rec.api.map((r) => r.first_ms));
      for (const r of rec.api) {
        for (const path of expandTemplate(r.template, { topic: spec.topic, channels: opts.channels })) {
          const url = `${opts.consoleUrl}${path}`;
          jobs.push(
            repeat(ac.signal, stagger + r.first_ms - origin, r.interval_ms, () =>
              record(url, CONSOLE_REQUEST_TIMEOUT_MS, false),
            ),
          );
        }
      }
    } else {
      const path = spec.page === 'topic_list' ? '/api/topics' : `/api/topics/${encodeURIComponent(spec.topic!)}`;
      const url = `http://${opts.nsqadminAddress}${path}`;
      jobs.push(repeat(ac.signal, stagger, opts.pollIntervalMs, () => record(url, NSQADMIN_BROWSER_TIMEOUT_MS, true)));
    }
  });
  return {
    stop: async () => {
      ac.abort();
      // requests in flight are let finish (nsqadmin's fan-out goes on whether or not the browser waits),
      // so they do not spill into the next window
      await Promise.race([Promise.all(jobs), sleep(DRAIN_TIMEOUT_MS)]);
    },
  };
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
const EMPTY: AgentCounts = { nsqd: {}, nsqd_stats_by_query: {}, nsqd_bytes: 0, lookupd: {}, lookupd_bytes: 0 };
const agentCounts = (c: RequestCounts, agent: string): AgentCounts => c.by_agent[agent] ?? EMPTY;

function rates(c: AgentCounts, ms: number): UpstreamRates {
  const perMin = (n: number) => round((n * 60_000) / ms, 1);
  return {
    nsqd_stats_per_min: perMin(c.nsqd['/stats'] ?? 0),
    nsqd_requests_per_min: perMin(sum(c.nsqd)),
    nsqd_bytes_per_min: Math.round((c.nsqd_bytes * 60_000) / ms),
    lookupd_requests_per_min: perMin(sum(c.lookupd)),
    lookupd_bytes_per_min: Math.round((c.lookupd_bytes * 60_000) / ms),
    nsqd_paths: c.nsqd,
    nsqd_stats_by_query: c.nsqd_stats_by_query,
    lookupd_paths: c.lookupd,
  };
}

/**
 * Where a window opens and how long it lasts, so that it holds whole poll cycles or whole reload
 * periods rather than cutting one at each edge (a 6 s window at a 2 s period would otherwise count
 * 2 or 3 of them by chance).
 * - nsqadmin: viewer i of N reloads at start + i × interval/N + m × interval; the window opens
 *   midway between two of those ticks and lasts a whole number of intervals.
 * - console: polls start every max(interval, duration + interval/10) from the last snapshot's
 *   taken_at (lib/cluster/poller.ts); the window opens in the middle of the idle gap between two
 *   polls and lasts a whole number of cycles.
 */
async function alignedWindow(
  side: Side,
  opts: UpstreamLoadOptions,
  client: HttpClient,
  viewersStartedAt: number,
  viewers: number,
): Promise<{ openAt: number; lengthMs: number }> {
  const I = opts.pollIntervalMs;
  const warmup = opts.warmupMs ?? I;
  if (side === 'nsqadmin') {
    const k = Math.max(1, Math.round(opts.windowMs / I));
    // viewers reload at staggers of I/N: open midway between two of them
    return {
      openAt: viewersStartedAt + Math.max(1, Math.ceil(warmup / I)) * I + I / (2 * Math.max(1, viewers)),
      lengthMs: k * I,
    };
  }
  await sleep(viewersStartedAt + warmup - Date.now());
  const snap = await consoleSnapshot(client, opts.consoleUrl).catch(() => null);
  const k = (cycle: number) => Math.max(1, Math.round(opts.windowMs / cycle));
  if (!snap || !Number.isFinite(snap.poll_duration_ms)) return { openAt: Date.now(), lengthMs: k(I) * I };
  const d = snap.poll_duration_ms;
  // the interval in use: --poll-interval, or longer where the console spaces costly polls out
  const inUse = Number.isFinite(snap.poll_interval_ms) ? Math.max(I, snap.poll_interval_ms) : I;
  const cycle = Math.max(inUse, d + inUse / 10);
  let openAt = snap.taken_at + d + (cycle - d) / 2;
  while (openAt < Date.now() + 20) openAt += cycle;
  return { openAt, lengthMs: k(cycle) * cycle };
}

async function measureWindow(
  side: Side,
  label: string,
  specs: ViewerSpec[],
  opts: UpstreamLoadOptions,
  client: HttpClient,
): Promise<LoadWindow> {
  // both servers first work off what the previous window left them (the other side's viewers
  // included), so neither pays for the other's backlog
  const settled = await settle(client, [`${opts.consoleUrl}/ping`, `http://${opts.nsqadminAddress}/ping`]);
  const sent: Sent[] = [];
  const viewersStartedAt = Date.now();
  const viewers = startViewers(side, specs, opts, client, sent);
  const pid = side === 'console' ? opts.consolePid : opts.nsqadminPid;
  const own = side === 'console' ? CONSOLE_AGENT : NSQADMIN_AGENT;
  let counts: RequestCounts;
  let cpu: number;
  let cpuMs: number;
  let before: Awaited<ReturnType<typeof consoleSnapshot>> = null;
  let after: Awaited<ReturnType<typeof consoleSnapshot>> = null;
  let t0 = 0;
  let lengthMs = 0;
  try {
    const aligned = await alignedWindow(side, opts, client, viewersStartedAt, specs.length);
    lengthMs = aligned.lengthMs;
    await sleep(aligned.openAt - Date.now());
    if (side === 'console') before = await consoleSnapshot(client, opts.consoleUrl).catch(() => null);
    const cpu0 = pid === undefined ? NaN : cpuSeconds(pid);
    await opts.sim.reset();
    t0 = performance.now();
    await sleep(lengthMs);
    cpu = pid === undefined ? NaN : cpuSeconds(pid) - cpu0;
    cpuMs = performance.now() - t0;
    counts = await opts.sim.counts();
    if (side === 'console') after = await consoleSnapshot(client, opts.consoleUrl).catch(() => null);
  } finally {
    await viewers.stop();
  }
  // upstream rates over the window as the simulator saw it (a busy simulator answers the reset and
  // the read late); viewer figures over the requests SENT in the window (answers may come later)
  const elapsed = counts.at_ms - counts.since_ms;
  const inWindow = sent.filter((r) => r.at >= t0 && r.at < t0 + lengthMs);
  const failed = inWindow.filter((r) => !(r.status >= 200 && r.status < 300));
  const mine = agentCounts(counts, own);
  const others = Object.entries(counts.by_agent)
    .filter(([a]) => a !== own)
    .map(([, c]) => c);
  const viewerPerMin = (n: number) => round((n * 60_000) / lengthMs, 1);
  const window: LoadWindow = {
    side,
    label,
    viewers: {
      topic_list: specs.filter((s) => s.page === 'topic_list').length,
      topic_page: specs.filter((s) => s.page === 'topic_page').length,
    },
    window_ms: Math.round(elapsed),
    settle_ms: settled.settled ? settled.ms : null,
    upstream: rates(mine, elapsed),
    excluded_other_agents: {
      nsqd_stats: others.reduce((a, c) => a + (c.nsqd['/stats'] ?? 0), 0),
      nsqd_requests: others.reduce((a, c) => a + sum(c.nsqd), 0),
      lookupd_requests: others.reduce((a, c) => a + sum(c.lookupd), 0),
    },
    viewer_requests: {
      sent: inWindow.length,
      ok: inWindow.length - failed.length,
      errors: failed.length,
      error_samples: failed
        .slice(0, 5)
        .map(
          (r) =>
            `${r.url.replace(/^https?:\/\/[^/]+/, '')}: ${r.error ?? `HTTP ${r.status}`} after ${Math.round(r.ms)} ms`,
        ),
      latency_ms: summarize(inWindow.map((r) => r.ms)),
      wire_bytes_per_min: Math.round((inWindow.reduce((a, r) => a + r.wireBytes, 0) * 60_000) / lengthMs),
    },
    process: { cpu_seconds_per_min: round((cpu * 60_000) / cpuMs, 2), rss_mib: pid === undefined ? NaN : rssMiB(pid) },
  };
  if (side === 'nsqadmin') {
    window.page_loads = {
      done_per_min: viewerPerMin(inWindow.filter((r) => r.pageLoad && r.status === 200).length),
      modelled_per_min: round((specs.length * 60_000) / opts.pollIntervalMs, 1),
    };
  }
  if (side === 'console') {
    window.console_polls = {
      started: mine.lookupd['/nodes'] ?? 0,
      completed: before && after ? after.seq - before.seq : null,
      last_poll_duration_ms: after?.poll_duration_ms ?? null,
      poll_interval_ms: after && Number.isFinite(after.poll_interval_ms) ? after.poll_interval_ms : null,
    };
  }
  return window;
}

/** lookupd calls a console poll makes (besides one unfiltered /stats per nsqd) */
const POLL_LOOKUPD_PATHS = ['/nodes', '/topics', '/info'];

/**
 * Upstream requests of ONE page load, measured alone: nsqadmin's API call for the page; the
 * console's recorded requests for the page, each once, sent together as the page sends them. The
 * console's background poll may run meanwhile (at 50 nodes and more it runs nearly all the time):
 * its requests have a shape no page request has (unfiltered /stats, lookupd /nodes /topics /info),
 * so they are counted apart, and the measurement is tried again, up to 3 times, for a clean one.
 */
async function perPageLoad(
  side: Side,
  page: string,
  urls: string[],
  opts: UpstreamLoadOptions,
  client: HttpClient,
): Promise<PerPageLoad> {
  const own = side === 'console' ? CONSOLE_AGENT : NSQADMIN_AGENT;
  for (let attempt = 1; ; attempt++) {
    if (side === 'console') {
      // start just after a poll ends, when one is quick to come
      const s = await consoleSnapshot(client, opts.consoleUrl).catch(() => null);
      await waitForPoll(client, opts.consoleUrl, s?.seq ?? 0, 3 * opts.pollIntervalMs).catch(() => undefined);
    }
    await opts.sim.reset();
    const t0 = performance.now();
    const res = await Promise.all(
      urls.map((u) =>
        client.get(u, { timeoutMs: side === 'console' ? CONSOLE_REQUEST_TIMEOUT_MS : NSQADMIN_BROWSER_TIMEOUT_MS }),
      ),
    );
    const ms = performance.now() - t0;
    const c = agentCounts(await opts.sim.counts(), own);
    const pollStats = side === 'console' ? (c.nsqd_stats_by_query.all ?? 0) : 0;
    const pollLookupd = side === 'console' ? POLL_LOOKUPD_PATHS.reduce((a, p) => a + (c.lookupd[p] ?? 0), 0) : 0;
    const overlapped = pollStats + pollLookupd > 0;
    if (overlapped && attempt < 3) continue;
    return {
      side,
      page,
      requests: urls.map((u) => u.replace(/^https?:\/\/[^/]+/, '')),
      nsqd_stats: (c.nsqd['/stats'] ?? 0) - pollStats,
      nsqd_stats_by_query: c.nsqd_stats_by_query,
      nsqd_requests: sum(c.nsqd) - pollStats,
      nsqd_bytes: overlapped ? null : c.nsqd_bytes,
      lookupd_requests: sum(c.lookupd) - pollLookupd,
      lookupd_bytes: overlapped ? null : c.lookupd_bytes,
      excluded_poll_requests: pollStats + pollLookupd,
      ms: Math.round(ms),
      status: res.map((r) => r.status),
    };
  }
}

const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 1) : null);

export async function measureUpstreamLoad(opts: UpstreamLoadOptions): Promise<UpstreamLoadResult> {
  const log = opts.log ?? (() => undefined);
  const viewerCounts = opts.viewerCounts ?? [1, 10, 50];
  const client = new HttpClient(Math.max(16, 8 * Math.max(...viewerCounts)));
  const windows: LoadWindow[] = [];
  const perLoad: PerPageLoad[] = [];
  try {
    // one page load each, alone
    const sampleTopic = opts.topics[0]!;
    for (const [page, rec] of Object.entries(opts.recordings) as [PageKind, PageRecording][]) {
      const topic = page === 'topic_page' ? sampleTopic : undefined;
      const urls = rec.api.flatMap((r) =>
        expandTemplate(r.template, { topic, channels: opts.channels }).map((p) => `${opts.consoleUrl}${p}`),
      );
      perLoad.push(await perPageLoad('console', page, urls, opts, client));
      const adminPath = page === 'topic_list' ? '/api/topics' : `/api/topics/${encodeURIComponent(sampleTopic)}`;
      perLoad.push(await perPageLoad('nsqadmin', page, [`http://${opts.nsqadminAddress}${adminPath}`], opts, client));
    }

    const plan: { label: string; specs: ViewerSpec[]; sides: Side[] }[] = [
      { label: '0 viewers', specs: [], sides: ['console'] },
    ];
    for (const n of viewerCounts) {
      if (n === 1) {
        plan.push({
          label: '1 viewer, topic list',
          specs: viewerSpecs(1, opts.topics, 'topic_list'),
          sides: ['console', 'nsqadmin'],
        });
        plan.push({
          label: '1 viewer, topic page',
          specs: viewerSpecs(1, opts.topics, 'topic_page'),
          sides: ['console', 'nsqadmin'],
        });
      } else {
        plan.push({ label: `${n} viewers`, specs: viewerSpecs(n, opts.topics), sides: ['console', 'nsqadmin'] });
      }
    }
    for (const step of plan) {
      for (const side of step.sides) {
        log(`  upstream load: ${side}, ${step.label}`);
        windows.push(await measureWindow(side, step.label, step.specs, opts, client));
      }
    }
  } finally {
    await client.close();
  }

  const ratios = [...new Set(windows.map((w) => w.label))].flatMap((label) => {
    const con = windows.find((w) => w.side === 'console' && w.label === label);
    const adm = windows.find((w) => w.side === 'nsqadmin' && w.label === label);
    if (!con || !adm) return [];
    return [
      {
        label,
        nsqd_stats: ratio(adm.upstream.nsqd_stats_per_min, con.upstream.nsqd_stats_per_min),
        nsqd_requests: ratio(adm.upstream.nsqd_requests_per_min, con.upstream.nsqd_requests_per_min),
        lookupd_requests: ratio(adm.upstream.lookupd_requests_per_min, con.upstream.lookupd_requests_per_min),
        nsqd_bytes: ratio(adm.upstream.nsqd_bytes_per_min, con.upstream.nsqd_bytes_per_min),
      },
    ];
  });

  return {
    model: MODEL_TEXT,
    poll_interval_ms: opts.pollIntervalMs,
    window_ms: opts.windowMs,
    warmup_ms: opts.warmupMs ?? opts.pollIntervalMs,
    replayed: {
      topic_list: opts.recordings.topic_list.api.map(({ template, interval_ms }) => ({ template, interval_ms })),
      topic_page: opts.recordings.topic_page.api.map(({ template, interval_ms }) => ({ template, interval_ms })),
    },
    per_page_load: perLoad,
    windows,
    ratios,
    checks: sanityChecks(windows, opts),
  };
}

function sanityChecks(windows: LoadWindow[], opts: UpstreamLoadOptions): Check[] {
  const checks: Check[] = [];
  const n = opts.nodes;
  for (const w of windows.filter((x) => x.side === 'console')) {
    const interval = Math.max(opts.pollIntervalMs, w.console_polls?.poll_interval_ms ?? 0);
    const nominal = (n * 60_000) / interval;
    const stats = w.upstream.nsqd_paths['/stats'] ?? 0;
    if (w.console_polls) {
      // each poll asks lookupd /nodes, then every nsqd once; a poll under way at either edge of the
      // window puts up to one poll's worth more or less in it
      const started = w.console_polls.started;
      checks.push({
        name: `console /stats = nodes × polls started (${w.label})`,
        ok: stats >= n * (started - 1) && stats <= n * (started + 1),
        detail: `${stats} /stats in ${w.window_ms} ms; ${started} polls started × ${n} nodes = ${n * started} (±${n} for polls cut by the window's edges)`,
      });
    }
    const perMin = w.upstream.nsqd_stats_per_min;
    checks.push({
      name: `console /stats/min ≈ nodes × 60 s / poll interval (${w.label})`,
      ok: Math.abs(perMin - nominal) <= 0.1 * nominal,
      detail: `${perMin}/min measured, ${round(nominal, 1)}/min nominal (${n} nodes every ${interval} ms, the interval in use); last poll took ${w.console_polls?.last_poll_duration_ms ?? '?'} ms (a poll longer than the interval is followed by a rest of a tenth of the interval, so fewer polls)`,
    });
  }
  const adminTopic = (label: string) =>
    windows.find((w) => w.side === 'nsqadmin' && w.label === label)?.upstream.nsqd_stats_per_min;
  const series = [
    '1 viewer, topic page',
    ...(opts.viewerCounts ?? [1, 10, 50]).filter((v) => v > 1).map((v) => `${v} viewers`),
  ]
    .map((label) => [label, adminTopic(label)] as const)
    .filter((e): e is readonly [string, number] => e[1] !== undefined);
  checks.push({
    name: 'nsqadmin /stats/min grows with viewers',
    ok: series.every(([, v], i) => i === 0 || v > series[i - 1]![1]),
    detail: series.map(([l, v]) => `${l}: ${v}/min`).join('; '),
  });
  const consoleWindows = windows.filter((w) => w.side === 'console');
  const forViewers = consoleWindows.map(
    (w) => [w.label, (w.upstream.nsqd_paths['/stats'] ?? 0) - (w.upstream.nsqd_stats_by_query.all ?? 0)] as const,
  );
  checks.push({
    name: "console asks nsqd nothing for its viewers (every console /stats is a poll's unfiltered one)",
    ok: forViewers.every(([, n]) => n === 0),
    detail: forViewers.map(([l, n]) => `${l}: ${n} filtered /stats`).join('; '),
  });
  return checks;
}
