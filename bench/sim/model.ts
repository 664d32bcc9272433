// The large-cluster SIMULATOR's data: N simulated nsqd with T topics × C channels each, shaped from
// responses recorded from real nsqd and nsqlookupd v1.3.0 (lib/nsq/__fixtures__). Only the values
// change: names, counters that advance with time, a depth that rises and falls, client objects. Used
// by the scale benchmarks only; no functional test may use it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../lib/nsq/__fixtures__/', import.meta.url));
const recorded = (name: string) => JSON.parse(readFileSync(`${FIXTURES}${name}`, 'utf8')) as Record<string, unknown>;

type Json = Record<string, unknown>;
const stats = recorded('nsqd-stats.json') as { topics: Json[]; memory: Json; producers: Json[] };
const e2eStats = recorded('nsqd-stats-e2e.json') as { topics: Json[] };
/** a topic and a channel object exactly as nsqd 1.3.0 orders and types their fields */
const TOPIC = stats.topics.find((t) => t.topic_name === 'orders')!;
const CHANNEL = (TOPIC.channels as Json[]).find((c) => c.channel_name === 'billing')!;
const CLIENT = (CHANNEL.clients as Json[])[0]!;
const E2E = (e2eStats.topics[0]!.channels as Json[])[0]!.e2e_processing_latency as Json;
const MEMORY = stats.memory;
const PRODUCER = stats.producers[0]!;
const INFO = recorded('nsqd-info.json');
const LOOKUPD_PRODUCER = (recorded('lookupd-nodes.json').producers as Json[])[0]!;
export const LOOKUPD_INFO = recorded('lookupd-info.json');

export interface SimSpec {
  nodes: number;
  topics: number;
  channels: number;
  /** clients on every channel of every node */
  clientsPerChannel: number;
  /** clients of the first channel of the first topic, spread over the nodes (the channel-page case) */
  bigChannelClients: number;
  /** the share of each node's topics that carry traffic (DEFAULT_BUSY_SHARE when not given) */
  busyShare?: number;
  /**
   * Whether a busy topic is busy on every node, as when its producers publish to each nsqd. By
   * default each node's busy topics are drawn apart, so a topic busy somewhere is idle on most nodes.
   */
  busyOnEveryNode?: boolean;
}

/** A tenth of the topics on each node carry traffic; the rest are idle, their counters still. */
export const DEFAULT_BUSY_SHARE = 0.1;

/** A share of busy topics as given to --busy: a number from 0 to 1. */
export function parseBusyShare(text: string): number {
  const share = Number(text);
  if (text.trim() === '' || !(share >= 0 && share <= 1))
    throw new Error(`--busy must be a share from 0 to 1, got ${JSON.stringify(text)}`);
  return share;
}

export const BIG_TOPIC = 'topic-00000';
export const BIG_CHANNEL = 'channel-0';
export const topicName = (j: number) => `topic-${String(j).padStart(5, '0')}`;
export const channelName = (k: number) => `channel-${k}`;

/** the counters a body carries, re-read at every request; their positions are patched in place */
const DYNAMIC = new Set([
  'depth',
  'in_flight_count',
  'message_count',
  'requeue_count',
  'timeout_count',
  'finish_count',
]);
const SLOT_WIDTH = 12;

/** What one counter is worth at time t (seconds since the simulator started). */
interface Counters {
  rate: number;
  base: number;
  /** depth swings between 0 and this over a period */
  swing: number;
  phase: number;
}

function counterValue(c: Counters, field: string, t: number): number {
  const messages = c.base + Math.floor(c.rate * t);
  switch (field) {
    case 'message_count':
      return messages;
    case 'finish_count':
      return Math.floor(messages * 0.99);
    case 'depth':
      return Math.round((c.swing * (1 + Math.sin(t / 60 + c.phase))) / 2);
    case 'in_flight_count':
      return Math.min(c.rate, 50);
    case 'requeue_count':
      return Math.floor(messages / 100);
    case 'timeout_count':
      return Math.floor(messages / 1000);
    default:
      return 0;
  }
}

/** deterministic variety without Math.random, so two runs serve the same cluster */
const mix = (a: number, b: number, c: number) => ((a * 73856093) ^ (b * 19349663) ^ (c * 83492791)) >>> 0;

export interface SimNode {
  index: number;
  httpPort: number;
  hostname: string;
  startTime: number;
}

export interface StatsQuery {
  topic?: string;
  channel?: string;
  includeClients: boolean;
  includeMem: boolean;
}

export class SimCluster {
  readonly spec: SimSpec;
  readonly startedAt = Date.now();
  private readonly busyPerMille: number;
  private readonly templates = new Map<
    string,
    { body: Buffer; slots: { at: number; counters: Counters; field: string }[] }
  >();

  constructor(
    spec: SimSpec,
    readonly nodes: SimNode[],
  ) {
    this.spec = spec;
    this.busyPerMille = Math.round((spec.busyShare ?? DEFAULT_BUSY_SHARE) * 1000);
  }

  private elapsed(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /**
   * The counters of a topic (channel -1) or of one of its channels on one node. As in nsqd, every
   * channel of a topic gets a copy of each message published to it: a busy topic's channels all
   * advance with it (a channel made after its topic has seen fewer of its messages), and an idle
   * topic's channels stay still. A third of a busy topic's channels build a backlog and drain it.
   */
  private counters(node: number, topic: number, channel: number): Counters {
    const h = mix(node + 1, topic + 1, 1);
    const busy = (this.spec.busyOnEveryNode ? mix(1, topic + 1, 1) : h) % 1000 < this.busyPerMille;
    const rate = busy ? 1 + ((h >>> 10) % 200) : 0;
    const base = h % 100_000;
    if (channel < 0) return { rate, base, swing: 0, phase: 0 };
    const c = mix(node + 1, topic + 1, channel + 2);
    return {
      rate,
      base: base - (c % (base + 1)),
      swing: busy && c % 3 === 0 ? 1_000 + (c % 50_000) : 0,
      phase: (c % 628) / 100,
    };
  }

  clientsOf(node: number, topic: number, channel: number): number {
    if (topic === 0 && channel === 0) {
      const n = this.nodes.length;
      return Math.floor(this.spec.bigChannelClients / n) + (node < this.spec.bigChannelClients % n ? 1 : 0);
    }
    return this.spec.clientsPerChannel;
  }

  private client(node: SimNode, topic: number, channel: number, i: number): Json {
    return {
      ...CLIENT,
      client_id: `worker-${topic}-${channel}-${i}`,
      hostname: `worker-${i % 97}.sim.internal`,
      remote_address: `10.${node.index % 250}.${i % 250}.${(i * 7) % 250}:${30_000 + (i % 30_000)}`,
      connect_ts: node.startTime,
      user_agent: `worker/1.${i % 5}.0 go-nsq/1.1.0`,
    };
  }

  /** One channel or topic object with plain numbers (or slot markers when `mark` is given). */
  private channel(node: SimNode, topic: number, channel: number, includeClients: boolean, mark?: Marker): Json {
    const c = this.counters(node.index, topic, channel);
    const t = this.elapsed();
    const clients = this.clientsOf(node.index, topic, channel);
    const out: Json = {};
    for (const [key, value] of Object.entries(CHANNEL)) {
      if (key === 'channel_name') out[key] = channelName(channel);
      else if (key === 'client_count') out[key] = clients;
      else if (key === 'clients')
        out[key] = includeClients
          ? Array.from({ length: clients }, (_, i) => this.client(node, topic, channel, i))
          : null;
      else if (key === 'paused') out[key] = (topic + channel) % 97 === 13;
      else if (key === 'deferred_count' || key === 'backend_depth') out[key] = 0;
      else if (key === 'e2e_processing_latency') out[key] = topic % 10 === 0 ? E2E : { count: 0, percentiles: null };
      else if (DYNAMIC.has(key)) out[key] = mark ? mark(c, key) : counterValue(c, key, t);
      else out[key] = value;
    }
    return out;
  }

  private topic(node: SimNode, topic: number, q: StatsQuery, mark?: Marker): Json {
    const c = this.counters(node.index, topic, -1);
    const t = this.elapsed();
    const out: Json = {};
    for (const [key, value] of Object.entries(TOPIC)) {
      if (key === 'topic_name') out[key] = topicName(topic);
      else if (key === 'channels') {
        const ks =
          q.channel === undefined
            ? range(this.spec.channels)
            : range(this.spec.channels).filter((k) => channelName(k) === q.channel);
        out[key] = ks.map((k) => this.channel(node, topic, k, q.includeClients, mark));
      } else if (key === 'depth' || key === 'backend_depth') out[key] = 0;
      else if (key === 'message_count') out[key] = mark ? mark(c, key) : counterValue(c, key, t);
      else if (key === 'message_bytes') out[key] = (c.base + Math.floor(c.rate * t)) * 120;
      else if (key === 'paused') out[key] = topic % 500 === 7;
      else if (key === 'e2e_processing_latency') out[key] = topic % 10 === 0 ? E2E : { count: 0, percentiles: null };
      else out[key] = value;
    }
    return out;
  }

  /** nsqd's /stats?format=json object for one node, honouring topic, channel, include_clients, include_mem. */
  statsObject(node: SimNode, q: StatsQuery, mark?: Marker): Json {
    let topics: number[] = range(this.spec.topics);
    if (q.topic !== undefined) topics = topics.filter((j) => topicName(j) === q.topic);
    const out: Json = {
      version: '1.3.0',
      health: 'OK',
      start_time: node.startTime,
      // nsqd answers null for an unknown ?topic=
      topics: q.topic !== undefined && topics.length === 0 ? null : topics.map((j) => this.topic(node, j, q, mark)),
    };
    if (q.includeMem) out.memory = MEMORY;
    out.producers = q.includeClients ? [{ ...PRODUCER, pub_counts: [{ topic: topicName(0), count: 1_000 }] }] : null;
    return out;
  }

  /**
   * The body of /stats. The unfiltered ones (what the console polls, and nsqadmin's counter and
   * nodes pages) are serialized once per node with fixed-width slots for the counters, and each
   * request copies that buffer and writes the current values into the slots: the body parses to the
   * same JSON as nsqd's (a few spaces of padding aside), and serving a 3 MB body costs milliseconds
   * of this process's CPU rather than a full serialization.
   */
  statsBody(node: SimNode, q: StatsQuery): Buffer {
    if (q.topic !== undefined || q.includeClients) return Buffer.from(JSON.stringify(this.statsObject(node, q)));
    const key = `${node.index}/${q.includeMem}`;
    let tpl = this.templates.get(key);
    if (!tpl) {
      const slots: { counters: Counters; field: string }[] = [];
      const marker = `"${'#'.repeat(SLOT_WIDTH - 2)}"`;
      const text = JSON.stringify(
        this.statsObject(node, q, (counters, field) => {
          slots.push({ counters, field });
          return marker.slice(1, -1);
        }),
      );
      const at: number[] = [];
      for (let i = text.indexOf(marker); i !== -1; i = text.indexOf(marker, i + SLOT_WIDTH)) at.push(i);
      if (at.length !== slots.length) throw new Error('simulator: slot markers do not match the counters');
      tpl = { body: Buffer.from(text, 'latin1'), slots: slots.map((s, i) => ({ ...s, at: at[i]! })) };
      this.templates.set(key, tpl);
    }
    const body = Buffer.from(tpl.body);
    const t = this.elapsed();
    for (const s of tpl.slots)
      body.write(String(counterValue(s.counters, s.field, t)).padStart(SLOT_WIDTH), s.at, 'latin1');
    return body;
  }

  info(node: SimNode): Json {
    return {
      ...INFO,
      hostname: node.hostname,
      broadcast_address: '127.0.0.1',
      http_port: node.httpPort,
      tcp_port: node.httpPort,
      start_time: node.startTime,
    };
  }

  private producer(node: SimNode): Json {
    return {
      ...LOOKUPD_PRODUCER,
      remote_address: `127.0.0.1:${40_000 + node.index}`,
      hostname: node.hostname,
      broadcast_address: '127.0.0.1',
      tcp_port: node.httpPort,
      http_port: node.httpPort,
      version: '1.3.0',
    };
  }

  lookupdNodes(): Json {
    const names = range(this.spec.topics).map(topicName);
    const tombstones = names.map(() => false);
    return { producers: this.nodes.map((n) => ({ ...this.producer(n), tombstones, topics: names })) };
  }

  lookupdTopics(): Json {
    return { topics: range(this.spec.topics).map(topicName) };
  }

  lookupdChannels(topic: string): Json {
    return { channels: this.hasTopic(topic) ? range(this.spec.channels).map(channelName) : [] };
  }

  /** null for an unknown topic (lookupd's 404 TOPIC_NOT_FOUND) */
  lookupdLookup(topic: string): Json | null {
    if (!this.hasTopic(topic)) return null;
    return { channels: range(this.spec.channels).map(channelName), producers: this.nodes.map((n) => this.producer(n)) };
  }

  hasTopic(topic: string): boolean {
    const m = /^topic-(\d{5})$/.exec(topic);
    return m !== null && Number(m[1]) < this.spec.topics;
  }
}

type Marker = (counters: Counters, field: string) => unknown;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
