import 'server-only';
// Publish to a topic through nsqd's HTTP API: one message to /pub (optionally deferred), several to
// /mpub in its binary framing (a body may hold newlines). One node per request, as a producer does:
// the one asked for, or the next of the topic's nodes in turn. What nsqd answers, including its own
// refusals (MSG_TOO_BIG, BAD_BODY, ...), is the outcome.
import { type ActionResult, NotFoundError, type Outcome } from '../cluster/actions';
import type { Poller } from '../cluster/poller';
import type { NodeSummary } from '../cluster/types';
import { errorInfo, type NsqHttp } from '../nsq/http';
import { mpubBody } from '../nsq/mpub';
import { withProducerSpan } from '../telemetry/tracing';
import { producersOf } from './nodes';
import { withTraceparent } from './trace';

/** nsqd's default --max-msg-size; a larger body is refused here before it reaches nsqd. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Messages in one batch. */
export const MAX_BATCH = 1000;
/** A publish request: nsqd's default --max-body-size, and room for JSON's escapes. */
export const MAX_PUBLISH_REQUEST_BYTES = 6 * 1024 * 1024;

export interface PublishOptions {
  /** nsqd's defer, ms: the message is held that long before any channel sees it */
  deferMs?: number;
  /** the node (broadcast_address:http_port) to publish on */
  node?: string;
}

export class Publisher {
  private turn = 0;

  constructor(private readonly deps: { http: NsqHttp; poller: Poller }) {}

  /**
   * The node to publish on: the one named (known to the topology), or the next of the topic's nodes
   * that are up; a topic no node has yet goes to the next node that is up, which creates it.
   */
  async pick(topic: string, node?: string): Promise<NodeSummary> {
    const snap = await this.deps.poller.snapshot();
    if (node !== undefined) {
      const named = snap.nodes.find((n) => n.node === node);
      if (!named) throw new NotFoundError('NODE_NOT_FOUND');
      return named;
    }
    const producers = producersOf(snap, topic) ?? [];
    const choices = producers.length > 0 ? producers : snap.nodes.filter((n) => n.status === 'up');
    if (choices.length === 0) throw new NotFoundError('NODE_NOT_FOUND');
    return choices[this.turn++ % choices.length] as NodeSummary;
  }

  /**
   * Publishes on `node` and says how it went; never throws for nsqd's failures. A producer span
   * covers it; with `carryTrace`, its traceparent goes into each JSON object body (trace.ts).
   */
  publishOn(
    node: NodeSummary,
    topic: string,
    bodies: readonly Buffer[],
    opts: { deferMs?: number; carryTrace?: boolean } = {},
  ): Promise<Outcome> {
    return withProducerSpan(topic, node.address, bodies.length, async (traceparent) => {
      const q = new URLSearchParams({ topic });
      if (opts.deferMs !== undefined && opts.deferMs > 0) q.set('defer', String(opts.deferMs));
      const batch = bodies.length > 1;
      if (batch) q.set('binary', 'true');
      const request = `/${batch ? 'mpub' : 'pub'}?${q}`;
      const sent =
        opts.carryTrace && traceparent !== null
          ? bodies.map((b) => Buffer.from(withTraceparent(b.toString('utf8'), traceparent, MAX_MESSAGE_BYTES), 'utf8'))
          : bodies;
      try {
        await this.deps.http.postBody(node.address, request, batch ? mpubBody(sent) : (sent[0] as Buffer));
        return { target: node.address, role: 'nsqd', request, ok: true };
      } catch (e) {
        return { target: node.address, role: 'nsqd', request, ok: false, error: errorInfo(e, node.address) };
      }
    });
  }

  async publish(topic: string, bodies: readonly Buffer[], opts: PublishOptions = {}): Promise<ActionResult> {
    const node = await this.pick(topic, opts.node);
    const outcome = await this.publishOn(node, topic, bodies, { deferMs: opts.deferMs, carryTrace: true });
    return {
      action: 'publish_message',
      topic,
      node: node.node,
      outcomes: [outcome],
      messages: outcome.ok ? bodies.length : 0,
    };
  }
}
