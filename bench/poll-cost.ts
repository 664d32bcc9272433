// `npm run bench:poll`: what one poll of the shared poller costs in CPU, against its floor, at each
// scale. The large-cluster SIMULATOR runs in a child process (its CPU is not counted here); this
// process runs the console's real Poller (lib/cluster/poller.ts) with the production HTTP client.
//
// - floor: JSON.parse of the same /stats bodies, fetched once and parsed in this process;
// - receive: fetching those bodies the way the poller does (same client, same concurrency, as bytes):
//   socket reads and HTTP, the part of a poll no design of the console's can avoid;
// - poll: process CPU time (user + system, every thread) over a run of whole polls, a pause between
//   them, after polling the same way for a warm-up (--warmup seconds), divided by their number:
//   receiving, parsing, validating, rates, snapshot, history, and the garbage collection they cause,
//   also what of it runs on after a poll (the main-thread pauses are reported apart, and so are the
//   full collections per poll and the CPU of the main thread and of the others). Each poll's own
//   CPU, from its start to its end, is reported too;
// - stages: each step of the poll run alone on the same bodies, to see where the time goes; reading
//   them as the poller does (digests, then parsing only the topics that changed in 2 s) among them;
// - memory: this process's RSS after the polls, and the bytes the history's series hold.
//
// Flags: --scales=3x20x3,20x500x4 (default: all four), --polls=N (default 8), --warmup=S (seconds
// of polling before the measured polls, default 30; the first polls of a process cost more, and are
// reported apart), --busy=0.1,1 (the simulator's share of topics with traffic, each measured at each
// scale; default a tenth), --busy-on-every-node (the same topics busy on every node, as when their
// producers publish to each nsqd; by default each node's are drawn apart), --heap-growing-percent=N
// (V8's, in place of the poller's HEAP_GROWING_PERCENT; 0: V8 decides).

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import pLimit from 'p-limit';
import { History } from '../lib/cluster/history';
import { HEAP_GROWING_PERCENT, NSQD_CONCURRENCY, Poller, scavengeCounter } from '../lib/cluster/poller';
import { buildSnapshot, observeNode } from '../lib/cluster/snapshot';
import { loadConfig } from '../lib/config';
import { createNsqHttp } from '../lib/nsq/http';
import { statsPath } from '../lib/nsq/nsqd';
import { FULL_READ_EVERY_MS, readPollStats } from '../lib/nsq/poll-stats';
import { type NsqdStatsSummary, nsqdPollStatsSchema } from '../lib/nsq/schemas';
import { ALL_SCALES, parseScales, type Scale, scaleName } from './scales';
import { DEFAULT_BUSY_SHARE, parseBusyShare } from './sim/model';
import { spawnSimulator } from './sim/spawn';

const { values } = parseArgs({
  options: {
    scales: { type: 'string' },
    polls: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '30' },
    busy: { type: 'string', default: String(DEFAULT_BUSY_SHARE) },
    'busy-on-every-node': { type: 'boolean', default: false },
    'heap-growing-percent': { type: 'string' },
  },
});
const scales = values.scales ? parseScales(values.scales) : ALL_SCALES;
const POLLS = Number(values.polls);
const WARMUP_S = Number(values.warmup);
if (!(WARMUP_S >= 0)) throw new Error(`--warmup must be a number of seconds, got ${JSON.stringify(values.warmup)}`);
const BUSY = values.busy.split(',').map(parseBusyShare);
/** in place of the poller's HEAP_GROWING_PERCENT, to compare; 0 leaves it to V8's own heuristics */
const GROWING = values['heap-growing-percent'];
if (GROWING !== undefined && !/^\d+$/.test(GROWING))
  throw new Error(`--heap-growing-percent must be a whole number, got ${JSON.stringify(GROWING)}`);

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
const round = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * CPU milliseconds this process's threads have used, the main thread apart from the others (V8's
 * helper threads, which mark, sweep and scavenge beside it, and libuv's), from /proc/self/task; null
 * where there is no /proc.
 */
function threadCpuMs(): { main: number; others: number } | null {
  try {
    let main = 0;
    let others = 0;
    for (const task of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      // after the command name in brackets: state is field 3; utime and stime, fields 14 and 15, in clock ticks (10 ms)
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      if (task === String(process.pid)) main += ms;
      else others += ms;
    }
    return { main, others };
  } catch {
    return null;
  }
}

/** CPU milliseconds of a synchronous step, best of `n` runs (the floor is a floor). */
function cpuOf<T>(n: number, fn: () => T): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < n; i++) {
    const t0 = process.cpuUsage();
    result = fn();
    best = Math.min(best, cpuMs(process.cpuUsage(t0)));
  }
  return { ms: best, result };
}

async function measure(scale: Scale, busyShare: number) {
  const sim = await spawnSimulator({
    ...scale,
    clientsPerChannel: 1,
    bigChannelClients: 1000,
    busyShare,
    busyOnEveryNode: values['busy-on-every-node'],
  });
  const http = createNsqHttp({ connectTimeoutMs: 2000, requestTimeoutMs: 30_000 });
  try {
    const { config } = loadConfig([`--lookupd-http-address=${sim.lookupdHttpAddress}`, '--poll-interval=2s']);
    const poller = new Poller({ config, http });
    if (GROWING !== undefined) v8.setFlagsFromString(`--heap-growing-percent=${GROWING}`);

    // whole polls, the way the server runs them (a pause between, so rates have an interval); the
    // process does nothing else meanwhile, so all its CPU over the run is the polls'
    const pause = () => new Promise((r) => setTimeout(r, 300));

    // the warm-up: polls the same way for WARMUP_S seconds (at least one poll, which parses every
    // topic, having no digests to compare with). A process's first polls cost more: V8 is still
    // compiling the poll's code and sizing its heap (at 20×500×4, a quarter more over the first ten
    // polls). The server polls for hours, so the polls measured are those after; the CPU of the
    // first ones, the warm-up's second to ninth, is reported apart.
    const early: number[] = [];
    let warmupPolls = 0;
    const warmEnd = performance.now() + WARMUP_S * 1000;
    do {
      const c0 = process.cpuUsage();
      await poller.pollNow();
      if (warmupPolls > 0 && early.length < 8) early.push(cpuMs(process.cpuUsage(c0)));
      warmupPolls++;
      await pause();
    } while (performance.now() < warmEnd);

    const polls: { cpu_ms: number; wall_ms: number; gc_pause_ms: number }[] = [];
    let gcPause = 0;
    let fullCollections = 0;
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        gcPause += e.duration;
        if (
          (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ===
          perfConstants.NODE_PERFORMANCE_GC_MAJOR
        )
          fullCollections++;
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    const run0 = process.cpuUsage();
    const threads0 = threadCpuMs();
    for (let i = 0; i < POLLS; i++) {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      gcPause = 0;
      await poller.pollNow();
      polls.push({ cpu_ms: cpuMs(process.cpuUsage(c0)), wall_ms: performance.now() - w0, gc_pause_ms: gcPause });
      await pause();
    }
    const pollCpu = cpuMs(process.cpuUsage(run0)) / POLLS;
    const threads1 = threadCpuMs();
    gcObserver.disconnect();
    const fullCollectionsPerPoll = fullCollections / POLLS;
    const snap = poller.latest()!;

    // receiving the bodies as the poller does (bytes, not decoded), best of 3; then the same bodies
    // kept, as text for the floor and the stages, and as bytes twice, an interval apart, to time
    // reading the second against the first's digests as the poller does
    const limit = pLimit(NSQD_CONCURRENCY);
    const path = statsPath({ includeClients: false, includeMem: false });
    const fetchBodies = <T>(use: (body: Buffer) => T) =>
      Promise.all(sim.nsqdHttpAddresses.map((a) => limit(async () => use(await http.getBytes(a, path)))));
    let receiveMs = Infinity;
    // with the poller's young collections as the bytes are read, to free the socket buffers:
    // without, they piled up, and V8 ran full collections of this process's large heap
    const scavenge = scavengeCounter();
    const received = (body: Buffer) => {
      scavenge(body.length);
      return body.length;
    };
    for (let i = 0; i < 3; i++) {
      global.gc?.();
      const c0 = process.cpuUsage();
      await fetchBodies(received);
      receiveMs = Math.min(receiveMs, cpuMs(process.cpuUsage(c0)));
    }
    const before = await fetchBodies((b) => Buffer.from(b));
    await new Promise((r) => setTimeout(r, 2000));
    const after = await fetchBodies((b) => Buffer.from(b));
    const bodies = after.map((b) => b.toString());
    // both read at one time, so that no node's full read of the period falls between them: this
    // stage is the reading of the changed topics alone (BENCHMARKS.md gives the full reads' share)
    const readAt = { at: 0, fullReadEveryMs: FULL_READ_EVERY_MS };
    const digests = before.map((b, i) => readPollStats(sim.nsqdHttpAddresses[i]!, path, b, null, readAt).digests);
    const read = cpuOf(3, () =>
      after.map((b, i) => readPollStats(sim.nsqdHttpAddresses[i]!, path, b, digests[i]!, readAt)),
    );
    const topicsRead = read.result.reduce((n, r) => n + r.topics.length, 0);
    const topicsUnchanged = read.result.reduce((n, r) => n + r.topics.filter((t) => t === null).length, 0);
    const bytes = after.reduce((n, b) => n + b.length, 0);
    const parse = cpuOf(3, () => bodies.map((b) => JSON.parse(b) as unknown));
    const validate = cpuOf(3, () => parse.result.map((o) => nsqdPollStatsSchema.validate(o)));
    const at = Date.now();
    const checked = parse.result as NsqdStatsSummary[];
    const first = checked.map((st, i) => observeNode(snap.nodes[i]!.node, snap.nodes[i]!.hostname, st, undefined, at));
    const observe = cpuOf(3, () =>
      checked.map((st, i) =>
        observeNode(snap.nodes[i]!.node, snap.nodes[i]!.hostname, st, first[i]!.baseline, at + 2000),
      ),
    );
    const nodes = snap.nodes.map((n, i) => ({
      ...n,
      registrations: [],
      known_topics: [],
      result: { ok: true as const, observed: observe.result[i]!, latency_ms: 1 },
    }));
    const build = cpuOf(3, () =>
      buildSnapshot({
        seq: 1,
        taken_at: at,
        poll_duration_ms: 1,
        poll_interval_ms: 2000,
        configured_poll_interval_ms: 2000,
        poll_work_ms: 0,
        mode: 'lookupd',
        lookupds: snap.lookupds,
        nodes,
        lookupd_topics: [],
      }),
    );
    const history = new History({ pollIntervalMs: 2000, retentionMs: 3_600_000 });
    let t = at;
    const record = cpuOf(3, () => {
      t += 2000;
      history.record({ ...build.result, taken_at: t });
    });
    global.gc?.();
    const mem = process.memoryUsage();

    return {
      scale: scaleName(scale),
      busy_share: busyShare,
      busy_on_every_node: values['busy-on-every-node'],
      heap_growing_percent: GROWING === undefined ? HEAP_GROWING_PERCENT : Number(GROWING),
      bytes_per_poll: bytes,
      floor_json_parse_ms: round(parse.ms),
      poll_cpu_ms: round(pollCpu),
      // each poll from its start to its end: what follows it (collections V8 finishes later) is not in these
      poll_own_cpu_ms: {
        median: round(median(polls.map((p) => p.cpu_ms))),
        min: round(Math.min(...polls.map((p) => p.cpu_ms))),
        max: round(Math.max(...polls.map((p) => p.cpu_ms))),
      },
      poll_wall_ms: round(median(polls.map((p) => p.wall_ms))),
      ratio_to_floor: round(pollCpu / parse.ms),
      warmup_polls: warmupPolls,
      // each of the process's first polls (the warm-up's second to ninth), from its start to its end
      early_poll_own_cpu_ms: {
        median: round(median(early)),
        min: round(Math.min(...early)),
        max: round(Math.max(...early)),
      },
      receive_ms: round(receiveMs),
      ratio_to_floor_beyond_receive: round((pollCpu - receiveMs) / parse.ms),
      gc_pause_ms_per_poll: round(median(polls.map((p) => p.gc_pause_ms))),
      // the poller asks for one after each poll that read 64 MB (COLLECT_EVERY_BYTES); V8 may start more
      full_collections_per_poll: round(fullCollectionsPerPoll),
      // poll_cpu_ms split: the main thread, and the helper threads (mostly V8's collector), 10 ms ticks
      poll_cpu_threads_ms:
        threads0 && threads1
          ? {
              main: round((threads1.main - threads0.main) / POLLS),
              others: round((threads1.others - threads0.others) / POLLS),
            }
          : null,
      // topics whose bytes were the same as 2 s before, so not parsed (lib/nsq/poll-stats.ts)
      topics_unchanged_share: round(topicsUnchanged / topicsRead),
      stages_ms: {
        json_parse: round(parse.ms),
        read_changed_topics: round(read.ms),
        zod_validate: round(validate.ms),
        rows_and_rates: round(observe.ms),
        snapshot: round(build.ms),
        history_record: round(record.ms),
      },
      poll_work_ms_self_reported: snap.poll_work_ms,
      poll_interval_ms_adapted: snap.poll_interval_ms,
      rss_mb: Math.round(mem.rss / 1e6),
      heap_used_mb: Math.round(mem.heapUsed / 1e6),
      // fixed per series from its first value on, so an hour of history holds no more than this
      history_mb: round(poller.history.valueBytes / 1e6),
      history_series: poller.history.size,
    };
  } finally {
    await http.close();
    await sim.stop();
  }
}

const results = [];
for (const s of scales) {
  for (const busy of BUSY) {
    const r = await measure(s, busy);
    process.stderr.write(`${JSON.stringify(r)}\n`);
    results.push(r);
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/poll-cost.json', `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
