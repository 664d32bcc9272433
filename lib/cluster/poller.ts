import 'server-only';
// The one shared poller of this process: it has the cluster swept every interval (interval.ts) by
// the poll worker (poll-source.ts, reader.ts), builds one immutable snapshot from each sweep, records
// history, and keeps the topics someone is looking at live in between (focus.ts). Requests read the
// latest snapshot and never wait for a sweep. Sweeps never overlap; one asked for while another runs
// joins it.
import type { Config } from '../config';
import { log } from '../log';
import type { NsqHttp } from '../nsq/http';
import { type PollReads, recordPoll } from '../telemetry/tracing';
import { type FocusedTopic, nodesOf, summaryOf, WATCH_INTERVALS, Watchlist, withTopics } from './focus';
import { History } from './history';
import { SweepInterval } from './interval';
import { InProcessSource, type ReadSource, WorkerSource } from './poll-source';
import { POLL_STATS_PATH, type Sweep } from './reader';
import { buildSnapshot } from './snapshot';
import { type StatusChange, statusChanges } from './status-changes';
import { measureWork } from './thread-cpu';
import type { ClusterSnapshot, UpstreamErrorInfo } from './types';

export interface PollerOptions {
  config: Config;
  /** an HTTP client of the caller's: the reads run on this thread (tests, tools); without one, on the poll worker */
  http?: NsqHttp;
  now?: () => number;
  /** after every sweep: its snapshot, and the nodes and nsqlookupds that went down or came back */
  onPoll?: (snap: ClusterSnapshot, changes: readonly StatusChange[]) => void;
}

/** Every read of a sweep, for its trace: the nsqlookupds asked, then each nsqd's /stats. */
function pollReads(sweep: Sweep): PollReads {
  return {
    taken_at: sweep.taken_at,
    duration_ms: sweep.duration_ms,
    reads: [
      ...sweep.lookupds.map((l) => ({
        role: 'nsqlookupd' as const,
        address: l.address,
        name: 'nsqlookupd discovery',
        started_at: sweep.taken_at,
        latency_ms: l.latency_ms,
        ...(l.error ? { error: l.error } : {}),
      })),
      ...sweep.nodes.map((n) => ({
        role: 'nsqd' as const,
        address: n.address,
        name: 'GET /stats',
        path: POLL_STATS_PATH.split('?')[0] as string,
        started_at: n.result.started_at,
        latency_ms: n.result.latency_ms,
        ...(n.result.ok ? { bytes: n.result.bytes } : { error: n.result.error }),
      })),
    ],
  };
}

/** A watched topic from its last focused read, and when that read was. */
interface Focused extends FocusedTopic {
  at: number;
}

export class Poller {
  readonly history: History;
  private readonly config: Config;
  private readonly source: ReadSource;
  private readonly now: () => number;
  private readonly onPoll: PollerOptions['onPoll'];
  private readonly interval: SweepInterval;
  private readonly watchlist: Watchlist;
  private current: ClusterSnapshot | null = null;
  private inflight: Promise<ClusterSnapshot> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** when the sweep under way started, or when the timer will start the next one */
  private nextPollStartsAt: number | null = null;
  private running = false;
  private seq = 0;
  private readonly focused = new Map<string, Focused>();
  private focusTimer: ReturnType<typeof setTimeout> | null = null;
  private focusInflight = false;
  private nextFocusAt: number | null = null;
  private firstWaiters: { resolve: (s: ClusterSnapshot) => void; reject: (e: unknown) => void }[] = [];

  constructor(opts: PollerOptions) {
    this.config = opts.config;
    this.now = opts.now ?? Date.now;
    this.source = opts.http ? new InProcessSource(opts.config, opts.http, opts.now) : new WorkerSource(opts.config);
    this.onPoll = opts.onPoll;
    this.interval = new SweepInterval(opts.config.pollIntervalMs);
    this.watchlist = new Watchlist(WATCH_INTERVALS * opts.config.pollIntervalMs);
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
    if (this.focusTimer) clearTimeout(this.focusTimer);
    this.timer = null;
    this.focusTimer = null;
    this.source.close();
  }

  /** The latest snapshot, or null before the first sweep completes; never waits. */
  latest(): ClusterSnapshot | null {
    return this.current;
  }

  get lookupdAddresses(): readonly string[] {
    return this.source.lookupdAddresses;
  }

  /**
   * nsqadmin's PUT /config/nsqlookupd_http_addresses: the next sweep asks these nsqlookupd instead.
   * Only in lookupd mode: an nsqd-mode console has no discovery to redirect.
   */
  setLookupdAddresses(addresses: readonly string[]): void {
    if (this.config.mode !== 'lookupd') throw new Error('the lookupd list can be changed only in lookupd mode');
    this.source.setLookupdAddresses(addresses);
  }

  /**
   * How long until newer data is expected, ms (0 when it is due): for a watched topic its next
   * focused read, else the start of the sweep under way or of the next one, plus what the last one
   * took. Pages refetch then, rather than on a clock of their own that drifts against the poller's.
   */
  nextSnapshotInMs(topic?: string): number {
    const now = this.now();
    if (topic !== undefined && this.nextFocusAt !== null && this.watchlist.has(topic, now))
      return Math.max(0, Math.round(this.nextFocusAt - now));
    const start = this.nextPollStartsAt ?? now + this.interval.ms;
    return Math.max(0, Math.round(start + (this.current?.poll_duration_ms ?? 0) - now));
  }

  /** When the numbers shown for `topic` (or, without one, for the cluster) were read, ms since epoch. */
  takenAt(snap: ClusterSnapshot, topic?: string): number {
    const f = topic === undefined ? undefined : this.focused.get(topic);
    return f ? Math.max(f.at, snap.taken_at) : snap.taken_at;
  }

  /** The latest snapshot, waiting for the first sweep if there is none yet. */
  snapshot(): Promise<ClusterSnapshot> {
    if (this.current) return Promise.resolve(this.current);
    if (!this.running) return this.pollNow();
    return new Promise((resolve, reject) => this.firstWaiters.push({ resolve, reject }));
  }

  /**
   * A sweep that starts after this call: after an action, the sweep under way may have read nsqd
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
    this.source.resetRates(addresses);
  }

  /**
   * A page asks for this topic: keep it live (focus.ts). A topic newly watched is read at once, so
   * that the page's next refetch already has it.
   */
  watch(topic: string): void {
    if (!this.current?.topics.some((t) => t.topic_name === topic)) return;
    if (this.watchlist.watch(topic, this.now()) && this.running) this.scheduleFocus(0);
  }

  /** Sweeps at once (or joins the sweep under way) and restarts the interval from its end. */
  pollNow(): Promise<ClusterSnapshot> {
    if (this.inflight) return this.inflight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const started = this.now();
    this.nextPollStartsAt = started;
    this.inflight = this.sweep()
      .then((snap) => {
        log('debug', 'poll', {
          seq: snap.seq,
          duration_ms: snap.poll_duration_ms,
          work_ms: snap.poll_work_ms,
          nodes: snap.nodes.length,
          nodes_down: snap.nodes.filter((n) => n.status === 'down').length,
          lookupds_down: snap.lookupds.filter((l) => l.status === 'down').length,
          topics: snap.topics.length,
        });
        const changes = statusChanges(this.current, snap);
        logTransitions(snap, changes);
        this.current = snap;
        for (const w of this.firstWaiters.splice(0)) w.resolve(snap);
        this.onPoll?.(snap, changes);
        if (this.running && !this.focusTimer) this.scheduleFocus(this.config.pollIntervalMs);
        return snap;
      })
      .catch((err: unknown) => {
        // Upstream failures are data, not errors; reaching here is a bug (or the worker died). Keep
        // serving the last snapshot rather than stopping the poller, and never leave a caller waiting.
        log('error', 'poll failed', { error: err instanceof Error ? err.stack : String(err) });
        if (this.current) return this.current;
        for (const w of this.firstWaiters.splice(0)) w.reject(err);
        throw err;
      })
      .finally(() => {
        this.inflight = null;
        if (!this.running) return;
        const elapsed = this.now() - started;
        // A sweep slower than the interval still leaves a tenth of an interval of rest.
        const wait = Math.max(this.interval.ms - elapsed, this.interval.ms / 10);
        this.nextPollStartsAt = this.now() + wait;
        this.timer = setTimeout(() => void this.pollNow().catch(() => undefined), wait);
        this.timer.unref?.();
      });
    return this.inflight;
  }

  private async sweep(): Promise<ClusterSnapshot> {
    const seq = ++this.seq;
    const sweep = await this.source.sweep(this.interval.ms);
    recordPoll(pollReads(sweep));
    // this thread's part of the sweep's work: building the snapshot and recording it
    const ownWork = measureWork();
    let snap = buildSnapshot(
      {
        seq,
        taken_at: sweep.taken_at,
        poll_duration_ms: sweep.duration_ms,
        poll_interval_ms: this.interval.ms,
        configured_poll_interval_ms: this.config.pollIntervalMs,
        poll_work_ms: 0,
        mode: this.config.mode,
        lookupds: sweep.lookupds,
        nodes: sweep.nodes,
        lookupd_topics: sweep.lookupd_topics,
      },
      this.current,
    );
    this.history.record(snap);
    const work = sweep.work_ms + ownWork();
    // the first sweep parses every topic with code not yet compiled: no measure of the ones to come
    const intervalMs = seq === 1 ? this.interval.ms : this.interval.record(work);
    this.history.setPollInterval(intervalMs);
    snap = { ...snap, poll_interval_ms: intervalMs, poll_work_ms: Math.round(work * 10) / 10 };
    return this.withFocused(snap);
  }

  /** The snapshot with each watched topic's summary from a focused read made after the sweep read its nodes. */
  private withFocused(snap: ClusterSnapshot): ClusterSnapshot {
    const sweptBy = snap.taken_at + snap.poll_duration_ms;
    for (const [topic, f] of this.focused) if (f.at <= sweptBy) this.focused.delete(topic);
    return this.focused.size === 0 ? snap : withTopics(snap, [...this.focused.values()]);
  }

  private scheduleFocus(delayMs: number): void {
    if (this.focusTimer) clearTimeout(this.focusTimer);
    this.nextFocusAt = this.now() + delayMs;
    this.focusTimer = setTimeout(() => {
      this.focusTimer = null;
      void this.focus().finally(() => {
        if (this.running && !this.focusTimer) this.scheduleFocus(this.config.pollIntervalMs);
      });
    }, delayMs);
    this.focusTimer.unref?.();
  }

  /** Reads every watched topic from its nodes and puts the results into the latest snapshot. */
  private async focus(): Promise<void> {
    const snap = this.current;
    if (!snap || this.focusInflight) return;
    const topics = new Map(snap.topics.map((t) => [t.topic_name, t]));
    const requests = this.watchlist.watched(this.now()).flatMap((topic) => {
      const t = topics.get(topic);
      return t ? [{ topic, addresses: nodesOf(snap, t) }] : [];
    });
    if (requests.length === 0) return;
    this.focusInflight = true;
    const started = this.now();
    try {
      const reads = await this.source.focus(requests);
      const current = this.current;
      // a sweep that started after these reads did (after an action, say) has newer numbers
      if (!current || current.taken_at > started) return;
      const focused: FocusedTopic[] = [];
      for (const read of reads) {
        const f = summaryOf(read, current, topics.get(read.topic)?.in_lookupd ?? false);
        if (!f) continue;
        this.focused.set(read.topic, { ...f, at: read.at });
        focused.push(f);
      }
      this.current = withTopics(current, focused);
    } catch (err) {
      log('warn', 'reading the watched topics failed', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.focusInflight = false;
    }
  }
}

/** One log line when an nsqd or nsqlookupd goes down or comes back, not one per failed sweep. */
function logTransitions(cur: ClusterSnapshot, changes: readonly StatusChange[]): void {
  const errors = new Map<string, UpstreamErrorInfo | null>([
    ...cur.nodes.map((n) => [`nsqd ${n.node}`, n.error] as const),
    ...cur.lookupds.map((l) => [`nsqlookupd ${l.address}`, l.error] as const),
  ]);
  for (const c of changes) {
    const what = `${c.what} ${c.id}`;
    if (c.status === 'down') log('warn', `${what} is down`, { error: errors.get(what) });
    else log('info', `${what} is back up`);
  }
}
