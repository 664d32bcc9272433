'use client';
// One mutation hook per admin action. Each owns its toast (every node's outcome; partial is a warning,
// never a success) and invalidates every query when it settles: the server answers only after a poll
// that shows the effect, so the refetch shows the change at once. Components never call fetch.
import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { toast } from 'sonner';
import { deleteJson, getJson, postJson } from '@/lib/api/client';
import type { AccessResponse } from '@/lib/api/write-api';
import { formatCountOf } from '@/lib/format';
import {
  type ActionAnswer,
  type ActionLabel,
  summariseAnswer,
  summariseError,
  type ToastSummary,
} from './action-summary';
import { queryKeys } from './keys';

/** Access changes only with configuration or sign-in; no need to ask on every poll. */
const ACCESS_STALE_MS = 30_000;

export function useAccess() {
  return useQuery({
    queryKey: queryKeys.access(),
    queryFn: ({ signal }) => getJson<AccessResponse>('/api/access', signal),
    staleTime: ACCESS_STALE_MS,
  });
}

/** Successes fade; warnings and errors stay until read. */
const DURATION = { success: 8_000, info: 8_000, warning: 60_000, error: 60_000 } as const;
const UNDO_DURATION = 15_000;

export function showToast(s: ToastSummary, undo?: () => void) {
  toast[s.tone](s.title, {
    testId: 'action-toast',
    // NSQ's names and error texts are untrusted: a plain string, rendered as text
    description: s.lines.length > 0 ? s.lines.map((l) => l.text).join('\n') : undefined,
    duration: undo ? UNDO_DURATION : DURATION[s.tone],
    action: undo ? { label: 'Undo', onClick: undo } : undefined,
  });
}

const enc = encodeURIComponent;
export const topicPath = (topic: string) => `/api/topics/${enc(topic)}`;
export const channelPath = (topic: string, channel: string) => `${topicPath(topic)}/${enc(channel)}`;

const startsWith = (key: QueryKey, prefix: QueryKey) => prefix.every((p, i) => key[i] === p);

interface ActionSpec<V> {
  label: (v: V) => ActionLabel;
  run: (v: V) => Promise<ActionAnswer>;
  /** the opposite action, offered as "Undo" after it succeeded somewhere */
  undo?: (v: V) => V | undefined;
  /** what no longer exists after success: marked stale but not refetched (it would only answer 404) */
  gone?: QueryKey;
  /** where to go after success; here and not in mutate's own callbacks, which do not fire once the
   * component has unmounted (a refetch may already show the deleted page as not found) */
  then?: string;
}

type Undoable<V> = V & { isUndo?: boolean };

function useAction<V extends object>(spec: ActionSpec<V>) {
  const qc = useQueryClient();
  const router = useRouter();
  const mutation = useMutation<ActionAnswer, Error, Undoable<V>>({
    mutationFn: (v) => spec.run(v),
    onSuccess: (answer, v) => {
      const summary = summariseAnswer(spec.label(v), answer);
      const changed = summary.tone === 'success' || summary.tone === 'warning';
      const undo = spec.undo && changed && !v.isUndo ? spec.undo(v) : undefined;
      showToast(summary, undo ? () => mutate.current({ ...undo, isUndo: true }) : undefined);
      if (spec.then && changed) router.push(spec.then);
    },
    onError: (error, v) => showToast(summariseError(spec.label(v), error)),
    onSettled: (_answer, error) => {
      const gone = error ? undefined : spec.gone;
      if (gone) void qc.invalidateQueries({ queryKey: gone, refetchType: 'none' });
      return qc.invalidateQueries({
        queryKey: queryKeys.all,
        predicate: gone ? (q) => !startsWith(q.queryKey, gone) : undefined,
      });
    },
  });
  // the Undo button outlives the render that created it
  const mutate = useRef(mutation.mutate);
  useEffect(() => {
    mutate.current = mutation.mutate;
  }, [mutation.mutate]);
  return mutation;
}

export type QueueAction = 'pause' | 'unpause' | 'empty';
const DONE: Record<QueueAction, string> = { pause: 'paused', unpause: 'unpaused', empty: 'emptied' };
const OPPOSITE: Partial<Record<QueueAction, QueueAction>> = { pause: 'unpause', unpause: 'pause' };
const undoOf = (v: { action: QueueAction }): { action: QueueAction } | undefined => {
  const o = OPPOSITE[v.action];
  return o ? { action: o } : undefined;
};

/** Pause, unpause or empty a topic on every nsqd that has it; pause and unpause offer Undo. */
export function useTopicAction(topic: string) {
  return useAction<{ action: QueueAction }>({
    label: (v) => ({ verb: v.action, done: DONE[v.action], what: `topic ${topic}` }),
    run: (v) => postJson<ActionAnswer>(topicPath(topic), { action: v.action }),
    undo: undoOf,
  });
}

/** Pause, unpause or empty a channel on every nsqd that has it; pause and unpause offer Undo. */
export function useChannelAction(topic: string, channel: string) {
  return useAction<{ action: QueueAction }>({
    label: (v) => ({ verb: v.action, done: DONE[v.action], what: `channel ${topic}/${channel}` }),
    run: (v) => postJson<ActionAnswer>(channelPath(topic, channel), { action: v.action }),
    undo: undoOf,
  });
}

/** Delete a topic from every nsqlookupd, then from every nsqd that has it; then go to `then`, if given. */
export function useDeleteTopic(topic: string, then?: string) {
  return useAction<object>({
    label: () => ({ verb: 'delete', done: 'deleted', what: `topic ${topic}` }),
    run: () => deleteJson<ActionAnswer>(topicPath(topic)),
    gone: queryKeys.topic(topic),
    then,
  });
}

/** Delete a channel from every nsqlookupd, then from every nsqd that has it; then go to `then`, if given. */
export function useDeleteChannel(topic: string, channel: string, then?: string) {
  return useAction<object>({
    label: () => ({ verb: 'delete', done: 'deleted', what: `channel ${topic}/${channel}` }),
    run: () => deleteJson<ActionAnswer>(channelPath(topic, channel)),
    gone: queryKeys.channel(topic, channel),
    then,
  });
}

/** Create a topic (and optionally a channel) on every nsqd and register it in every nsqlookupd. */
export function useCreateTopic() {
  return useAction<{ topic: string; channel?: string }>({
    label: (v) => ({
      verb: 'create',
      done: 'created',
      what: v.channel ? `channel ${v.topic}/${v.channel}` : `topic ${v.topic}`,
    }),
    run: (v) =>
      postJson<ActionAnswer>('/api/topics', v.channel ? { topic: v.topic, channel: v.channel } : { topic: v.topic }),
  });
}

/** nsqadmin's tombstone: lookupd stops listing this node for the topic, and the node deletes it. */
export function useTombstone(topic: string) {
  return useAction<{ node: string }>({
    label: (v) => ({ verb: 'tombstone', done: 'tombstoned', what: `topic ${topic} on node ${v.node}` }),
    run: (v) => deleteJson<ActionAnswer>(`/api/nodes/${enc(v.node)}`, { topic }),
  });
}

/** What the publish form sends: one message (maybe deferred) or a batch, on a chosen node or the next. */
export type PublishInput = { node?: string } & ({ body: string; defer_ms?: number } | { messages: string[] });

/** Publish to a topic (POST /api/topics/:topic/messages); the toast names the node and what nsqd said. */
export function usePublish(topic: string) {
  return useAction<PublishInput>({
    label: (v) => {
      const n = 'messages' in v ? v.messages.length : 1;
      return { verb: 'publish', done: 'published', what: `${formatCountOf(n, 'message')} to topic ${topic}` };
    },
    run: (v) => postJson<ActionAnswer>(`${topicPath(topic)}/messages`, v),
  });
}
