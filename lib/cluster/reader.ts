// Reading the cluster: asks each nsqlookupd which nsqd exist, reads every nsqd's /stats (without
// clients or memory) with bounded concurrency, and turns each answer into a node table with rates
// (observeNode). It also reads single topics for the topics someone is looking at (focus). It keeps
// what rates and discovery need between reads; it builds no snapshot. In the server it runs on the
// poll worker's thread (poll-worker.ts), so that none of this work delays a request.
import pLimit from 'p-limit';
import type { Config } from '../config';
import { errorInfo, type NsqHttp } from '../nsq/http';
import { getLookupdNodes, getLookupdTopics, getLookupdVersion } from '../nsq/lookupd';
import { getNsqdInfo, getNsqdStats, statsPath } from '../nsq/nsqd';
import { fullReadPeriodMs, readPollStats } from '../nsq/poll-stats';
import type { NsqdInfo } from '../nsq/schemas';
import {
  type Discovered,
  discoverFromLookupds,
  type LookupdAnswer,
  type PollTarget,
  type SeenNodes,
  staticTargets,
} from './discovery';
import { topicTable } from './node-table';
import type { NodeBaseline } from './rates';
import { type NodeObservation, type NodeResult, observeNode } from './snapshot';
import type { LookupdSummary } from './types';

/**
 * nsqd /stats requests in flight at once: enough to hide latency, few enough to spare the thread.
 * Each one holds a buffer its body is read into; at 50 nodes × 1,000 topics, 16 at once took no
 * less time or CPU than 8, and 12 MB more memory.
 */
export const NSQD_CONCURRENCY = 8;

export const POLL_STATS_PATH = statsPath({ includeClients: false, includeMem: false });

/** What one sweep of the whole cluster read: every node's observation, in no particular order. */
export interface Sweep {
  taken_at: number;
  duration_ms: number;
  lookupds: LookupdSummary[];
  lookupd_topics: readonly string[];
  nodes: NodeObservation[];
}

/** A topic someone is looking at, and the nodes that had it at the last sweep. */
export interface FocusRequest {
  topic: string;
  addresses: readonly string[];
}

/** One topic read from the nodes that have it: a one-topic observation per node. */
export interface FocusRead {
  topic: string;
  /** when the last answer arrived, ms */
  at: number;
  nodes: NodeObservation[];
}

export interface ReaderOptions {
  config: Config;
  http: NsqHttp;
  now?: () => number;
}

export class ClusterReader {
  private readonly config: Config;
  private readonly http: NsqHttp;
  private readonly now: () => number;
  private readonly limit = pLimit(NSQD_CONCURRENCY);
  /** per node address: the last sweep's table of the node, to take rates from */
  private readonly baselines = new Map<string, NodeBaseline>();
  /** per node address and topic: the last focused read of the topic on the node */
  private readonly focusBaselines = new Map<string, NodeBaseline>();
  /** per node address: how many times resetRates forgot its baselines */
  private readonly resets = new Map<string, number>();
  private readonly lastOk = new Map<string, { at: number; topics: readonly string[] }>();
  private readonly nsqdInfo = new Map<string, NsqdInfo>();
  /** each lookupd's version, asked once and again after it was unreachable */
  private readonly lookupdVersions = new Map<string, string>();
  private seen: SeenNodes = new Map();
  private targets = new Map<string, PollTarget>();
  /** the nsqlookupd addresses read; PUT /config/nsqlookupd_http_addresses replaces them */
  private lookupds: readonly string[];

  constructor(opts: ReaderOptions) {
    this.config = opts.config;
    this.http = opts.http;
    this.now = opts.now ?? Date.now;
    this.lookupds = [...opts.config.lookupdHttpAddresses];
  }

  get lookupdAddresses(): readonly string[] {
    return this.lookupds;
  }

  /**
   * Reads these nsqlookupd from the next sweep on. Nodes that only the old ones listed are forgotten
   * rather than kept as departed, since they were not seen to leave.
   */
  setLookupdAddresses(addresses: readonly string[]): void {
    this.lookupds = [...new Set(addresses)];
    const kept = new Set(this.lookupds);
    for (const a of this.lookupdVersions.keys()) if (!kept.has(a)) this.lookupdVersions.delete(a);
    this.seen = new Map();
  }

  /**
   * Forgets the rate baselines of these nodes: after a channel or topic is emptied or deleted, the
   * drop in depth is not consumption, so the next interval has no rate rather than a false one.
   */
  resetRates(addresses: readonly string[]): void {
    for (const a of addresses) {
      this.baselines.delete(a);
      for (const key of this.focusBaselines.keys()) if (key.startsWith(`${a}\n`)) this.focusBaselines.delete(key);
      this.resets.set(a, (this.resets.get(a) ?? 0) + 1);
    }
  }

  /**
   * Reads the whole cluster once; `intervalMs` is the interval sweeps run at (for full reads of
   * /stats). `onNode` is given each node's observation as it is made.
   */
  async sweep(intervalMs: number, onNode?: (o: NodeObservation) => void): Promise<Sweep> {
    const taken_at = this.now();
    const { lookupds, targets, lookupdTopics } =
      this.config.mode === 'lookupd' ? await this.discoverFromLookupd() : await this.discoverStatic();
    this.targets = new Map(targets.map((t) => [t.address, t]));
    this.forgetAllBut(new Set(this.targets.keys()));
    const nodes = await Promise.all(
      targets.map((id) =>
        this.limit(async () => {
          const o = await this.observe(id, intervalMs);
          onNode?.(o);
          return o;
        }),
      ),
    );
    return { taken_at, duration_ms: this.now() - taken_at, lookupds, lookupd_topics: lookupdTopics, nodes };
  }

  /**
   * Reads one topic from each of its nodes with nsqd's filtered /stats, rates taken against the
   * newer of the node's last sweep and the last focused read of the topic there.
   */
  async focus(req: FocusRequest): Promise<FocusRead> {
    const nodes = await Promise.all(
      req.addresses.flatMap((address) => {
        const id = this.targets.get(address);
        return id ? [this.limit(() => this.observeTopic(id, req.topic))] : [];
      }),
    );
    return { topic: req.topic, at: this.now(), nodes };
  }

  private async observe(id: PollTarget, intervalMs: number): Promise<NodeObservation> {
    const t0 = this.now();
    let result: NodeResult;
    try {
      // keyed by the address read, which stays the same when /info renames a node in nsqd mode
      const resets = this.resets.get(id.address);
      const body = await this.http.getBytes(id.address, POLL_STATS_PATH);
      const at = this.now();
      // the baseline as it is when the answer arrives: resetRates may have forgotten it meanwhile
      const previous = this.baselines.get(id.address);
      const stats = readPollStats(id.address, POLL_STATS_PATH, body, previous?.digests ?? null, {
        at,
        fullReadEveryMs: fullReadPeriodMs(intervalMs),
      });
      // a restarted nsqd may have come back with other settings: ask its /info again
      if (previous && previous.start_time !== stats.start_time) this.nsqdInfo.delete(id.address);
      const { baseline, ...observed } = observeNode(id.node, id.hostname, stats, previous, at);
      // an answer on its way when the rates were reset may predate the action: no one's baseline
      if (this.resets.get(id.address) === resets) this.baselines.set(id.address, baseline);
      this.lastOk.set(id.address, { at, topics: observed.table.topicNames });
      result = { ok: true, observed, latency_ms: at - t0, started_at: t0, bytes: body.length };
    } catch (err) {
      result = { ok: false, error: errorInfo(err, id.address), latency_ms: this.now() - t0, started_at: t0 };
    }
    const last = this.lastOk.get(id.address);
    return { ...id, known_topics: last?.topics ?? [], last_ok_at: last?.at ?? null, result };
  }

  private async observeTopic(id: PollTarget, topic: string): Promise<NodeObservation> {
    const t0 = this.now();
    const key = `${id.address}\n${topic}`;
    let result: NodeResult;
    try {
      const resets = this.resets.get(id.address);
      const stats = await getNsqdStats(this.http, id.address, { topic });
      const at = this.now();
      const previous = this.topicBaseline(id.address, key, topic);
      const { baseline, ...observed } = observeNode(id.node, id.hostname, stats, previous, at);
      if (this.resets.get(id.address) === resets) this.focusBaselines.set(key, baseline);
      result = { ok: true, observed, latency_ms: at - t0, started_at: t0 };
    } catch (err) {
      result = { ok: false, error: errorInfo(err, id.address), latency_ms: this.now() - t0, started_at: t0 };
    }
    const last = this.lastOk.get(id.address);
    return { ...id, known_topics: [topic], last_ok_at: last?.at ?? null, result };
  }

  /** The newer of the topic's last focused read on the node and its row in the node's last sweep. */
  private topicBaseline(address: string, key: string, topic: string): NodeBaseline | undefined {
    const focused = this.focusBaselines.get(key);
    const swept = this.baselines.get(address);
    if (focused && (!swept || focused.at >= swept.at)) return focused;
    if (!swept) return undefined;
    const table = topicTable(swept.table, topic);
    return table ? { start_time: swept.start_time, at: swept.at, table, digests: null } : undefined;
  }

  /** Drops what is kept per node for nodes no longer read, so node churn does not leak memory. */
  private forgetAllBut(addresses: Set<string>): void {
    for (const map of [this.baselines, this.resets, this.lastOk, this.nsqdInfo]) {
      for (const key of map.keys()) if (!addresses.has(key)) map.delete(key);
    }
    for (const key of this.focusBaselines.keys()) {
      if (!addresses.has(key.slice(0, key.indexOf('\n')))) this.focusBaselines.delete(key);
    }
  }

  private async discoverFromLookupd(): Promise<Discovered> {
    const answers = await Promise.all(this.lookupds.map((address) => this.askLookupd(address)));
    const found = discoverFromLookupds(answers, this.seen, this.now());
    this.seen = found.seen;
    return found;
  }

  private async askLookupd(address: string): Promise<LookupdAnswer> {
    const t0 = this.now();
    try {
      const known = this.lookupdVersions.get(address);
      const [nodes, topics, version] = await Promise.all([
        getLookupdNodes(this.http, address),
        getLookupdTopics(this.http, address),
        known ?? getLookupdVersion(this.http, address),
      ]);
      this.lookupdVersions.set(address, version);
      return { address, ok: true, producers: nodes.producers, topics, version, latency_ms: this.now() - t0 };
    } catch (err) {
      this.lookupdVersions.delete(address);
      return { address, ok: false, error: errorInfo(err, address), latency_ms: this.now() - t0 };
    }
  }

  /** nsqd mode: the configured addresses, named by their /info (asked once, again after errors). */
  private async discoverStatic(): Promise<Discovered> {
    await Promise.all(
      this.config.nsqdHttpAddresses.map(async (address) => {
        if (this.nsqdInfo.has(address)) return;
        const info = await getNsqdInfo(this.http, address).catch(() => undefined);
        if (info) this.nsqdInfo.set(address, info);
      }),
    );
    return staticTargets(this.config.nsqdHttpAddresses, this.nsqdInfo);
  }
}
