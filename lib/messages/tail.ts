import 'server-only';
// Tail a topic: the messages published from now on, read over nsqd's TCP protocol (nsqjs) from an
// ephemeral channel of the console's own on every node that has the topic, each FINished at once.
// Being a channel of its own, the tail takes nothing from the topic's other channels: nsqd copies
// every message to each channel. The channel goes away with its last connection, which nsqd deletes
// when the tail stops. Bounded: a message cap, a time cap and a cap on tails running at once.
import { randomBytes } from 'node:crypto';
import type { Poller } from '../cluster/poller';
import type { NodeSummary } from '../cluster/types';
import { errorInfo, type NsqHttp } from '../nsq/http';
import { getNsqdStats } from '../nsq/nsqd';
import { closeReader, type NsqjsMessage, type NsqjsReader } from '../nsq/nsqjs';
import { type MessageBody, messageBody } from './body';
import { producersOf, subscribeOn } from './nodes';
import { type TraceContext, traceContextOfText, traceUrl } from './trace';

export const TAIL_LIMITS = {
  /** messages per tail, at most and by default */
  maxMessages: 1000,
  /** how long a tail runs, at most and by default */
  maxMs: 10 * 60_000,
  /** tails running at once in this process */
  concurrent: 10,
} as const;

/** Sent as an SSE comment while nothing else is, so that proxies keep the connection open. */
const KEEPALIVE_MS = 15_000;
/** events the stream holds for a slow viewer before nsqd is asked to wait */
const STREAM_BUFFER = 100;

/** One message as a tail sends it (the SSE `message` event). */
export interface TailMessage extends MessageBody {
  /** the node that delivered it */
  node: string;
  id: string;
  /** when nsqd received it, ms since the epoch */
  timestamp: number;
  attempts: number;
  /** the trace context the body carries, with its link when --trace-url-template is set */
  trace: (TraceContext & { url: string | null }) | null;
}

/** The `ready` event: where the tail reads from. */
export interface TailReady {
  topic: string;
  channel: string;
  nodes: string[];
  /** nodes that have the topic but could not be subscribed to, with why */
  failed: { node: string; error: string }[];
  max_messages: number;
  max_seconds: number;
}

export type TailEndReason = 'stopped' | 'message-cap' | 'time-cap' | 'no-node';

/** The `end` event, the last one. */
export interface TailEnd {
  reason: TailEndReason;
  count: number;
}

export type TailRefusal = { status: 404 | 409 | 429 | 502; message: string; reason: string };

export type TailOpen = { ok: true; session: TailSession } | { ok: false; refusal: TailRefusal };

export interface TailsDeps {
  http: NsqHttp;
  poller: Poller;
  traceUrlTemplate: string | null;
}

const encoder = new TextEncoder();
const sse = (event: string, data: unknown) => encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

/** The ephemeral channel of one tail: ours by name, random so that two tails never share one. */
export const tailChannelName = () => `nsq-console-tail-${randomBytes(4).toString('hex')}#ephemeral`;

export class Tails {
  private readonly running = new Set<TailSession>();
  /** tails being opened: they count against the cap before their first await */
  private opening = 0;

  constructor(private readonly deps: TailsDeps) {}

  /**
   * A tail of `topic`, not yet subscribed (its stream does that), or why there can be none. A topic
   * with no channel on some node is refused: nsqd keeps a topic's messages until its first channel
   * exists and then gives them all to it, so the tail's channel would take what the topic holds and
   * everything published while it runs. A node whose topic cannot be checked is refused too.
   */
  async open(topic: string, opts: { maxMessages: number; maxMs: number }): Promise<TailOpen> {
    const busy = this.running.size + this.opening;
    if (busy >= TAIL_LIMITS.concurrent)
      return {
        ok: false,
        refusal: {
          status: 429,
          message: 'TOO_MANY_TAILS',
          reason: `${busy} tails are running, the most this console allows; try again when one ends`,
        },
      };
    this.opening++;
    try {
      const refusal = await this.check(topic);
      if ('refusal' in refusal) return { ok: false, refusal: refusal.refusal };
      const session = new TailSession(topic, refusal.nodes, opts, this.deps.traceUrlTemplate, () =>
        this.running.delete(session),
      );
      this.running.add(session);
      return { ok: true, session };
    } finally {
      this.opening--;
    }
  }

  /** The nodes to tail, or why the topic cannot be tailed now (nsqd's own word, read live). */
  private async check(topic: string): Promise<{ nodes: NodeSummary[] } | { refusal: TailRefusal }> {
    const snap = await this.deps.poller.snapshot();
    const nodes = producersOf(snap, topic);
    if (nodes === null)
      return { refusal: { status: 404, message: 'TOPIC_NOT_FOUND', reason: `no nsqd has topic ${topic}` } };
    if (nodes.length === 0)
      return { refusal: { status: 502, message: 'NO_NODE', reason: `no nsqd that has topic ${topic} is up` } };
    const live = await Promise.allSettled(nodes.map((n) => getNsqdStats(this.deps.http, n.address, { topic })));
    const unchecked: string[] = [];
    const channelless: string[] = [];
    live.forEach((r, i) => {
      const node = (nodes[i] as NodeSummary).node;
      if (r.status === 'rejected') unchecked.push(`${node} (${errorInfo(r.reason, node).message})`);
      else {
        const t = r.value.topics.find((x) => x.topic_name === topic);
        if (t && t.channels.length === 0) channelless.push(`${node} (${t.depth} queued)`);
      }
    });
    if (unchecked.length > 0)
      return {
        refusal: {
          status: 502,
          message: 'UPSTREAM_ERROR',
          reason: `could not check topic ${topic} on ${unchecked.join(', ')}: a tail needs every node of the topic to have a channel`,
        },
      };
    if (channelless.length > 0)
      return {
        refusal: {
          status: 409,
          message: 'TOPIC_HAS_NO_CHANNEL',
          reason:
            `topic ${topic} has no channel on ${channelless.join(', ')}: nsqd keeps a topic's messages until ` +
            'its first channel exists and gives them all to that channel, so a tail would take them, and ' +
            "everything published while it runs. Create the topic's channel first, then tail.",
        },
      };
    return { nodes };
  }
}

export class TailSession {
  readonly channel = tailChannelName();
  count = 0;
  private readers: NsqjsReader[] = [];
  private paused = false;
  private timers: NodeJS.Timeout[] = [];
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private ended: TailEnd | null = null;
  private readonly endWaiters: ((e: TailEnd) => void)[] = [];

  constructor(
    readonly topic: string,
    readonly nodes: NodeSummary[],
    readonly limits: { maxMessages: number; maxMs: number },
    private readonly traceUrlTemplate: string | null,
    private readonly onEnd: () => void,
  ) {}

  /** Resolves once the tail has ended, with why and how many messages it sent. */
  done(): Promise<TailEnd> {
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  /** The SSE stream: `ready`, then a `message` per message, then `end`. Cancelling it stops the tail. */
  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.controller = controller;
          void this.subscribe();
        },
        // the viewer reads again: take more from nsqd
        pull: () => {
          if (!this.paused) return;
          this.paused = false;
          for (const r of this.readers) r.unpause();
        },
        cancel: () => this.stop('stopped'),
      },
      // room for a burst before nsqd is asked to wait (pause() is RDY 0 on every connection)
      new CountQueuingStrategy({ highWaterMark: STREAM_BUFFER }),
    );
  }

  private async subscribe(): Promise<void> {
    const failed: TailReady['failed'] = [];
    const subscribed: string[] = [];
    await Promise.all(
      this.nodes.map(async (node) => {
        const sub = await subscribeOn(
          node,
          this.topic,
          this.channel,
          { maxInFlight: STREAM_BUFFER, clientId: 'nsq-console-tail' },
          (reader) => {
            this.readers.push(reader);
            reader.on('message', (m) => this.deliver(node.node, m));
          },
        );
        if (sub.ok) subscribed.push(node.node);
        else failed.push({ node: node.node, error: sub.error });
      }),
    );
    if (this.ended) return;
    this.send('ready', {
      topic: this.topic,
      channel: this.channel,
      nodes: subscribed,
      failed,
      max_messages: this.limits.maxMessages,
      max_seconds: Math.round(this.limits.maxMs / 1000),
    } satisfies TailReady);
    if (subscribed.length === 0) return this.stop('no-node');
    this.timers.push(setTimeout(() => this.stop('time-cap'), this.limits.maxMs));
    this.timers.push(setInterval(() => this.enqueue(encoder.encode(': keepalive\n\n')), KEEPALIVE_MS));
  }

  private deliver(node: string, m: NsqjsMessage): void {
    // FIN at once, whatever happens next: the channel is the tail's own, and a message it did not
    // show is still in every other channel
    m.finish();
    if (this.ended || this.count >= this.limits.maxMessages) return;
    this.count++;
    const body = messageBody(m.body);
    const ctx = body.encoding === 'utf8' && !body.truncated ? traceContextOfText(body.body) : null;
    this.send('message', {
      node,
      id: m.id,
      timestamp: Number(m.timestamp / 1_000_000n),
      attempts: m.attempts,
      ...body,
      trace: ctx && { ...ctx, url: this.traceUrlTemplate ? traceUrl(this.traceUrlTemplate, ctx) : null },
    } satisfies TailMessage);
    if (this.count >= this.limits.maxMessages) this.stop('message-cap');
    // a viewer that reads slower than nsqd delivers: stop asking nsqd until it catches up (pull)
    else if (!this.paused && (this.controller?.desiredSize ?? 1) <= 0) {
      this.paused = true;
      for (const r of this.readers) r.pause();
    }
  }

  private send(event: string, data: unknown): void {
    this.enqueue(sse(event, data));
  }

  private enqueue(chunk: Uint8Array): void {
    try {
      this.controller?.enqueue(chunk);
    } catch {
      // the stream is closed: the viewer left, and cancel() is stopping the tail
    }
  }

  /** Ends the tail: the `end` event, the stream closed, every connection to nsqd closed. */
  stop(reason: TailEndReason): void {
    if (this.ended) return;
    this.ended = { reason, count: this.count };
    for (const t of this.timers) clearTimeout(t);
    this.send('end', this.ended);
    try {
      this.controller?.close();
    } catch {
      // already closed by the viewer
    }
    void Promise.all(this.readers.map((r) => closeReader(r))).finally(this.onEnd);
    for (const w of this.endWaiters) w(this.ended);
  }
}
