// What happened when: nodes and nsqlookupds going down and coming back, alerts firing and resolving,
// and every admin action that changed the cluster, with who did it. Kept in memory, bounded by the
// history's retention and a count, so a drop on a chart can be read next to the "emptied by alice"
// that caused it. Times are ms since the epoch; the newest event comes first in every list.
import type { Transition } from '../alerts/tracker';
import type { ActionName, ActionResult } from '../cluster/actions';
import type { StatusChange } from '../cluster/status-changes';
import { formatCountOf } from '../format';

export type EventKind =
  | 'node_down'
  | 'node_up'
  | 'lookupd_down'
  | 'lookupd_up'
  | 'alert_firing'
  | 'alert_resolved'
  | 'action';

export interface ClusterEvent {
  /** increasing, so a client can ask for what is newer than what it has */
  id: number;
  at: number;
  kind: EventKind;
  topic: string | null;
  channel: string | null;
  /** an nsqd, or an nsqlookupd for lookupd_down and lookupd_up */
  node: string | null;
  /** what happened, in words: "channel emptied by alice", "nsqd 10.0.0.1:4151 is down" */
  text: string;
}

export interface EventFilter {
  topic?: string;
  channel?: string;
  node?: string;
  /** only events with a greater id */
  after?: number;
}

/** The most events kept, whatever the retention: a flapping node must not grow memory without bound. */
export const MAX_EVENTS = 5000;

const ACTION_WORDS: Record<ActionName, string> = {
  create_topic: 'topic created',
  create_channel: 'channel created',
  delete_topic: 'topic deleted',
  delete_channel: 'channel deleted',
  pause_topic: 'topic paused',
  unpause_topic: 'topic unpaused',
  pause_channel: 'channel paused',
  unpause_channel: 'channel unpaused',
  empty_topic: 'topic emptied',
  empty_channel: 'channel emptied',
  tombstone_topic_producer: 'producer tombstoned',
  publish_message: 'messages published',
  redrive_channel: 'messages redriven',
};

/** Who an action is credited to: a verified user by name, a name the request only claimed, or nobody. */
export type Actor = { user: string } | { claimed_user: string } | Record<string, never>;

/** What an action did, with the number of messages for the message tools. */
export function actionWords(r: Pick<ActionResult, 'action' | 'messages' | 'to_topic'>): string {
  const messages = formatCountOf(r.messages ?? 0, 'message');
  if (r.action === 'publish_message') return `${messages} published`;
  if (r.action === 'redrive_channel') return `${messages} redriven to ${r.to_topic ?? 'their original topics'}`;
  return ACTION_WORDS[r.action];
}

/** What happened and by whom; `words` says what happened when the action's name alone does not. */
export function actionText(action: ActionName, actor: Actor, words = ACTION_WORDS[action]): string {
  if ('user' in actor) return `${words} by ${actor.user}`;
  if ('claimed_user' in actor) return `${words} by ${actor.claimed_user} (unverified)`;
  return words;
}

export class EventLog {
  private events: ClusterEvent[] = [];
  private nextId = 1;

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(e: Omit<ClusterEvent, 'id'>): void {
    this.events.push({ ...e, id: this.nextId++ });
    const oldest = this.now() - this.retentionMs;
    let drop = Math.max(0, this.events.length - MAX_EVENTS);
    while (drop < this.events.length && (this.events[drop] as ClusterEvent).at < oldest) drop++;
    if (drop > 0) this.events = this.events.slice(drop);
  }

  /** Nodes and nsqlookupds that went down or came back in a sweep (lib/cluster/status-changes.ts). */
  addStatusChanges(changes: readonly StatusChange[], at: number): void {
    for (const c of changes) {
      const kind = `${c.what === 'nsqd' ? 'node' : 'lookupd'}_${c.status}` as const;
      const text = `${c.what} ${c.id} ${c.status === 'down' ? 'is down' : 'is back up'}`;
      this.add({ at, kind, topic: null, channel: null, node: c.id, text });
    }
  }

  /** Alerts that fired or resolved; pending ones are not events yet. */
  addAlertTransitions(transitions: readonly Transition[]): void {
    for (const { alert: a, to } of transitions) {
      if (to === 'pending') continue;
      this.add({
        at: (to === 'firing' ? a.fired_at : a.resolved_at) ?? this.now(),
        kind: to === 'firing' ? 'alert_firing' : 'alert_resolved',
        topic: a.topic,
        channel: a.channel,
        node: a.node,
        text: `${a.rule} ${to}: ${a.summary}`,
      });
    }
  }

  /**
   * Newest first. A topic's events include its channels'; a channel's include its topic's own (a
   * topic emptied or paused moves the channel's numbers too); a node's are those naming it.
   */
  list(f: EventFilter = {}): ClusterEvent[] {
    const out: ClusterEvent[] = [];
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i] as ClusterEvent;
      if (f.after !== undefined && e.id <= f.after) break;
      if (f.topic !== undefined && e.topic !== f.topic) continue;
      if (f.channel !== undefined && e.channel !== null && e.channel !== f.channel) continue;
      if (f.node !== undefined && e.node !== f.node) continue;
      out.push(e);
    }
    return out;
  }
}
