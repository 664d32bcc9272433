import 'server-only';
// The one shared poller of this process: every interval it asks each nsqlookupd which nsqd exist and
// fetches every nsqd's /stats (without clients or memory) with bounded concurrency, then builds one
// immutable snapshot. Polls never overlap; a poll requested while one runs joins that one.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import pLimit from 'p-limit';
import type { Config } from '../config';
import { log } from '../log';
import { errorInfo, type NsqHttp } from '../nsq/http';
import { getLookupdNodes, getLookupdTopics, getLookupdVersion } from '../nsq/lookupd';
import { getNsqdInfo, statsPath } from '../nsq/nsqd';
import { fullReadPeriodMs, readPollStats } from '../nsq/poll-stats';
import type { LookupdProducer, NsqdInfo } from '../nsq/schemas';
import { History } from './history';
import { intern } from './intern';
import type { NodeBaseline } from './rates';
import { buildSnapshot, type NodeObservation, type NodeResult, observeNode } from './snapshot';
import type { ClusterSnapshot, LookupdSummary, NodeIdentity, TopicRegistration } from './types';

/**
 * nsqd /stats requests in flight at once: enough to hide latency, few enough to spare the event loop.
 * Each one holds a buffer its body is read into; at 50 nodes × 1,000 topics, 16 at once took no
 * less time or CPU than 8, and 12 MB more memory.
 */
export const NSQD_CONCURRENCY = 8;

/**
 * How long a node that every nsqlookupd stopped listing is still polled and shown. nsqlookupd forgets
 * an nsqd the moment its connection drops, so a crashed node would otherwise vanish without a trace;
 * a node removed on purpose disappears after this.
 */
export const DEPARTED_NODE_TTL_MS = 15 * 60_000;

/**
 * The share of one core that polling may take. When a poll's CPU time (receiving, decoding,
 * validating and aggregating every /stats, recording history) would exceed it at --poll-interval,
 * polls are spaced further apart, and every page shows the interval actually in use.
 */
export const POLL_CPU_BUDGET = 0.1;
/** The interval follows the median work of this many recent polls, so one slow poll does not swing it. */
const WORK_WINDOW = 3;

/** CPU time this process used since `from` (process.cpuUsage), ms: unlike wall time, not inflated when other processes hold the core. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The interval that keeps polls costing `workMs` of CPU within the budget: --poll-interval, or longer in whole seconds. */
export function adaptiveInterval(configuredMs: number, workMs: number): number {
  const needed = workMs / POLL_CPU_BUDGET;
  return needed <= configuredMs ? configuredMs : Math.ceil(needed / 1000) * 1000;
}

const POLL_STATS_PATH = statsPath({ includeClients: false, includeMem: false });

/**
 * The poller asks V8 for a full collection once polls have read this much from nsqd since the last
 * one. What a poll reads becomes garbage that V8, left to its heuristics, collects late: the parsed
 * JSON in the old generation, and outside V8's heap, which its heuristics hardly weigh, the socket
 * buffers each body arrived in and the node tables of the poll before. On a 50-node cluster (73 MB
 * per poll) that garbage doubled the RSS (BENCHMARKS.md); collecting after every such poll bounds it
 * at about one poll's worth. Smaller clusters collect every few polls. The collection counts in the
 * poll's CPU time.
 */
export const COLLECT_EVERY_BYTES = 64 * 1024 * 1024;

/**
 * The poller asks V8 for a young-generation collection (a scavenge, a millisecond or two) once polls
 * have read this much since the last one. A body is copied out of the socket's read buffers as it
 * arrives (lib/nsq/http.ts), and those buffers, 64 KiB each and outside V8's heap, are freed only
 * when V8 collects the Buffers that hold them. Parsing only the topics that changed allocates too
 * little for V8 to collect often on its own, so a 50-node poll's 73 MB of read buffers piled up
 * between collections and left glibc's heap 40 MB larger, resident for good (BENCHMARKS.md).
 */
export const SCAVENGE_EVERY_BYTES = 2 * 1024 * 1024;

/**
 * How far V8 lets its old generation grow past what the last full collection left before it starts
 * another, in percent (V8's --heap-growing-percent; its own heuristics pick 10 to 100). The poller
 * collects after every poll that read COLLECT_EVERY_BYTES, so collections V8 starts during the poll
 * find little to free. On a 50-node cluster it started three more per poll, set off by the young
 * generation's reserve nearing the limit; with the limit at three times the live heap it starts
 * none, and a poll took about a third less CPU, most of it on V8's helper threads (BENCHMARKS.md).
 * Where polls read less than COLLECT_EVERY_BYTES, V8 still collects on its own, at that limit.
 */
export const HEAP_GROWING_PERCENT = 200;

let gcFunction: ((opts?: { type: 'major' | 'minor' }) => void) | undefined;
/** V8's gc(): the global one under --expose-gc, otherwise the flag is set and a fresh context hands it over. */
function collectGarbage(opts?: { type: 'major' | 'minor' }): void {
  if (!gcFunction) {
    const global = (globalThis as { gc?: () => void }).gc;
    if (global) gcFunction = global;
    else {
      v8.setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    }
  }
  gcFunction(opts);
}

/**
 * Counts the bytes of /stats read and asks V8 for a young-generation collection each time
 * SCAVENGE_EVERY_BYTES more have been read, to free the socket buffers they arrived in.
 */
export function scavengeCounter(): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since >= SCAVENGE_EVERY_BYTES) {
      collectGarbage({ type: 'minor' });
      since = 0;
    }
  };
}

/** nsqadmin's node name: broadcast_address:http_port, with IPv6 bracketed. */
export function nodeAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A node to poll: who it is, and the topics lookupd has registered for it. */
type PollTarget = NodeIdentity & { registrations: TopicRegistration[] };

export interface PollerOptions {
  config: Config;
  http: NsqHttp;
  now?: () => number;
  /** called with each completed poll's snapshot (the console's own /metrics counters) */
  onPoll?: (snap: ClusterSnapshot) => void;
}

export class Poller {
  readonly history: History;
  private readonly config: Config;
  private readonly http: NsqHttp;
  private readonly now: () => number;
  private readonly onPoll: ((snap: ClusterSnapshot) => void) | undefined;
  private readonly limit = pLimit(NSQD_CONCURRENCY);
  private current: ClusterSnapshot | null = null;
  private inflight: Promise<ClusterSnapshot> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** when the poll under way started, or when the timer will start the next one */
  private nextPollStartsAt: number | null = null;
  private running = false;
  private seq = 0;
  /** per node address: the previous poll's rows, to take rates from */
  private readonly baselines = new Map<string, NodeBaseline>();
  /** per node address: how many times resetRates forgot its baseline */
  private readonly resets = new Map<string, number>();
  /** the poll work of recent polls (ms), newest last */
  private readonly recentWork: number[] = [];
  /**
   * what the last poll cost after its snapshot was built, ms: recording it (history, metrics, the
   * collection the poller asks for), then the process's CPU for as long again as the poll took
   */
  private tailWorkMs = 0;
  /** counting the CPU that follows a poll: the garbage collection it set off goes on on V8's own threads */
  private aftermath: { timer: ReturnType<typeof setTimeout>; from: NodeJS.CpuUsage } | null = null;
  /** bytes of /stats read since the last collection the poller asked for */
  private bytesSinceCollection = 0;
  /** counts the bytes of /stats read, for the young-generation collections the poller asks for */
  private readonly scavenge = scavengeCounter();
  private intervalMs: number;
  private readonly lastOk = new Map<string, { at: number; topics: readonly string[] }>();
  private readonly nsqdInfo = new Map<string, NsqdInfo>();
  /** each lookupd's version, asked once and again after it was unreachable */
  private readonly lookupdVersions = new Map<string, string>();
  /** every node a lookupd has listed, with when it was last listed */
  private readonly seenNodes = new Map<string, { identity: PollTarget; listedAt: number }>();
  /** per node: the topics the first lookupd to list it registered at the last poll (registrationsOf) */
  private readonly registrations = new Map<string, TopicRegistration[]>();
  private firstWaiters: { resolve: (s: ClusterSnapshot) => void; reject: (e: unknown) => void }[] = [];
  /** the nsqlookupd addresses polled; PUT /config/nsqlookupd_http_addresses replaces them */
  private lookupds: readonly string[];

  constructor(opts: PollerOptions) {
    v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    this.config = opts.config;
    this.lookupds = [...opts.config.lookupdHttpAddresses];
    this.intervalMs = opts.config.pollIntervalMs;
    this.http = opts.http;
    this.now = opts.now ?? Date.now;
    this.onPoll = opts.onPoll;
    this.history = new History({
      pollIntervalMs: opts.config.pollIntervalMs,
      retentionMs: opts.config.historyRetentionMs,
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.pollNow().catch(() => undefined);
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.endAftermath();
  }

  /** Adds the CPU counted since the last poll ended to that poll's work, and stops counting. */
  private endAftermath(): void {
    if (!this.aftermath) return;
    clearTimeout(this.aftermath.timer);
    this.tailWorkMs += cpuSince(this.aftermath.from);
    this.aftermath = null;
  }

  /** The latest snapshot, or null before the first poll completes; never waits. */
  latest(): ClusterSnapshot | null {
    return this.current;
  }

  get lookupdAddresses(): readonly string[] {
    return this.lookupds;
  }

  /**
   * nsqadmin's PUT /config/nsqlookupd_http_addresses: the next poll asks these nsqlookupd instead.
   * Nodes that only the old ones listed are forgotten rather than kept as departed, since they were
   * not seen to leave. Only in lookupd mode: an nsqd-mode console has no discovery to redirect.
   */
  setLookupdAddresses(addresses: readonly string[]): void {
    if (this.config.mode !== 'lookupd') throw new Error('the lookupd list can be changed only in lookupd mode');
    this.lookupds = [...new Set(addresses)];
    const kept = new Set(this.lookupds);
    for (const a of this.lookupdVersions.keys()) if (!kept.has(a)) this.lookupdVersions.delete(a);
    this.seenNodes.clear();
  }

  /**
   * How long until the next snapshot is expected, ms (0 when it is due): the start of the poll under
   * way or of the next one, plus what the last poll took. Pages refetch then, rather than on a clock
   * of their own that drifts against the poller's and can add a whole interval of staleness.
   */
  nextSnapshotInMs(): number {
    const now = this.now();
    const start = this.nextPollStartsAt ?? now + this.intervalMs;
    return Math.max(0, Math.round(start + (this.current?.poll_duration_ms ?? 0) - now));
  }

  /** The latest snapshot, waiting for the first poll if there is none yet. */
  snapshot(): Promise<ClusterSnapshot> {
    if (this.current) return Promise.resolve(this.current);
    if (!this.running) return this.pollNow();
    return new Promise((resolve, reject) => this.firstWaiters.push({ resolve, reject }));
  }

  /**
   * A poll that starts after this call: after an action, the poll under way may have read nsqd
   * before the change, so it is waited for and a fresh one follows.
   */
  async pollFresh(): Promise<ClusterSnapshot> {
    await this.inflight?.catch(() => undefined);
    return this.pollNow();
  }

  /**
   * Forgets the rate baselines of these nodes: after a channel or topic is emptied or deleted, the
   * drop in depth is not consumption, so the next interval has no rate rather than a false one.
   */
  resetRates(addresses: readonly string[]): void {
    for (const a of addresses) {
      this.baselines.delete(a);
      this.resets.set(a, (this.resets.get(a) ?? 0) + 1);
    }
  }

  /** Polls at once (or joins the poll under way) and restarts the interval from its end. */
  pollNow(): Promise<ClusterSnapshot> {
    if (this.inflight) return this.inflight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.endAftermath();
    const started = this.now();
    this.nextPollStartsAt = started;
    this.inflight = this.poll()
      .then((snap) => {
        log('debug', 'poll', {
          seq: snap.seq,
          duration_ms: snap.poll_duration_ms,
          nodes: snap.nodes.length,
          nodes_down: snap.nodes.filter((n) => n.status === 'down').length,
          lookupds_down: snap.lookupds.filter((l) => l.status === 'down').length,
          topics: snap.topics.length,
        });
        logTransitions(this.current, snap);
        this.current = snap;
        for (const w of this.firstWaiters.splice(0)) w.resolve(snap);
        const c0 = process.cpuUsage();
        this.history.record(snap);
        this.onPoll?.(snap);
        if (this.bytesSinceCollection >= COLLECT_EVERY_BYTES) {
          collectGarbage();
          this.bytesSinceCollection = 0;
        }
        this.tailWorkMs = cpuSince(c0);
        return snap;
      })
      .catch((err: unknown) => {
        // Upstream failures are data, not errors; reaching here is a bug. Keep serving the last
        // snapshot rather than stopping the poller, and never leave a caller waiting.
        log('error', 'poll failed', { error: err instanceof Error ? err.stack : String(err) });
        if (this.current) return this.current;
        for (const w of this.firstWaiters.splice(0)) w.reject(err);
        throw err;
      })
      .finally(() => {
        this.inflight = null;
        if (!this.running) return;
        const elapsed = this.now() - started;
        // A poll slower than the interval still leaves a tenth of an interval of rest.
        const wait = Math.max(this.intervalMs - elapsed, this.intervalMs / 10);
        // A large poll's collections run on after it (V8's concurrent marking and sweeping): its work
        // includes the process's CPU for as long again as it took, within the rest before the next.
        // What else the process does meanwhile is counted too, as during the poll.
        const aftermath = setTimeout(() => this.endAftermath(), Math.min(elapsed, wait / 2));
        aftermath.unref?.();
        this.aftermath = { timer: aftermath, from: process.cpuUsage() };
        this.nextPollStartsAt = this.now() + wait;
        this.timer = setTimeout(() => void this.pollNow().catch(() => undefined), wait);
        this.timer.unref?.();
      });
    return this.inflight;
  }

  private async poll(): Promise<ClusterSnapshot> {
    const taken_at = this.now();
    const seq = ++this.seq;
    const { lookupds, identities, lookupdTopics } =
      this.config.mode === 'lookupd' ? await this.discoverFromLookupd() : await this.discoverStatic();

    this.forgetAllBut(new Set(identities.map((id) => id.address)));
    // The process's CPU time over the whole poll: receiving, parsing, validating, aggregating, and
    // the garbage collection they cause. Whatever else the process does meanwhile (answering pages)
    // is counted too, which errs on the side of polling less.
    const c0 = process.cpuUsage();
    const nodes = await Promise.all(identities.map((id) => this.limit(() => this.observe(id))));
    const poll_duration_ms = this.now() - taken_at;
    const snap = buildSnapshot(
      {
        seq,
        taken_at,
        poll_duration_ms,
        poll_interval_ms: this.intervalMs,
        configured_poll_interval_ms: this.config.pollIntervalMs,
        poll_work_ms: 0,
        mode: this.config.mode,
        lookupds,
        nodes,
        lookupd_topics: lookupdTopics,
      },
      this.current,
    );
    // this poll's work, plus what followed the previous poll (recording it, its collections): the same again, near enough
    const work = cpuSince(c0) + this.tailWorkMs;
    this.recentWork.push(work);
    if (this.recentWork.length > WORK_WINDOW) this.recentWork.shift();
    const wanted = adaptiveInterval(this.config.pollIntervalMs, median(this.recentWork));
    // lengthen at once; shorten only for a clear gain, so the interval does not flap between neighbours
    if (wanted > this.intervalMs || wanted <= this.intervalMs * 0.75) this.intervalMs = wanted;
    this.history.setPollInterval(this.intervalMs);
    return { ...snap, poll_interval_ms: this.intervalMs, poll_work_ms: Math.round(work * 10) / 10 };
  }

  private countRead(bytes: number): void {
    this.bytesSinceCollection += bytes;
    this.scavenge(bytes);
  }

  private async observe(id: PollTarget): Promise<NodeObservation> {
    const t0 = this.now();
    let result: NodeResult;
    try {
      // keyed by the address polled, which stays the same when /info renames a node in nsqd mode
      const resets = this.resets.get(id.address);
      const body = await this.http.getBytes(id.address, POLL_STATS_PATH);
      const at = this.now();
      this.countRead(body.length);
      // the baseline as it is when the answer arrives: resetRates may have forgotten it meanwhile
      const previous = this.baselines.get(id.address);
      const stats = readPollStats(id.address, POLL_STATS_PATH, body, previous?.digests ?? null, {
        at,
        fullReadEveryMs: fullReadPeriodMs(this.intervalMs),
      });
      // a restarted nsqd may have come back with other settings: ask its /info again
      if (previous && previous.start_time !== stats.start_time) this.nsqdInfo.delete(id.address);
      const observed = observeNode(id.node, id.hostname, stats, previous, at);
      // an answer on its way when the rates were reset may predate the action: no one's baseline
      if (this.resets.get(id.address) === resets) this.baselines.set(id.address, observed.baseline);
      this.lastOk.set(id.address, { at, topics: observed.table.topicNames });
      result = { ok: true, observed, latency_ms: at - t0 };
    } catch (err) {
      result = { ok: false, error: errorInfo(err, id.address), latency_ms: this.now() - t0 };
    }
    const last = this.lastOk.get(id.address);
    return { ...id, known_topics: last?.topics ?? [], last_ok_at: last?.at ?? null, result };
  }

  /** Drops what is kept per node for nodes no longer polled, so node churn does not leak memory. */
  private forgetAllBut(addresses: Set<string>): void {
    for (const map of [this.baselines, this.resets, this.lastOk, this.nsqdInfo, this.registrations]) {
      for (const key of map.keys()) if (!addresses.has(key)) map.delete(key);
    }
  }

  private async discoverFromLookupd() {
    const answers = await Promise.all(
      this.lookupds.map(async (address) => {
        const t0 = this.now();
        try {
          const known = this.lookupdVersions.get(address);
          const [nodes, topics, version] = await Promise.all([
            getLookupdNodes(this.http, address),
            getLookupdTopics(this.http, address),
            known ?? getLookupdVersion(this.http, address),
          ]);
          this.lookupdVersions.set(address, version);
          return {
            address,
            ok: true as const,
            producers: nodes.producers,
            topics,
            version,
            latency_ms: this.now() - t0,
          };
        } catch (err) {
          this.lookupdVersions.delete(address);
          return { address, ok: false as const, error: errorInfo(err, address), latency_ms: this.now() - t0 };
        }
      }),
    );

    const lookupds: LookupdSummary[] = answers.map((a) => ({
      address: a.address,
      version: a.ok ? a.version : null,
      status: a.ok ? 'up' : 'down',
      latency_ms: a.latency_ms,
      error: a.ok ? null : a.error,
      node_count: a.ok ? a.producers.length : 0,
      topic_count: a.ok ? a.topics.length : 0,
    }));

    const byNode = new Map<string, PollTarget>();
    const lookupdTopics = new Set<string>();
    for (const a of answers) {
      if (!a.ok) continue;
      for (const t of a.topics) lookupdTopics.add(t);
      for (const p of a.producers) {
        const node = nodeAddress(p.broadcast_address, p.http_port);
        const seen = byNode.get(node);
        if (seen) {
          seen.lookupds.push(a.address);
          seen.remote_addresses.push(`${a.address}/${p.remote_address}`);
          continue;
        }
        byNode.set(node, this.identityFromLookupd(node, a.address, p));
      }
    }
    const now = this.now();
    for (const [node, identity] of byNode) this.seenNodes.set(node, { identity, listedAt: now });
    const reachedAny = answers.some((a) => a.ok);
    for (const [node, seen] of this.seenNodes) {
      if (byNode.has(node)) continue;
      // while no lookupd answers, nothing can be said to have departed
      if (reachedAny && now - seen.listedAt > DEPARTED_NODE_TTL_MS) {
        this.seenNodes.delete(node);
        continue;
      }
      // no lookupd lists it any more: keep asking the node itself, and show that no lookupd knows it
      byNode.set(node, { ...seen.identity, lookupds: [], remote_addresses: [] });
    }
    return { lookupds, identities: [...byNode.values()], lookupdTopics: [...lookupdTopics] };
  }

  private identityFromLookupd(node: string, lookupd: string, p: LookupdProducer): PollTarget {
    return {
      node,
      address: node,
      hostname: p.hostname,
      broadcast_address: p.broadcast_address,
      tcp_port: p.tcp_port,
      http_port: p.http_port,
      version: p.version,
      lookupds: [lookupd],
      remote_addresses: [`${lookupd}/${p.remote_address}`],
      remote_address: p.remote_address,
      registrations: this.registrationsOf(node, p),
    };
  }

  /**
   * The topics lookupd has registered for a node: the previous poll's list when lookupd lists the
   * same ones, so what did not change is not made again each poll (50,000 objects at 50 nodes).
   * lookupd pairs topics[i] with tombstones[i]; a short tombstones array means not tombstoned.
   */
  private registrationsOf(node: string, p: LookupdProducer): TopicRegistration[] {
    const tombstoned = (i: number) => p.tombstones[i] ?? false;
    const last = this.registrations.get(node);
    if (
      last?.length === p.topics.length &&
      last.every((r, i) => r.topic === p.topics[i] && r.tombstoned === tombstoned(i))
    )
      return last;
    const fresh = p.topics.map((topic, i) => ({ topic: intern(topic), tombstoned: tombstoned(i) }));
    this.registrations.set(node, fresh);
    return fresh;
  }

  /** nsqd mode: the configured addresses, named by their /info (fetched once, again after errors). */
  private async discoverStatic() {
    const identities = await Promise.all(
      this.config.nsqdHttpAddresses.map(async (address): Promise<PollTarget> => {
        let info = this.nsqdInfo.get(address);
        if (!info) {
          info = await getNsqdInfo(this.http, address).catch(() => undefined);
          if (info) this.nsqdInfo.set(address, info);
        }
        const [host = address, port = '0'] = address.split(/:(?=\d+$)/);
        return {
          node: info?.broadcast_address ? nodeAddress(info.broadcast_address, info.http_port) : address,
          address,
          hostname: info?.hostname || host,
          broadcast_address: info?.broadcast_address || host,
          tcp_port: info?.tcp_port ?? 0,
          http_port: info?.http_port ?? Number(port),
          version: info?.version ?? '',
          lookupds: [],
          remote_addresses: [],
          remote_address: '',
          registrations: [],
        };
      }),
    );
    return { lookupds: [] as LookupdSummary[], identities, lookupdTopics: [] as string[] };
  }
}

/** One log line when an nsqd or nsqlookupd goes down or comes back, not one per failed poll. */
function logTransitions(prev: ClusterSnapshot | null, cur: ClusterSnapshot): void {
  const before = new Map<string, 'up' | 'down'>();
  for (const n of prev?.nodes ?? []) before.set(`nsqd ${n.node}`, n.status);
  for (const l of prev?.lookupds ?? []) before.set(`nsqlookupd ${l.address}`, l.status);
  const now = [
    ...cur.nodes.map((n) => ({ what: `nsqd ${n.node}`, status: n.status, error: n.error })),
    ...cur.lookupds.map((l) => ({ what: `nsqlookupd ${l.address}`, status: l.status, error: l.error })),
  ];
  for (const { what, status, error } of now) {
    const was = before.get(what);
    if (status === 'down' && was !== 'down') log('warn', `${what} is down`, { error });
    else if (status === 'up' && was === 'down') log('info', `${what} is back up`);
  }
}
