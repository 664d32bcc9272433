/**
 * Synthetic NSQ traffic for demos and integration tests: publishes over nsqd
 * HTTP and consumes over the NSQ TCP protocol (nsqjs) at fixed rates, so some
 * channels drain while others back up — the states the console must render.
 *
 * Module: `startTraffic`, `publish`, `consume`, `startAnsweringConsumer`, `connectProducer`,
 *         `channelDepths`.
 * CLI:    tsx scripts/traffic.ts --nsqd=127.0.0.1:4151 [--nsqd=...] [--nsqd-tcp=...]
 *           [--lookupd=127.0.0.1:4161] [--duration=<seconds>]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mpubBody } from '../lib/nsq/mpub';
import {
  closeReader,
  type NsqjsConnection,
  type NsqjsMessage,
  type NsqjsReader,
  type NsqjsReaderOptions,
  nsqjs,
} from '../lib/nsq/nsqjs';
import { httpRequest } from './nsq-cluster';

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

export interface TrafficChannel {
  name: string;
  /** 0 = no consumer (the channel is still created so its depth grows). */
  consumePerSecond: number;
  /** Requeue every Nth delivered message (with a short delay) instead of finishing it. */
  requeueEvery?: number;
}

export interface TrafficTopic {
  name: string;
  publishPerSecond: number;
  channels: TrafficChannel[];
}

export interface TrafficScenario {
  topics: TrafficTopic[];
}

export interface TrafficOptions {
  /** nsqd HTTP addresses (host:port); publishes round-robin across them. */
  nsqdHttpAddresses: string[];
  /** Consumers connect directly to these when given (takes precedence over lookupd). */
  nsqdTcpAddresses?: string[];
  /** Consumers discover nsqds through these when no TCP addresses are given. */
  lookupdHttpAddresses?: string[];
  scenario?: TrafficScenario;
  log?: (line: string) => void;
}

export interface TrafficHandle {
  stop(): Promise<void>;
  /** Messages accepted by nsqd so far. */
  published(): number;
  /** Messages finished by consumers so far (requeues not counted). */
  consumed(): number;
}

/**
 * orders:   billing drains (40/s > 20/s), shipping backs up (8/s < 20/s),
 *           archive has no consumer at all.
 * payments: ledger keeps up but requeues every 10th message, so requeue and
 *           deferred counts move.
 * clicks:   high-rate topic read by an ephemeral channel, the usual `nsq_tail` pattern.
 */
export const defaultScenario: TrafficScenario = {
  topics: [
    {
      name: 'orders',
      publishPerSecond: 20,
      channels: [
        { name: 'billing', consumePerSecond: 40 },
        { name: 'shipping', consumePerSecond: 8 },
        { name: 'archive', consumePerSecond: 0 },
      ],
    },
    {
      name: 'payments',
      publishPerSecond: 5,
      channels: [{ name: 'ledger', consumePerSecond: 10, requeueEvery: 10 }],
    },
    {
      name: 'clicks',
      publishPerSecond: 50,
      channels: [{ name: 'tail#ephemeral', consumePerSecond: 100 }],
    },
  ],
};

interface IdentifyOverrides {
  clientId?: string;
  hostname?: string;
  userAgent?: string;
}

/**
 * nsqjs only exposes client_id as an option; hostname and user_agent are
 * hard-coded in NSQDConnection.identify(). Wrapping identify() per connection
 * is the least invasive way to set them (nsqjs 0.13 internals).
 */
function patchIdentify(conn: NsqjsConnection, overrides: IdentifyOverrides): void {
  const original = conn.identify.bind(conn);
  conn.identify = () => {
    const body = original();
    if (overrides.hostname !== undefined) {
      body.hostname = overrides.hostname;
      body.long_id = overrides.hostname;
    }
    if (overrides.userAgent !== undefined) body.user_agent = overrides.userAgent;
    return body;
  };
}

function createReader(
  topic: string,
  channel: string,
  options: NsqjsReaderOptions,
  identify: IdentifyOverrides = {},
): NsqjsReader {
  const reader = new nsqjs.Reader(topic, channel, {
    ...options,
    ...(identify.clientId !== undefined ? { clientId: identify.clientId } : {}),
  });
  if (identify.hostname !== undefined || identify.userAgent !== undefined) {
    const register = reader.registerConnectionListeners.bind(reader);
    // Reader calls this for every new NSQDConnection before it connects.
    reader.registerConnectionListeners = (conn: NsqjsConnection) => {
      patchIdentify(conn, identify);
      register(conn);
    };
  }
  return reader;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Connects the reader and waits for `until` (subscribed, or its messages received); on failure the
 * reader is closed before the error is thrown. The handle's close() is safe to call twice.
 */
async function connected(reader: NsqjsReader, until: Promise<void>): Promise<{ close(): Promise<void> }> {
  reader.connect();
  try {
    await until;
  } catch (err) {
    await closeReader(reader);
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    close: () => {
      closing ??= closeReader(reader);
      return closing;
    },
  };
}

/* ------------------------------------------------------------------------ */
/* HTTP helpers                                                               */
/* ------------------------------------------------------------------------ */

async function nsqdPost(nsqdHttp: string, pathAndQuery: string, body?: string | Buffer): Promise<void> {
  const res = await httpRequest('POST', `http://${nsqdHttp}${pathAndQuery}`, body === undefined ? {} : { body });
  if (res.status !== 200) {
    throw new Error(`POST ${nsqdHttp}${pathAndQuery} -> ${res.status} ${res.body.trim()}`);
  }
}

/** Publishes via nsqd HTTP /mpub (binary framing when a body contains a newline). */
export async function publish(nsqdHttp: string, topic: string, bodies: string[]): Promise<void> {
  if (bodies.length === 0) return;
  const t = encodeURIComponent(topic);
  if (bodies.some((b) => b.includes('\n'))) {
    await nsqdPost(nsqdHttp, `/mpub?topic=${t}&binary=true`, mpubBody(bodies.map((b) => Buffer.from(b, 'utf8'))));
  } else {
    await nsqdPost(nsqdHttp, `/mpub?topic=${t}`, bodies.join('\n'));
  }
}

async function createTopicAndChannels(nsqdHttp: string, topic: TrafficTopic): Promise<void> {
  const t = encodeURIComponent(topic.name);
  await nsqdPost(nsqdHttp, `/topic/create?topic=${t}`);
  for (const channel of topic.channels) {
    await nsqdPost(nsqdHttp, `/channel/create?topic=${t}&channel=${encodeURIComponent(channel.name)}`);
  }
}

interface NsqdStatsBody {
  topics?: { topic_name: string; channels?: { channel_name: string; depth: number }[] }[];
}

/** Sum of channel depth across nsqds, keyed "topic/channel". */
export async function channelDepths(nsqdHttpAddresses: readonly string[]): Promise<Map<string, number>> {
  const depths = new Map<string, number>();
  for (const address of nsqdHttpAddresses) {
    const res = await httpRequest('GET', `http://${address}/stats?format=json&include_clients=false&include_mem=false`);
    if (res.status !== 200) throw new Error(`GET ${address}/stats -> ${res.status}`);
    const stats = JSON.parse(res.body) as NsqdStatsBody;
    for (const topic of stats.topics ?? []) {
      for (const channel of topic.channels ?? []) {
        const key = `${topic.topic_name}/${channel.channel_name}`;
        depths.set(key, (depths.get(key) ?? 0) + channel.depth);
      }
    }
  }
  return depths;
}

/** TCP addresses of nsqds from their /info, for when the caller gave only HTTP addresses. */
async function tcpAddressesFromInfo(nsqdHttpAddresses: readonly string[]): Promise<string[]> {
  return Promise.all(
    nsqdHttpAddresses.map(async (address) => {
      const res = await httpRequest('GET', `http://${address}/info`);
      const info = JSON.parse(res.body) as { tcp_port?: number };
      if (res.status !== 200 || typeof info.tcp_port !== 'number') {
        throw new Error(`cannot read tcp_port from ${address}/info (${res.status})`);
      }
      // The HTTP host is reachable by definition; broadcast_address may be a bare hostname.
      const host = address.slice(0, address.lastIndexOf(':'));
      return `${host}:${info.tcp_port}`;
    }),
  );
}

/**
 * Newly created topics reach lookupd asynchronously; nsqjs queries lookupd
 * once up front and then only every poll interval, so give registrations a
 * moment to land before starting readers.
 */
async function waitForLookupdTopics(
  lookupds: readonly string[],
  topics: readonly string[],
  nsqdCount: number,
): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (const topic of topics) {
    for (const lookupd of lookupds) {
      while (Date.now() < deadline) {
        const res = await httpRequest('GET', `http://${lookupd}/lookup?topic=${encodeURIComponent(topic)}`).catch(
          () => undefined,
        );
        const producers =
          res?.status === 200 ? ((JSON.parse(res.body) as { producers?: unknown[] }).producers ?? []) : [];
        if (producers.length >= nsqdCount) break;
        await sleep(50);
      }
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Traffic                                                                    */
/* ------------------------------------------------------------------------ */

const PUBLISH_TICK_MS = 100;
const MAX_BATCH = 500;
const REQUEUE_DELAY_MS = 1_000;
// Readers re-poll lookupd / retry direct connections this often (seconds), so
// a restarted nsqd is picked up again quickly.
const RECONNECT_INTERVAL_S = 2;

/**
 * Finishes messages no faster than `perSecond` by scheduling each one into
 * the next free slot; maxInFlight only needs to be large enough to keep the
 * schedule fed.
 */
class PacedConsumer {
  private nextSlotAt = 0;
  private delivered = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly reader: NsqjsReader;

  constructor(
    readonly topic: string,
    private readonly channel: TrafficChannel,
    source: { nsqdTCPAddresses?: string[]; lookupdHTTPAddresses?: string[] },
    connectionCount: number,
    private readonly onFinish: () => void,
    log: (line: string) => void,
  ) {
    // maxInFlight below the connection count would put nsqjs into its slow
    // "low RDY" rotation, so never go below one message per nsqd.
    const maxInFlight = Math.max(connectionCount, Math.ceil(channel.consumePerSecond / 4));
    this.reader = createReader(
      topic,
      channel.name,
      {
        ...source,
        maxInFlight,
        lookupdPollInterval: RECONNECT_INTERVAL_S,
      },
      { clientId: `traffic-${channel.name.replace('#ephemeral', '')}`, userAgent: 'nsq-console-traffic/1.0' },
    );
    this.reader.on('message', (msg) => this.schedule(msg));
    // nsqjs re-emits socket errors on the Reader; unhandled they would crash
    // the process, but a restarting nsqd is expected here.
    this.reader.on('error', (err) => log(`consumer ${topic}/${channel.name}: ${err.message}`));
  }

  private schedule(msg: NsqjsMessage): void {
    this.delivered++;
    const requeue = this.channel.requeueEvery !== undefined && this.delivered % this.channel.requeueEvery === 0;
    const now = Date.now();
    this.nextSlotAt = Math.max(now, this.nextSlotAt + 1_000 / this.channel.consumePerSecond);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (requeue) {
        // backoff=false: a deliberate requeue must not throttle the reader.
        msg.requeue(REQUEUE_DELAY_MS, false);
      } else {
        msg.finish();
        this.onFinish();
      }
    }, this.nextSlotAt - now);
    this.timers.add(timer);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    // Unanswered messages are requeued by nsqd when the connection closes.
    await closeReader(this.reader);
  }
}

function messageBody(topic: string, seq: number): string {
  const at = new Date().toISOString();
  switch (topic) {
    case 'orders':
      return JSON.stringify({ type: 'order.created', id: `ord-${seq}`, amount: (seq % 97) + 0.99, at });
    case 'payments':
      return JSON.stringify({ type: 'payment.captured', id: `pay-${seq}`, order: `ord-${seq * 4}`, at });
    case 'clicks':
      return JSON.stringify({ type: 'click', path: ['/', '/cart', '/checkout'][seq % 3], at });
    default:
      return JSON.stringify({ topic, seq, at });
  }
}

export async function startTraffic(opts: TrafficOptions): Promise<TrafficHandle> {
  const scenario = opts.scenario ?? defaultScenario;
  const log = opts.log ?? ((): void => undefined);
  const nsqds = opts.nsqdHttpAddresses;
  if (nsqds.length === 0) throw new Error('startTraffic needs at least one nsqd HTTP address');

  // Channels must exist before the first publish, otherwise messages published
  // before a consumer connects never reach them (and 0-rate channels never appear).
  for (const nsqd of nsqds) {
    for (const topic of scenario.topics) await createTopicAndChannels(nsqd, topic);
  }

  let source: { nsqdTCPAddresses?: string[]; lookupdHTTPAddresses?: string[] };
  if (opts.nsqdTcpAddresses && opts.nsqdTcpAddresses.length > 0) {
    source = { nsqdTCPAddresses: opts.nsqdTcpAddresses };
  } else if (opts.lookupdHttpAddresses && opts.lookupdHttpAddresses.length > 0) {
    await waitForLookupdTopics(
      opts.lookupdHttpAddresses,
      scenario.topics.map((t) => t.name),
      nsqds.length,
    );
    source = { lookupdHTTPAddresses: opts.lookupdHttpAddresses };
  } else {
    source = { nsqdTCPAddresses: await tcpAddressesFromInfo(nsqds) };
  }

  let publishedCount = 0;
  let consumedCount = 0;
  const consumers: PacedConsumer[] = [];
  for (const topic of scenario.topics) {
    for (const channel of topic.channels) {
      if (channel.consumePerSecond <= 0) continue;
      const consumer = new PacedConsumer(topic.name, channel, source, nsqds.length, () => consumedCount++, log);
      consumer.reader.connect();
      consumers.push(consumer);
    }
  }

  const startedAt = Date.now();
  const scheduled = new Map<string, number>(scenario.topics.map((t) => [t.name, 0]));
  const busy = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let nextNsqd = 0;
  let lastErrorLogAt = 0;
  let seq = 0;

  const tick = (): void => {
    const elapsedS = (Date.now() - startedAt) / 1_000;
    for (const topic of scenario.topics) {
      // One request per topic at a time; the backlog is folded into the next batch.
      if (busy.has(topic.name) || topic.publishPerSecond <= 0) continue;
      const already = scheduled.get(topic.name) ?? 0;
      const due = Math.min(MAX_BATCH, Math.floor(topic.publishPerSecond * elapsedS) - already);
      if (due <= 0) continue;
      // Counted as scheduled even if the request fails, so an nsqd outage
      // drops messages instead of causing a burst afterwards.
      scheduled.set(topic.name, already + due);
      const nsqd = nsqds[nextNsqd++ % nsqds.length] ?? nsqds[0] ?? '';
      const bodies = Array.from({ length: due }, () => messageBody(topic.name, ++seq));
      busy.add(topic.name);
      const request = publish(nsqd, topic.name, bodies)
        .then(() => {
          publishedCount += bodies.length;
        })
        .catch((err: unknown) => {
          // Throttled: during an nsqd restart every tick would fail.
          if (Date.now() - lastErrorLogAt > 5_000) {
            lastErrorLogAt = Date.now();
            log(`publish ${topic.name} to ${nsqd} failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        })
        .finally(() => {
          busy.delete(topic.name);
          inFlight.delete(request);
        });
      inFlight.add(request);
    }
  };

  const timer = setInterval(tick, PUBLISH_TICK_MS);
  log(
    `traffic started: ${scenario.topics.map((t) => `${t.name} ${t.publishPerSecond}/s`).join(', ')} via ${nsqds.join(', ')}`,
  );

  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        clearInterval(timer);
        await Promise.allSettled([...inFlight]);
        await Promise.all(consumers.map((c) => c.stop()));
        log(`traffic stopped: published=${publishedCount} consumed=${consumedCount}`);
      })();
      return stopping;
    },
    published: () => publishedCount,
    consumed: () => consumedCount,
  };
}

/* ------------------------------------------------------------------------ */
/* Test helpers                                                               */
/* ------------------------------------------------------------------------ */

export interface ConsumeOptions {
  lookupdHttp?: string;
  nsqdTcp?: string;
  topic: string;
  channel: string;
  /** Messages to receive before resolving. 0 resolves once subscribed. */
  count: number;
  /** Default true. false holds the messages in flight until close(). */
  finish?: boolean;
  clientId?: string;
  hostname?: string;
  userAgent?: string;
  /** Default 10 s. */
  timeoutMs?: number;
}

/**
 * Connects a consumer that receives exactly `count` messages and then stays
 * connected with RDY 0 until close(). maxInFlight = count, so with several
 * nsqds the count is split between connections. FINs have been written when
 * the promise resolves, but nsqd may not have processed them yet — poll
 * /stats if exact counters matter.
 */
export async function consume(opts: ConsumeOptions): Promise<{ close(): Promise<void> }> {
  const source: NsqjsReaderOptions = opts.nsqdTcp
    ? { nsqdTCPAddresses: [opts.nsqdTcp] }
    : opts.lookupdHttp
      ? { lookupdHTTPAddresses: [opts.lookupdHttp] }
      : {};
  if (!source.nsqdTCPAddresses && !source.lookupdHTTPAddresses) {
    throw new Error('consume() needs nsqdTcp or lookupdHttp');
  }
  const finish = opts.finish !== false;
  const reader = createReader(
    opts.topic,
    opts.channel,
    {
      ...source,
      maxInFlight: Math.max(1, opts.count),
      lookupdPollInterval: 1,
      // Held messages must not time out (and be redelivered) while a test
      // inspects them; nsqd caps this at --max-msg-timeout (15 min).
      ...(finish ? {} : { messageTimeout: 10 * 60 * 1_000 }),
    },
    {
      ...(opts.clientId !== undefined ? { clientId: opts.clientId } : {}),
      ...(opts.hostname !== undefined ? { hostname: opts.hostname } : {}),
      ...(opts.userAgent !== undefined ? { userAgent: opts.userAgent } : {}),
    },
  );

  const received: NsqjsMessage[] = [];
  let lastError: Error | undefined;
  reader.on('error', (err) => {
    lastError = err;
  });

  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(
          `consume ${opts.topic}/${opts.channel}: got ${received.length}/${opts.count} messages within ${opts.timeoutMs ?? 10_000} ms` +
            (lastError ? ` (last error: ${lastError.message})` : ''),
        ),
      );
    }, opts.timeoutMs ?? 10_000);
    const complete = (): void => {
      clearTimeout(timer);
      resolve();
    };
    if (opts.count === 0) reader.on('ready', complete);
    reader.on('message', (msg) => {
      received.push(msg);
      if (received.length !== opts.count) return;
      // RDY 0 first, so nsqd sends nothing beyond `count` once we FIN. All
      // messages are answered together: with maxInFlight = count nsqd cannot
      // have sent more than that before this point.
      reader.pause();
      if (finish) for (const m of received) m.finish();
      complete();
    });
  });

  return connected(reader, done);
}

/** What a consumer does with one delivery: FIN it, REQ it at once, or neither, so that nsqd times it out. */
export type Answer = 'finish' | 'requeue' | 'ignore';

export interface AnsweringConsumerOptions {
  nsqdTcp: string;
  topic: string;
  channel: string;
  /** decides each delivery; `attempts` is nsqd's, 1 on a message's first delivery */
  answer: (delivery: { body: string; attempts: number }) => Answer;
  /** IDENTIFY msg_timeout, ms (nsqd accepts 1,000 and more): how long nsqd waits for an answer */
  messageTimeoutMs?: number;
  /** Default 100; an ignored message holds its slot on the consumer's side until close(). */
  maxInFlight?: number;
}

/**
 * A consumer that keeps answering every delivery as `answer` says until close(), the way a real worker
 * that fails some messages behaves: requeued and timed-out messages come back and are answered again.
 * Resolves once subscribed.
 */
export async function startAnsweringConsumer(opts: AnsweringConsumerOptions): Promise<{ close(): Promise<void> }> {
  const reader = createReader(opts.topic, opts.channel, {
    nsqdTCPAddresses: [opts.nsqdTcp],
    maxInFlight: opts.maxInFlight ?? 100,
    lookupdPollInterval: 1,
    ...(opts.messageTimeoutMs !== undefined ? { messageTimeout: opts.messageTimeoutMs } : {}),
  });
  let lastError: Error | undefined;
  reader.on('error', (err) => {
    lastError = err;
  });
  reader.on('message', (msg) => {
    const answer = opts.answer({ body: msg.body.toString('utf8'), attempts: msg.attempts });
    // backoff=false: a deliberate requeue must not slow the reader down
    if (answer === 'requeue') msg.requeue(0, false);
    else if (answer === 'finish') msg.finish();
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`consumer ${opts.topic}/${opts.channel}: not subscribed (${lastError?.message ?? 'timeout'})`),
        ),
      10_000,
    );
    reader.on('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return connected(reader, ready);
}

/** A connected TCP publisher, so nsqd /stats lists it under `producers`. */
export async function connectProducer(
  nsqdTcp: string,
  identify: IdentifyOverrides = {},
): Promise<{ publish(topic: string, bodies: string[]): Promise<void>; close(): Promise<void> }> {
  const separator = nsqdTcp.lastIndexOf(':');
  const writer = new nsqjs.Writer(
    nsqdTcp.slice(0, separator),
    Number(nsqdTcp.slice(separator + 1)),
    identify.clientId !== undefined ? { clientId: identify.clientId } : {},
  );
  let lastError: Error | undefined;
  writer.on('error', (err) => {
    lastError = err;
  });
  writer.connect();
  // connect() creates the connection synchronously but opens the socket on
  // the next tick, so the IDENTIFY body can still be adjusted here.
  if (writer.conn) patchIdentify(writer.conn, identify);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`producer ${nsqdTcp}: not ready (${lastError?.message ?? 'timeout'})`)),
      5_000,
    );
    writer.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    publish: (topic, bodies) =>
      new Promise<void>((resolve, reject) => {
        writer.publish(topic, bodies, (err) => (err ? reject(err) : resolve()));
      }),
    close: async () => {
      const closed = new Promise<void>((resolve) => writer.once('closed', resolve));
      writer.close();
      await Promise.race([closed, sleep(2_000)]);
    },
  };
}

/* ------------------------------------------------------------------------ */
/* CLI                                                                        */
/* ------------------------------------------------------------------------ */

function splitList(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

const USAGE = `usage: tsx scripts/traffic.ts --nsqd=HOST:HTTP_PORT [--nsqd=...] [--nsqd-tcp=HOST:TCP_PORT ...]
                              [--lookupd=HOST:HTTP_PORT ...] [--duration=SECONDS]

Publishes the default scenario (orders, payments, clicks) over nsqd HTTP and
consumes it over TCP. Flags may be repeated or given comma-separated. Without
--duration it runs until Ctrl-C. Prints a status line every 5 s.`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      nsqd: { type: 'string', multiple: true },
      'nsqd-tcp': { type: 'string', multiple: true },
      lookupd: { type: 'string', multiple: true },
      duration: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const nsqdHttpAddresses = splitList(values.nsqd);
  if (nsqdHttpAddresses.length === 0) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (durationS !== undefined && !(durationS > 0)) {
    console.error(`--duration must be a positive number of seconds, got ${values.duration}`);
    process.exitCode = 2;
    return;
  }

  const log = (line: string): void => console.log(`[traffic] ${line}`);
  const traffic = await startTraffic({
    nsqdHttpAddresses,
    nsqdTcpAddresses: splitList(values['nsqd-tcp']),
    lookupdHttpAddresses: splitList(values.lookupd),
    log,
  });

  let lastPublished = 0;
  let lastConsumed = 0;
  const status = setInterval(() => {
    void (async () => {
      const published = traffic.published();
      const consumed = traffic.consumed();
      let depths = '';
      try {
        const map = await channelDepths(nsqdHttpAddresses);
        depths = ` | depth ${[...map].map(([k, v]) => `${k}=${v}`).join(' ')}`;
      } catch (err) {
        depths = ` | stats unavailable: ${err instanceof Error ? err.message : String(err)}`;
      }
      log(
        `published=${published} (+${published - lastPublished}) consumed=${consumed} (+${consumed - lastConsumed})${depths}`,
      );
      lastPublished = published;
      lastConsumed = consumed;
    })();
  }, 5_000);

  let finish = (): void => undefined;
  await new Promise<void>((resolve) => {
    finish = resolve;
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    if (durationS !== undefined) setTimeout(finish, durationS * 1_000).unref();
  });
  // Restores the default behaviour, so a second Ctrl-C during shutdown kills us.
  process.off('SIGINT', finish);
  process.off('SIGTERM', finish);
  clearInterval(status);
  await traffic.stop();
}

const invokedPath = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (invokedPath === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 1;
  });
}
