import 'server-only';
// Admin actions, fanned out in parallel (nsqadmin goes one node after another) to every nsqd that has
// the target and to the lookupds where nsqadmin calls them, with each node's outcome. Only nodes the
// topology knows are contacted: targets come from a fresh snapshot, never from the request.
import { errorInfo, type NsqHttp, type UpstreamErrorInfo } from '../nsq/http';
import { withNodeSpan } from '../telemetry/tracing';
import type { DetailFetcher } from './detail';
import { channelNodes, topicNodes } from './node-rows';
import type { Poller } from './poller';
import type { ClusterSnapshot, NodeSummary, TopicSummary } from './types';

/** nsqadmin's notification action names. */
export type ActionName =
  | 'create_topic'
  | 'create_channel'
  | 'delete_topic'
  | 'delete_channel'
  | 'pause_topic'
  | 'unpause_topic'
  | 'pause_channel'
  | 'unpause_channel'
  | 'empty_topic'
  | 'empty_channel'
  | 'tombstone_topic_producer'
  // ours: the message tools (lib/messages/)
  | 'publish_message'
  | 'redrive_channel';

export interface Outcome {
  /** the address contacted */
  target: string;
  role: 'nsqd' | 'nsqlookupd';
  request: string;
  ok: boolean;
  error?: UpstreamErrorInfo;
}

export interface ActionResult {
  action: ActionName;
  topic: string;
  channel?: string;
  node?: string;
  outcomes: Outcome[];
  /** how many messages a publish or a redrive moved */
  messages?: number;
  /** where a redrive published to */
  to_topic?: string;
}

export type ActionStatus = 'ok' | 'partial' | 'failed' | 'nothing';

export function actionStatus(r: Pick<ActionResult, 'outcomes'>): ActionStatus {
  const ok = r.outcomes.filter((o) => o.ok).length;
  if (r.outcomes.length === 0) return 'nothing';
  return ok === r.outcomes.length ? 'ok' : ok === 0 ? 'failed' : 'partial';
}

const NOT_FOUND = ['TOPIC_NOT_FOUND', 'CHANNEL_NOT_FOUND', 'NODE_NOT_FOUND'] as const;
type NotFoundCode = (typeof NOT_FOUND)[number];

export class NotFoundError extends Error {
  constructor(readonly code: NotFoundCode) {
    super(code);
    this.name = 'NotFoundError';
  }
}

/** By shape, not instanceof: the route and the shared runtime may hold different copies of this module. */
export function isNotFound(e: unknown): e is NotFoundError {
  return (
    e instanceof Error &&
    e.name === 'NotFoundError' &&
    (NOT_FOUND as readonly unknown[]).includes((e as { code?: unknown }).code)
  );
}

const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

export interface ActionsDeps {
  http: NsqHttp;
  poller: Poller;
  detail: DetailFetcher;
  /** the nsqlookupd addresses now, which PUT /config/nsqlookupd_http_addresses may change */
  lookupds: () => readonly string[];
}

export class Actions {
  constructor(private readonly deps: ActionsDeps) {}

  private post(role: Outcome['role'], target: string, request: string): Promise<Outcome> {
    return withNodeSpan(role, target, request, async () => {
      try {
        await this.deps.http.post(target, request);
        return { target, role, request, ok: true };
      } catch (e) {
        return { target, role, request, ok: false, error: errorInfo(e, target) };
      }
    });
  }

  private fanOut(role: Outcome['role'], targets: readonly string[], request: string): Promise<Outcome[]> {
    return Promise.all(targets.map((t) => this.post(role, t, request)));
  }

  /** The topology as it is now, not as it was at the last scheduled poll. */
  private async topic(name: string): Promise<{ snap: ClusterSnapshot; topic: TopicSummary }> {
    const snap = await this.deps.poller.pollFresh();
    const topic = snap.topics.find((t) => t.topic_name === name);
    if (!topic) throw new NotFoundError('TOPIC_NOT_FOUND');
    return { snap, topic };
  }

  /** The addresses of these nodes: those that answered the poll and those known but down. */
  private addresses(snap: ClusterSnapshot, ids: readonly string[]): string[] {
    const byNode = new Map(snap.nodes.map((n) => [n.node, n]));
    return [...new Set(ids)].map((id) => byNode.get(id)?.address).filter((a): a is string => a !== undefined);
  }

  private topicNodes(snap: ClusterSnapshot, t: TopicSummary): string[] {
    return this.addresses(snap, [...topicNodes(snap, t.topic_name), ...t.unavailable_nodes]);
  }

  /** After a change: no rate from the emptied backlog, no cached detail, and a poll that shows it. */
  private async settle(result: ActionResult, resetRates: boolean): Promise<ActionResult> {
    if (resetRates) this.deps.poller.resetRates(result.outcomes.filter((o) => o.role === 'nsqd').map((o) => o.target));
    this.deps.detail.clear();
    await this.deps.poller.pollFresh();
    return result;
  }

  async topicAction(name: string, action: 'pause' | 'unpause' | 'empty'): Promise<ActionResult> {
    const { snap, topic } = await this.topic(name);
    const outcomes = await this.fanOut('nsqd', this.topicNodes(snap, topic), `/topic/${action}?${q({ topic: name })}`);
    return this.settle({ action: `${action}_topic`, topic: name, outcomes }, action === 'empty');
  }

  async channelAction(name: string, channel: string, action: 'pause' | 'unpause' | 'empty'): Promise<ActionResult> {
    const { snap, topic } = await this.topic(name);
    const ch = topic.channels.find((c) => c.channel_name === channel);
    if (!ch && topic.unavailable_nodes.length === 0) throw new NotFoundError('CHANNEL_NOT_FOUND');
    // the nodes that have the channel, and the down nodes of the topic, which may have it
    const targets = this.addresses(snap, [...channelNodes(snap, name, channel), ...topic.unavailable_nodes]);
    const outcomes = await this.fanOut('nsqd', targets, `/channel/${action}?${q({ topic: name, channel })}`);
    return this.settle({ action: `${action}_channel`, topic: name, channel, outcomes }, action === 'empty');
  }

  /** nsqadmin's order: find the producers first, then delete from every lookupd, then from the nsqds. */
  async deleteTopic(name: string): Promise<ActionResult> {
    const { snap, topic } = await this.topic(name);
    const request = `/topic/delete?${q({ topic: name })}`;
    const lookupd = await this.fanOut('nsqlookupd', this.deps.lookupds(), request);
    const nsqd = await this.fanOut('nsqd', this.topicNodes(snap, topic), request);
    return this.settle({ action: 'delete_topic', topic: name, outcomes: [...lookupd, ...nsqd] }, true);
  }

  async deleteChannel(name: string, channel: string): Promise<ActionResult> {
    const { snap, topic } = await this.topic(name);
    const ch = topic.channels.find((c) => c.channel_name === channel);
    const maybeOnNsqd = ch !== undefined || topic.unavailable_nodes.length > 0;
    // a channel no nsqd has may still be registered in lookupd (the Lookup page's inactive channels)
    if (!maybeOnNsqd && !topic.in_lookupd) throw new NotFoundError('CHANNEL_NOT_FOUND');
    const request = `/channel/delete?${q({ topic: name, channel })}`;
    const fromLookupd = await this.fanOut('nsqlookupd', this.deps.lookupds(), request);
    if (!maybeOnNsqd && fromLookupd.every((o) => o.error?.status === 404)) throw new NotFoundError('CHANNEL_NOT_FOUND');
    // lookupd answers 404 for a channel it never registered (e.g. created by POST on nsqd): already gone
    const lookupd = fromLookupd.map((o) =>
      o.error?.status === 404 ? { target: o.target, role: o.role, request: o.request, ok: true } : o,
    );
    const targets = this.addresses(snap, [...channelNodes(snap, name, channel), ...topic.unavailable_nodes]);
    const nsqd = await this.fanOut('nsqd', targets, request);
    return this.settle({ action: 'delete_channel', topic: name, channel, outcomes: [...lookupd, ...nsqd] }, true);
  }

  /**
   * Registers the topic (and channel) in every lookupd, as nsqadmin does, and also creates it on
   * every nsqd that is up, so that it exists as a producer topic and not only as a registration.
   */
  async create(topic: string, channel?: string): Promise<ActionResult[]> {
    const snap = await this.deps.poller.pollFresh();
    const nsqds = snap.nodes.filter((n: NodeSummary) => n.status === 'up').map((n) => n.address);
    const topicRequest = `/topic/create?${q({ topic })}`;
    const created: ActionResult = {
      action: 'create_topic',
      topic,
      outcomes: [
        ...(await this.fanOut('nsqlookupd', this.deps.lookupds(), topicRequest)),
        ...(await this.fanOut('nsqd', nsqds, topicRequest)),
      ],
    };
    if (channel === undefined) return [await this.settle(created, false)];
    const channelRequest = `/channel/create?${q({ topic, channel })}`;
    const withChannel: ActionResult = {
      action: 'create_channel',
      topic,
      channel,
      outcomes: [
        ...(await this.fanOut('nsqlookupd', this.deps.lookupds(), channelRequest)),
        // only where the topic now exists: nsqd refuses a channel of a topic it does not have
        ...(await this.fanOut(
          'nsqd',
          created.outcomes.filter((o) => o.role === 'nsqd' && o.ok).map((o) => o.target),
          channelRequest,
        )),
      ],
    };
    await this.settle(withChannel, false);
    return [created, withChannel];
  }

  /**
   * nsqadmin's tombstone: every lookupd stops handing out this node as a producer of the topic
   * (for its tombstone lifetime), and the topic is deleted from that node.
   */
  async tombstone(topic: string, node: string): Promise<ActionResult> {
    const snap = await this.deps.poller.pollFresh();
    const target = snap.nodes.find((n) => n.node === node);
    if (!target) throw new NotFoundError('NODE_NOT_FOUND');
    const lookupd = await this.fanOut('nsqlookupd', this.deps.lookupds(), `/topic/tombstone?${q({ topic, node })}`);
    const nsqd = await this.fanOut('nsqd', [target.address], `/topic/delete?${q({ topic })}`);
    return this.settle({ action: 'tombstone_topic_producer', topic, node, outcomes: [...lookupd, ...nsqd] }, true);
  }
}
