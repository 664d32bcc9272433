'use client';
// The message tools' hooks: a topic's tail (a stream, not a query: it is read as it comes and ends
// when the viewer leaves) and a channel's redrive (its progress polled while it runs, start and
// cancel with their toasts). Components never call fetch.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { deleteJson, getJson, postJson } from '@/lib/api/client';
import type { RedriveResponse } from '@/lib/api/messages-api';
import { withBasePath } from '@/lib/base-path';
import { readSse } from '@/lib/messages/sse';
import type { TailEnd, TailMessage, TailReady } from '@/lib/messages/tail';
import { summariseError } from './action-summary';
import { channelPath, showToast, topicPath } from './actions';
import { queryKeys } from './keys';

/** Messages a tail keeps on screen; older ones scroll away (the server sends at most as many). */
export const TAIL_KEPT = 1000;
/** New messages are shown together at this pace, not one render per message. */
const FLUSH_MS = 100;

export type TailStatus = 'idle' | 'connecting' | 'live' | 'ended';

export interface TailState {
  status: TailStatus;
  /** newest first */
  messages: TailMessage[];
  ready: TailReady | null;
  end: TailEnd | null;
  /** why the tail could not start or broke off */
  error: string | null;
  paused: boolean;
  /** messages received while paused, shown on resume */
  held: number;
}

const initial: TailState = {
  status: 'idle',
  messages: [],
  ready: null,
  end: null,
  error: null,
  paused: false,
  held: 0,
};

async function refusalText(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { message?: string; reason?: string } | null;
  return body?.reason ?? body?.message ?? `HTTP ${res.status}`;
}

/** Tail a topic: start, stop, pause (the list holds still; messages keep coming), resume, clear. */
export function useTail(topic: string) {
  const [state, setState] = useState<TailState>(initial);
  const abort = useRef<AbortController | null>(null);
  const incoming = useRef<TailMessage[]>([]);
  const paused = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    if (paused.current) {
      const held = incoming.current.length;
      setState((s) => ({ ...s, held }));
      return;
    }
    const fresh = incoming.current.reverse();
    incoming.current = [];
    if (fresh.length > 0) setState((s) => ({ ...s, held: 0, messages: [...fresh, ...s.messages].slice(0, TAIL_KEPT) }));
  }, []);

  const schedule = useCallback(() => {
    timer.current ??= setTimeout(flush, FLUSH_MS);
  }, [flush]);

  const stop = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
    flush();
    setState((s) => (s.status === 'ended' || s.status === 'idle' ? s : { ...s, status: 'ended' }));
  }, [flush]);

  const start = useCallback(async () => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    incoming.current = [];
    paused.current = false;
    setState({ ...initial, status: 'connecting' });
    try {
      const res = await fetch(withBasePath(`${topicPath(topic)}/tail`), {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!res.ok || !res.body) {
        const error = await refusalText(res);
        setState((s) => ({ ...s, status: 'ended', error }));
        return;
      }
      await readSse(res.body, ({ event, data }) => {
        if (event === 'ready') setState((s) => ({ ...s, status: 'live', ready: data as TailReady }));
        else if (event === 'message') {
          incoming.current.push(data as TailMessage);
          schedule();
        } else if (event === 'end') setState((s) => ({ ...s, end: data as TailEnd }));
      });
      flush();
      setState((s) => ({ ...s, status: 'ended' }));
    } catch (e) {
      if ((e as Error).name === 'AbortError') return;
      setState((s) => ({ ...s, status: 'ended', error: `the tail broke off: ${(e as Error).message}` }));
    }
  }, [topic, schedule, flush]);

  const pause = useCallback(() => {
    paused.current = true;
    setState((s) => ({ ...s, paused: true }));
  }, []);

  const resume = useCallback(() => {
    paused.current = false;
    setState((s) => ({ ...s, paused: false }));
    flush();
  }, [flush]);

  const clear = useCallback(() => {
    incoming.current = [];
    setState((s) => ({ ...s, messages: [], held: 0 }));
  }, []);

  // the viewer leaves the page: the server stops the tail and nsqd drops its channel
  useEffect(
    () => () => {
      abort.current?.abort();
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { ...state, start, stop, pause, resume, clear };
}

/** How often a running redrive's progress is read. */
const REDRIVE_PROGRESS_MS = 500;

const redrivePath = (topic: string, channel: string) => `${channelPath(topic, channel)}/redrive`;

/** A channel's last redrive run, read often while it runs. */
export function useRedriveStatus(topic: string, channel: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.redrive(topic, channel),
    queryFn: ({ signal }) => getJson<RedriveResponse>(redrivePath(topic, channel), signal),
    enabled,
    refetchInterval: (q) => (q.state.data?.run?.state === 'running' ? REDRIVE_PROGRESS_MS : false),
  });
}

/** A refused or failed start or cancel: the same toast as every other action's. */
const failure = (topic: string, channel: string, verb: string) => (e: Error) =>
  showToast(summariseError({ verb, done: '', what: `the redrive of ${topic}/${channel}` }, e));

/** Start a redrive; its progress then shows through useRedriveStatus. */
export function useStartRedrive(topic: string, channel: string) {
  const qc = useQueryClient();
  return useMutation<RedriveResponse, Error, { to_topic?: string; max: number }>({
    mutationFn: (v) => postJson<RedriveResponse>(redrivePath(topic, channel), v),
    onSuccess: (answer) => qc.setQueryData(queryKeys.redrive(topic, channel), answer),
    onError: failure(topic, channel, 'start'),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.channel(topic, channel) }),
  });
}

/** Cancel the running redrive: what it was moving goes back to the channel. */
export function useCancelRedrive(topic: string, channel: string) {
  const qc = useQueryClient();
  return useMutation<RedriveResponse, Error, void>({
    mutationFn: () => deleteJson<RedriveResponse>(redrivePath(topic, channel)),
    onSuccess: (answer) => qc.setQueryData(queryKeys.redrive(topic, channel), answer),
    onError: failure(topic, channel, 'cancel'),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.channel(topic, channel) }),
  });
}
