'use client';
// The action bars of the topic and channel pages (nsqadmin's Pause/UnPause, Empty Queue and Delete
// buttons), and the per-node Tombstone button of the topic page.
import { useId, useState } from 'react';
import { topicHref } from '@/components/links';
import { Button } from '@/components/ui/button';
import type { ChannelWithNodes, TopicWithNodes } from '@/lib/cluster/types';
import { formatCount } from '@/lib/format';
import {
  type QueueAction,
  useChannelAction,
  useDeleteChannel,
  useDeleteTopic,
  useTombstone,
  useTopicAction,
} from '@/lib/queries/actions';
import { AccessNotice, disabledReason, useActionAccess } from './access';
import { DeleteDialog, EmptyDialog, TombstoneDialog } from './dialogs';
import { type Dropped, droppedByChannelEmpty, droppedByTopicEmpty, pauseChoices } from './helpers';

type Open = 'empty' | 'delete' | null;

interface BarProps {
  kind: 'topic' | 'channel';
  nodes: readonly { paused: boolean }[];
  act: { mutate: (v: { action: QueueAction }) => void; isPending: boolean; variables?: { action: QueueAction } };
  setOpen: (o: Open) => void;
}

/** Pause/Unpause (one click, Undo in the toast), Empty… and Delete…, or the reason they are disabled. */
function ActionBar({ kind, nodes, act, setOpen }: BarProps) {
  const access = useActionAccess();
  const reasonId = useId();
  if (access.kind === 'loading') return <div className="min-h-8" aria-hidden="true" />;
  if (access.kind === 'hidden') return <AccessNotice access={access} />;
  const reason = disabledReason(access);
  const describedBy = reason ? reasonId : undefined;
  const choices = pauseChoices(nodes);
  const running = act.isPending ? act.variables?.action : undefined;
  return (
    <section
      aria-label={`${kind} actions`}
      data-testid="action-bar"
      className="flex min-h-8 flex-wrap items-center gap-2"
    >
      {choices.pause ? (
        <Button
          data-testid="action-pause"
          disabledReason={reason}
          aria-describedby={describedBy}
          disabled={act.isPending}
          onClick={() => act.mutate({ action: 'pause' })}
        >
          {running === 'pause' ? 'Pausing…' : `Pause ${kind}`}
        </Button>
      ) : null}
      {choices.unpause ? (
        <Button
          data-testid="action-unpause"
          disabledReason={reason}
          aria-describedby={describedBy}
          disabled={act.isPending}
          onClick={() => act.mutate({ action: 'unpause' })}
        >
          {running === 'unpause' ? 'Unpausing…' : `Unpause ${kind}`}
        </Button>
      ) : null}
      <Button
        variant="danger-outline"
        data-testid="action-empty"
        aria-haspopup="dialog"
        disabledReason={reason}
        aria-describedby={describedBy}
        onClick={() => setOpen('empty')}
      >
        Empty queue…
      </Button>
      <Button
        variant="danger-outline"
        data-testid="action-delete"
        aria-haspopup="dialog"
        disabledReason={reason}
        aria-describedby={describedBy}
        onClick={() => setOpen('delete')}
      >
        Delete {kind}…
      </Button>
      <AccessNotice access={access} id={reasonId} />
    </section>
  );
}

export function TopicActions({ topic }: { topic: TopicWithNodes }) {
  const name = topic.topic_name;
  const act = useTopicAction(name);
  const del = useDeleteTopic(name, '/topics');
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const nodeCount = topic.nodes.length + topic.unavailable_nodes.length;
  return (
    <>
      <ActionBar kind="topic" nodes={topic.nodes} act={act} setOpen={setOpen} />
      {open === 'empty' ? (
        <EmptyDialog
          kind="topic"
          name={name}
          dropped={droppedByTopicEmpty(topic)}
          channels={{
            count: topic.channel_count,
            depth: topic.channel_depth,
            in_flight_count: topic.in_flight_count,
            deferred_count: topic.deferred_count,
          }}
          pending={act.isPending}
          onConfirm={() => act.mutate({ action: 'empty' }, { onSettled: close })}
          onClose={close}
        />
      ) : null}
      {open === 'delete' ? (
        <DeleteDialog
          kind="topic"
          name={name}
          pending={del.isPending}
          onConfirm={() => del.mutate({}, { onSettled: close })}
          onClose={close}
        >
          <p>
            Deletes the topic from every nsqlookupd and from the {formatCount(nodeCount)} nsqd that have it, with its{' '}
            {formatCount(topic.channel_count)} channels and every message they hold (
            {formatCount(topic.depth + topic.channel_depth)} queued at the last poll). This cannot be undone.
          </p>
          <p>
            A deleted topic comes back: nsqd creates it again as soon as a producer publishes to it or a consumer
            subscribes to it. Stop the producers and consumers first to retire it.
          </p>
          <p>
            To take the topic off one nsqd only, use <strong>Tombstone</strong> on that node&apos;s row instead:
            nsqlookupd stops handing out that node for the topic for its tombstone lifetime, and the topic is deleted
            from that node alone.
          </p>
        </DeleteDialog>
      ) : null}
    </>
  );
}

export function ChannelActions({ channel, unknownNodes }: { channel: ChannelWithNodes; unknownNodes: number }) {
  const { topic_name: topic, channel_name: name } = channel;
  const act = useChannelAction(topic, name);
  const del = useDeleteChannel(topic, name, topicHref(topic));
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const dropped: Dropped = droppedByChannelEmpty(channel, unknownNodes);
  return (
    <>
      <ActionBar kind="channel" nodes={channel.nodes} act={act} setOpen={setOpen} />
      {open === 'empty' ? (
        <EmptyDialog
          kind="channel"
          name={`${topic}/${name}`}
          dropped={dropped}
          pending={act.isPending}
          onConfirm={() => act.mutate({ action: 'empty' }, { onSettled: close })}
          onClose={close}
        />
      ) : null}
      {open === 'delete' ? (
        <DeleteDialog
          kind="channel"
          name={name}
          shown={`${topic}/${name}`}
          pending={del.isPending}
          onConfirm={() => del.mutate({}, { onSettled: close })}
          onClose={close}
        >
          <p>
            Deletes the channel from every nsqlookupd and from the {formatCount(channel.nodes.length + unknownNodes)}{' '}
            nsqd that have it, with every message it holds: {formatCount(dropped.depth)} queued,{' '}
            {formatCount(dropped.in_flight_count)} in-flight and {formatCount(dropped.deferred_count)} deferred at the
            last poll. Its consumers are disconnected. This cannot be undone.
          </p>
          <p>
            A deleted channel comes back, empty, as soon as a consumer subscribes to it again: stop its consumers first
            to retire it. The topic and its other channels are not touched.
          </p>
        </DeleteDialog>
      ) : null}
    </>
  );
}

/**
 * One node's Tombstone button (topic and node pages), with its confirmation. `down`: the node did not
 * answer the last poll, though a lookupd still lists it.
 */
export function TombstoneButton({
  topic,
  node,
  down = false,
  reason,
}: {
  topic: string;
  node: string;
  down?: boolean;
  reason?: string;
}) {
  const tombstone = useTombstone(topic);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="sm"
        variant="danger-outline"
        data-testid="action-tombstone"
        aria-haspopup="dialog"
        aria-label={`Tombstone topic ${topic} on ${node}`}
        disabledReason={reason}
        disabled={tombstone.isPending}
        onClick={() => setOpen(true)}
      >
        Tombstone…
      </Button>
      {open ? (
        <TombstoneDialog
          topic={topic}
          node={node}
          down={down}
          pending={tombstone.isPending}
          onConfirm={() => tombstone.mutate({ node }, { onSettled: () => setOpen(false) })}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
