'use client';
// The Lookup page's admin actions: nsqadmin's "Create Topic/Channel" form, and a delete for each
// inactive topic and channel (nsqadmin deletes those without asking; here the name is typed first).
import { type FormEvent, useId, useState } from 'react';
import { AccessNotice, disabledReason, useActionAccess } from '@/components/actions/access';
import { DeleteDialog } from '@/components/actions/dialogs';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { useCreateTopic, useDeleteChannel, useDeleteTopic } from '@/lib/queries/actions';

const INPUT =
  'w-full rounded border border-zinc-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-950';

export function CreateTopicForm({ mode }: { mode: 'lookupd' | 'nsqd' }) {
  const access = useActionAccess();
  const create = useCreateTopic();
  const [topic, setTopic] = useState('');
  const [channel, setChannel] = useState('');
  const id = useId();
  if (access.kind === 'loading') return null;
  if (access.kind === 'hidden') return <AccessNotice access={access} />;
  const reason = disabledReason(access);
  const error = create.error as (Error & { reason?: string | null }) | null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason || create.isPending) return;
    create.mutate(
      { topic: topic.trim(), channel: channel.trim() || undefined },
      {
        onSuccess: () => {
          setTopic('');
          setChannel('');
        },
      },
    );
  };
  return (
    <Card title="Create topic / channel" testId="create-topic">
      <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">
        {mode === 'lookupd'
          ? 'Creates the topic on every nsqd and registers it in every nsqlookupd. With a channel, the channel is created too, on every nsqd where the topic now exists, and registered in every nsqlookupd.'
          : 'Creates the topic (and the channel, if one is given) on every nsqd. No nsqlookupd is configured.'}{' '}
        Messages published before a channel exists reach only the channels that exist then.
      </p>
      <form
        onSubmit={submit}
        data-testid="create-form"
        className="flex flex-wrap items-end gap-3"
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <div className="min-w-56 flex-1">
          <label htmlFor={`${id}-topic`} className="mb-1 block text-sm font-medium">
            Topic
          </label>
          <input
            id={`${id}-topic`}
            data-testid="create-topic-input"
            required
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className={INPUT}
          />
        </div>
        <div className="min-w-56 flex-1">
          <label htmlFor={`${id}-channel`} className="mb-1 block text-sm font-medium">
            Channel <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
          </label>
          <input
            id={`${id}-channel`}
            data-testid="create-channel-input"
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className={INPUT}
          />
        </div>
        <Button
          type="submit"
          variant="primary"
          data-testid="create-submit"
          disabledReason={reason}
          disabled={create.isPending}
        >
          {create.isPending ? 'Creating…' : 'Create'}
        </Button>
      </form>
      {error ? (
        <p
          id={`${id}-error`}
          role="alert"
          data-testid="create-error"
          className="mt-2 text-sm text-red-700 dark:text-red-300"
        >
          {error.reason ? `${error.message}: ${error.reason}` : error.message}
        </p>
      ) : null}
      <div className="mt-2">
        <AccessNotice access={access} />
      </div>
    </Card>
  );
}

/** The "Delete…" button of an inactive topic or channel, with its type-the-name confirmation. */
export function InactiveDelete({ topic, channel }: { topic: string; channel?: string }) {
  const access = useActionAccess();
  const [open, setOpen] = useState(false);
  if (access.kind !== 'enabled' && access.kind !== 'disabled') return null;
  const label = channel === undefined ? `Delete topic ${topic}` : `Delete channel ${channel} of topic ${topic}`;
  return (
    <>
      <Button
        size="sm"
        variant="danger-outline"
        className="ml-2"
        data-testid="inactive-delete"
        aria-haspopup="dialog"
        aria-label={label}
        disabledReason={disabledReason(access)}
        onClick={() => setOpen(true)}
      >
        Delete…
      </Button>
      {open ? (
        channel === undefined ? (
          <DeleteTopicDialog topic={topic} onClose={() => setOpen(false)} />
        ) : (
          <DeleteChannelDialog topic={topic} channel={channel} onClose={() => setOpen(false)} />
        )
      ) : null}
    </>
  );
}

function DeleteTopicDialog({ topic, onClose }: { topic: string; onClose: () => void }) {
  const del = useDeleteTopic(topic);
  return (
    <DeleteDialog
      kind="topic"
      name={topic}
      pending={del.isPending}
      onConfirm={() => del.mutate({}, { onSettled: onClose })}
      onClose={onClose}
    >
      <p>
        Deletes the topic&apos;s registration, with its channels&apos;, from every nsqlookupd. No nsqd produces it now;
        any nsqd that still has it deletes it too.
      </p>
      <p>It comes back if a producer publishes to it, or a consumer subscribes to it, again.</p>
    </DeleteDialog>
  );
}

function DeleteChannelDialog({ topic, channel, onClose }: { topic: string; channel: string; onClose: () => void }) {
  const del = useDeleteChannel(topic, channel);
  return (
    <DeleteDialog
      kind="channel"
      name={channel}
      shown={`${topic}/${channel}`}
      pending={del.isPending}
      onConfirm={() => del.mutate({}, { onSettled: onClose })}
      onClose={onClose}
    >
      <p>
        Deletes the channel&apos;s registration from every nsqlookupd, and the channel from any nsqd that still has it.
      </p>
      <p>It comes back if a consumer subscribes to it again.</p>
    </DeleteDialog>
  );
}
