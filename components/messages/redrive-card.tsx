'use client';
// The channel page's Redrive card: the dialog that says how many messages will move where, and the
// last run's progress with its Cancel.
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import type { ChannelWithNodes } from '@/lib/cluster/types';
import { formatCount, formatCountOf } from '@/lib/format';
import type { RedriveJson } from '@/lib/messages/redrive';
import { useCancelRedrive, useRedriveStatus, useStartRedrive } from '@/lib/queries/messages';
import { useMessageToolsAccess } from './access';
import { ToolsDisabledNotice } from './tools-notice';

const FIELD = 'rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
/** The dialog's first offer: the whole backlog, up to this many. */
const DEFAULT_MAX = 1000;

const target = (toTopic: string | null) => (toTopic ? `topic ${toTopic}` : 'each message’s original_topic');

export function runWords(run: RedriveJson): string {
  const moved = formatCountOf(run.moved, 'message');
  switch (run.state) {
    case 'running':
      return `Redriving: ${moved} of up to ${formatCount(run.max)} moved to ${target(run.to_topic)}`;
    case 'done':
      return `Redrive done: ${moved} moved to ${target(run.to_topic)}`;
    case 'cancelled':
      return `Redrive cancelled after ${moved} moved; the rest are still in the channel`;
    case 'failed':
      return `Redrive stopped after ${moved} moved: ${run.error ?? 'failed'}`;
  }
}

function RedriveDialog({ channel, onClose }: { channel: ChannelWithNodes; onClose: () => void }) {
  const { topic_name: topic, channel_name: name, depth, client_count: consumers } = channel;
  const start = useStartRedrive(topic, name);
  const [toTopic, setToTopic] = useState('');
  const [max, setMax] = useState(String(Math.max(1, Math.min(depth, DEFAULT_MAX))));
  const ids = { to: useId(), max: useId() };
  const count = Number(max);
  const valid = Number.isInteger(count) && count >= 1 && toTopic.trim() !== topic;
  const moving = Math.min(count, depth);
  return (
    <Dialog
      testId="redrive-dialog"
      title={
        <>
          Redrive <span className="font-mono">{`${topic}/${name}`}</span>
        </>
      }
      onClose={onClose}
      actions={
        <>
          <Button data-autofocus onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="primary"
            data-testid="confirm-redrive"
            disabled={!valid || start.isPending}
            onClick={() =>
              start.mutate(
                { max: count, ...(toTopic.trim() ? { to_topic: toTopic.trim() } : {}) },
                { onSuccess: onClose },
              )
            }
          >
            {start.isPending ? 'Starting…' : `Redrive ${valid ? formatCountOf(count, 'message') : ''}`}
          </Button>
        </>
      }
    >
      <p data-testid="redrive-summary">
        Up to <strong>{formatCount(valid ? moving : 0)}</strong> of the {formatCountOf(depth, 'message')} queued in this
        channel at the last poll will move to <strong>{target(toTopic.trim() || null)}</strong>.
      </p>
      <p>
        A message in the dead-letter shape (<span className="font-mono">original_topic</span>,{' '}
        <span className="font-mono">body</span>, …) is published as its original body. Each message leaves this channel
        only once nsqd has taken its publish; if no node takes it, it goes back and the redrive stops.
      </p>
      {consumers > 0 ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {formatCountOf(consumers, 'consumer is', 'consumers are')} connected to this channel: they will receive some
          of its messages while the redrive runs.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-4">
        <label htmlFor={ids.to} className="flex flex-col gap-1">
          Target topic
          <input
            id={ids.to}
            data-testid="redrive-to-topic"
            value={toTopic}
            placeholder="each message’s original_topic"
            onChange={(e) => setToTopic(e.target.value)}
            className={FIELD}
          />
        </label>
        <label htmlFor={ids.max} className="flex flex-col gap-1">
          At most
          <input
            id={ids.max}
            data-testid="redrive-max"
            type="number"
            min={1}
            value={max}
            onChange={(e) => setMax(e.target.value)}
            className={`${FIELD} w-28`}
          />
        </label>
      </div>
      {toTopic.trim() === topic ? (
        <p className="text-red-700 dark:text-red-400">
          That is this channel’s own topic: its messages would come back here.
        </p>
      ) : null}
    </Dialog>
  );
}

export function RedriveCard({ channel }: { channel: ChannelWithNodes }) {
  const access = useMessageToolsAccess();
  const { topic_name: topic, channel_name: name } = channel;
  // the progress is only for those who may redrive (its errors quote nsqd and message bodies)
  const status = useRedriveStatus(topic, name, access.kind === 'enabled');
  const cancel = useCancelRedrive(topic, name);
  const [open, setOpen] = useState(false);
  const reasonId = useId();
  if (access.kind === 'absent' || access.kind === 'loading') return null;
  const reason = access.kind === 'disabled' ? access.reason : undefined;
  const run = status.data?.run ?? null;
  const running = run?.state === 'running';
  return (
    <Card title="Redrive" testId="redrive-card">
      <div className="space-y-3 text-sm">
        <p className="text-zinc-600 dark:text-zinc-400">
          Move this channel’s messages to a topic: dead letters back where they came from, or anywhere else.
        </p>
        <ToolsDisabledNotice reason={reason} id={reasonId} />
        <div className="flex flex-wrap items-center gap-2">
          <Button
            data-testid="action-redrive"
            aria-haspopup="dialog"
            disabledReason={reason ?? (running ? 'a redrive of this channel is running' : undefined)}
            aria-describedby={reason ? reasonId : undefined}
            onClick={() => setOpen(true)}
          >
            Redrive messages…
          </Button>
          {running ? (
            <Button
              variant="danger-outline"
              data-testid="redrive-cancel"
              disabledReason={reason}
              disabled={cancel.isPending}
              onClick={() => cancel.mutate()}
            >
              {cancel.isPending ? 'Cancelling…' : 'Cancel redrive'}
            </Button>
          ) : null}
        </div>
        {run ? (
          <p
            data-testid="redrive-progress"
            aria-live="polite"
            className={run.state === 'failed' ? 'text-red-700 dark:text-red-400' : ''}
          >
            {runWords(run)}
            {run.by ? ` (started by ${run.by})` : ''}
          </p>
        ) : null}
      </div>
      {open ? <RedriveDialog channel={channel} onClose={() => setOpen(false)} /> : null}
    </Card>
  );
}
