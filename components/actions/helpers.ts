// Pure decisions behind the action controls: what an Empty would drop, whether a typed name confirms
// a delete, and what the caller's access allows the page to show.
import type { AccessResponse } from '@/lib/api/write-api';
import type { ChannelWithNodes, TopicWithNodes } from '@/lib/cluster/types';

export interface Dropped {
  depth: number;
  memory_depth: number;
  backend_depth: number;
  in_flight_count: number;
  deferred_count: number;
  /** nodes that answered and hold the queue */
  nodes: number;
  /** nodes that should hold it but did not answer: their counts are unknown, and they are asked too */
  unknown_nodes: number;
}

const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

/**
 * Emptying a topic drops the topic's own queue on each node (nsqd's Topic.Empty): messages not yet
 * copied to its channels. The channels' queues, in-flight and deferred messages are not touched.
 */
export function droppedByTopicEmpty(topic: Pick<TopicWithNodes, 'nodes' | 'unavailable_nodes'>): Dropped {
  return {
    depth: sum(topic.nodes, (n) => n.depth),
    memory_depth: sum(topic.nodes, (n) => n.memory_depth),
    backend_depth: sum(topic.nodes, (n) => n.backend_depth),
    in_flight_count: 0,
    deferred_count: 0,
    nodes: topic.nodes.length,
    unknown_nodes: topic.unavailable_nodes.length,
  };
}

/** Emptying a channel drops its queue and resets its in-flight and deferred messages (Channel.Empty). */
export function droppedByChannelEmpty(channel: Pick<ChannelWithNodes, 'nodes'>, unknownNodes: number): Dropped {
  return {
    depth: sum(channel.nodes, (n) => n.depth),
    memory_depth: sum(channel.nodes, (n) => n.memory_depth),
    backend_depth: sum(channel.nodes, (n) => n.backend_depth),
    in_flight_count: sum(channel.nodes, (n) => n.in_flight_count),
    deferred_count: sum(channel.nodes, (n) => n.deferred_count),
    nodes: channel.nodes.length,
    unknown_nodes: unknownNodes,
  };
}

/** A delete is confirmed only by the exact name: no trimming, no case folding ("Orders" is not "orders"). */
export function nameConfirms(typed: string, name: string): boolean {
  return name.length > 0 && typed === name;
}

/** Which of pause and unpause to offer: both when only some nodes are paused. */
export function pauseChoices(nodes: readonly { paused: boolean }[]): { pause: boolean; unpause: boolean } {
  const paused = nodes.filter((n) => n.paused).length;
  return { pause: paused < nodes.length || nodes.length === 0, unpause: paused > 0 };
}

export type ActionAccess =
  | { kind: 'loading' }
  | { kind: 'hidden' }
  | { kind: 'enabled' }
  | { kind: 'disabled'; reason: string; signIn: boolean };

/**
 * What the action controls look like for this caller: none on a read-only console; disabled with the
 * reason (and a sign-in link when the console has its own users) when this caller may not change the
 * cluster; nothing until the answer is known, so that no enabled button flashes first.
 */
export function actionAccess(access: AccessResponse | undefined, error: Error | null): ActionAccess {
  if (access === undefined) {
    return error
      ? {
          kind: 'disabled',
          reason: `could not check whether you may change the cluster: ${error.message}`,
          signIn: false,
        }
      : { kind: 'loading' };
  }
  if (access.mode === 'read-only') return { kind: 'hidden' };
  if (access.can_mutate) return { kind: 'enabled' };
  return { kind: 'disabled', reason: access.reason ?? 'you may not change the cluster', signIn: access.basic_auth };
}
