import 'server-only';
// Redrive dead letters: consume up to `max` messages from a channel (nsqjs, one message at a time per
// node) and publish each to a topic. A message in the dead-letter shape (lib/messages/dead-letter.ts)
// goes back as its original body, by default to its original topic. A message is FINished only once
// nsqd acknowledged its publish; when no node takes it, it is requeued and the run stops, so nothing
// is lost. A duplicate is possible only if the FIN itself is lost after the publish (the connection to
// the dead-letter channel's nsqd drops in between), as with any NSQ consumer.
import type { Poller } from '../cluster/poller';
import type { NodeSummary } from '../cluster/types';
import { messageWithText } from '../format';
import { isValidName } from '../nsq/names';
import { closeReader, type NsqjsMessage, type NsqjsReader } from '../nsq/nsqjs';
import { outsideRequestTrace } from '../telemetry/tracing';
import { deadLetter, originalBody } from './dead-letter';
import { channelHolders, producersOf, subscribeOn } from './nodes';
import type { Publisher } from './publish';

export const REDRIVE_LIMITS = {
  /** messages per run */
  max: 100_000,
  /** a channel that delivers nothing for this long is taken as drained */
  idleMs: 3_000,
  /** how long nsqd waits for our answer to a message before it gives it to someone else */
  messageTimeoutMs: 60_000,
} as const;

export type RedriveState = 'running' | 'done' | 'cancelled' | 'failed';

/** A run as the API shows it (GET, POST and DELETE /api/topics/:topic/:channel/redrive). */
export interface RedriveJson {
  topic: string;
  channel: string;
  /** the target given; null: each message's original_topic */
  to_topic: string | null;
  max: number;
  state: RedriveState;
  /** published and FINished */
  moved: number;
  /** why the run failed, or which nodes could not be read */
  error: string | null;
  /** who started it, as the audit names them */
  by: string | null;
  nodes: string[];
  started_at: number;
  ended_at: number | null;
}

export interface RedriveRequest {
  toTopic: string | null;
  max: number;
  by: string | null;
}

export type RedriveRefusal = { status: 404 | 409 | 502; message: string; reason: string };

export type RedriveStart = { ok: true; run: RedriveRun } | { ok: false; refusal: RedriveRefusal };

export interface RedrivesDeps {
  poller: Poller;
  publisher: Publisher;
}

/**
 * FIN or REQ. nsqjs writes either on the next tick, so a run closes its connections only after a
 * macrotask has passed since the last one (RedriveRun.close).
 */
function answer(m: NsqjsMessage, how: 'finish' | 'requeue'): void {
  if (how === 'finish') m.finish();
  else m.requeue(0, false);
}

const key = (topic: string, channel: string) => `${topic}/${channel}`;

/** The runs of this process: one at a time per channel; the last one of each channel is kept to be read. */
export class Redrives {
  private readonly runs = new Map<string, RedriveRun>();
  private readonly starting = new Set<string>();

  constructor(private readonly deps: RedrivesDeps) {}

  get(topic: string, channel: string): RedriveRun | undefined {
    return this.runs.get(key(topic, channel));
  }

  async start(topic: string, channel: string, req: RedriveRequest): Promise<RedriveStart> {
    const k = key(topic, channel);
    const current = this.runs.get(k);
    // reserved before the first await: two requests at once must not both start a run
    if (this.starting.has(k) || current?.state === 'running')
      return {
        ok: false,
        refusal: {
          status: 409,
          message: 'REDRIVE_RUNNING',
          reason: `a redrive of ${topic}/${channel} is running; cancel it or wait for it to end`,
        },
      };
    this.starting.add(k);
    try {
      const snap = await this.deps.poller.snapshot();
      const holders = channelHolders(snap, topic, channel);
      if (holders === null)
        return {
          ok: false,
          refusal: { status: 404, message: 'CHANNEL_NOT_FOUND', reason: `no nsqd has ${topic}/${channel}` },
        };
      if (holders.length === 0)
        return {
          ok: false,
          refusal: { status: 502, message: 'NO_NODE', reason: `no nsqd that has ${topic}/${channel} is up` },
        };
      const run = new RedriveRun(topic, channel, req, holders, this.deps);
      this.runs.set(k, run);
      await outsideRequestTrace(() => run.begin());
      return { ok: true, run };
    } finally {
      this.starting.delete(k);
    }
  }
}

export class RedriveRun {
  state: RedriveState = 'running';
  moved = 0;
  private error: string | null = null;
  private readonly startedAt = Date.now();
  private endedAt: number | null = null;
  private readers: NsqjsReader[] = [];
  private subscribed: string[] = [];
  /** messages are handled one after another, whichever node they come from */
  private queue: Promise<void> = Promise.resolve();
  /** when a message last arrived or was settled: a run that has nothing to do for idleMs is done */
  private lastActivityAt = Date.now();
  private busy = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private turn = 0;
  private closed = false;
  private readonly endWaiters: (() => void)[] = [];

  constructor(
    readonly topic: string,
    readonly channel: string,
    private readonly req: RedriveRequest,
    private readonly holders: NodeSummary[],
    private readonly deps: RedrivesDeps,
  ) {}

  /** Subscribes on every node that has the channel; the run is under way when this resolves. */
  async begin(): Promise<void> {
    const failed: string[] = [];
    await Promise.all(
      this.holders.map(async (node) => {
        const subscribed = await this.subscribe(node);
        if (subscribed === true) this.subscribed.push(node.node);
        else failed.push(`${node.node}: ${subscribed}`);
      }),
    );
    if (failed.length > 0) this.error = `not read: ${failed.join('; ')}`;
    if (this.subscribed.length === 0) this.end('failed');
    this.lastActivityAt = Date.now();
    this.idleTimer = setInterval(() => {
      if (this.busy === 0 && Date.now() - this.lastActivityAt > REDRIVE_LIMITS.idleMs) this.end('done');
    }, REDRIVE_LIMITS.idleMs / 4);
  }

  /** One node's reader, subscribed: true, or why not (its reader is then closed). */
  private async subscribe(node: NodeSummary): Promise<true | string> {
    let mine: NsqjsReader | null = null;
    const sub = await subscribeOn(
      node,
      this.topic,
      this.channel,
      {
        // one at a time: a message is only ever taken once the one before it is settled
        maxInFlight: 1,
        messageTimeout: REDRIVE_LIMITS.messageTimeoutMs,
        clientId: 'nsq-console-redrive',
      },
      (reader) => {
        mine = reader;
        this.readers.push(reader);
        reader.on('message', (m) => {
          this.lastActivityAt = Date.now();
          this.busy++;
          this.queue = this.queue
            .then(() => this.handle(node, m))
            .finally(() => {
              this.busy--;
              this.lastActivityAt = Date.now();
            });
        });
      },
    );
    if (sub.ok) return true;
    this.readers = this.readers.filter((r) => r !== mine);
    return sub.error;
  }

  /** Where a message goes and what is published, or why it cannot go anywhere. */
  private target(m: NsqjsMessage): { topic: string; body: Buffer } | { problem: string } {
    const letter = deadLetter(m.body);
    const topic = this.req.toTopic ?? letter?.original_topic;
    if (topic === undefined)
      return {
        problem: `message ${m.id} is not in the dead-letter shape (no original_topic), and no target topic was given`,
      };
    if (!isValidName(topic)) return { problem: `message ${m.id} names an invalid original_topic` };
    if (topic === this.topic)
      return { problem: `message ${m.id} would go back to ${this.topic}, the topic it is read from` };
    const body = letter ? originalBody(letter) : m.body;
    if (body.length === 0) return { problem: `message ${m.id} has an empty original body, which nsqd refuses` };
    return { topic, body };
  }

  private async handle(source: NodeSummary, m: NsqjsMessage): Promise<void> {
    if (this.state !== 'running' || this.moved >= this.req.max) {
      answer(m, 'requeue');
      return;
    }
    const target = this.target(m);
    if ('problem' in target) {
      answer(m, 'requeue');
      this.error = target.problem;
      this.end('failed');
      return;
    }
    const snap = this.deps.poller.latest();
    const producers = (snap && producersOf(snap, target.topic)) || [];
    // a topic no node has yet is created where the dead letter was
    const nodes = producers.length > 0 ? producers : [source];
    const start = this.turn++;
    let lastFailure = '';
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[(start + i) % nodes.length] as NodeSummary;
      // each attempt may take a request timeout: nsqd must not give the message to someone else meanwhile
      m.touch();
      const outcome = await this.deps.publisher.publishOn(node, target.topic, [target.body]);
      if (outcome.ok) {
        answer(m, 'finish');
        this.moved++;
        if (this.moved >= this.req.max) this.end('done');
        return;
      }
      lastFailure = `${node.node}: ${outcome.error ? messageWithText(outcome.error) : 'failed'}`;
    }
    answer(m, 'requeue');
    this.error = `publishing to ${target.topic} failed (${lastFailure}); message ${m.id} is back in ${this.channel}`;
    this.end('failed');
  }

  /** Stops taking messages; the one being published finishes first (it is FINished or requeued). */
  cancel(): void {
    if (this.state === 'running') this.end('cancelled');
  }

  /**
   * Ends the run: nothing more is taken (RDY 0), and the connections close once every message
   * already taken is settled, the one being published included (handle() runs in `queue`, and
   * what it is given once the run has ended it requeues).
   */
  private end(state: Exclude<RedriveState, 'running'>): void {
    if (this.state !== 'running') return;
    this.state = state;
    this.endedAt = Date.now();
    if (this.idleTimer) clearInterval(this.idleTimer);
    for (const r of this.readers) r.pause();
    void this.queue.then(() => this.close());
  }

  private async close(): Promise<void> {
    // nsqjs writes a FIN or REQ on the next tick: let the last ones out before the sockets go
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(this.readers.map((r) => closeReader(r)));
    this.closed = true;
    for (const w of this.endWaiters) w();
  }

  /** Resolves when the run has ended and its connections are closed. */
  finished(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  toJSON(): RedriveJson {
    return {
      topic: this.topic,
      channel: this.channel,
      to_topic: this.req.toTopic,
      max: this.req.max,
      state: this.state,
      moved: this.moved,
      error: this.error,
      by: this.req.by,
      nodes: [...this.subscribed],
      started_at: this.startedAt,
      ended_at: this.endedAt,
    };
  }
}
