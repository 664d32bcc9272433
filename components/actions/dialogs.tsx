'use client';
// The confirmations, by severity: Empty shows what it will drop; Delete needs the exact name typed;
// Tombstone explains nsqadmin's semantics. Every name and count here comes from NSQ: text only.
import { type ReactNode, useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { formatCount, formatCountOf } from '@/lib/format';
import { type Dropped, nameConfirms } from './helpers';

function Count({ label, value, testId, detail }: { label: string; value: number; testId: string; detail?: string }) {
  return (
    <div className="flex justify-between gap-4 border-b border-zinc-100 py-1 last:border-0 dark:border-zinc-800">
      <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="tabular-nums">
        <span data-testid={testId} className="font-semibold">
          {formatCount(value)}
        </span>
        {detail ? <span className="ml-2 text-zinc-500 dark:text-zinc-400">{detail}</span> : null}
      </dd>
    </div>
  );
}

function UnknownNodes({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <p
      data-testid="dropped-unknown-nodes"
      className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      {formatCountOf(count, 'node')} that may hold it did not answer the last poll: {count === 1 ? 'its' : 'their'}{' '}
      messages are not counted above, and {count === 1 ? 'it is' : 'they are'} asked to empty too.
    </p>
  );
}

export function EmptyDialog({
  kind,
  name,
  dropped,
  channels,
  pending,
  onConfirm,
  onClose,
}: {
  kind: 'topic' | 'channel';
  /** "orders" or "orders/billing", as shown */
  name: string;
  dropped: Dropped;
  /** for a topic: what its channels hold, which an Empty leaves alone */
  channels?: { depth: number; in_flight_count: number; deferred_count: number; count: number };
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      testId="empty-dialog"
      title={
        <>
          Empty {kind} <span className="font-mono">{name}</span>?
        </>
      }
      onClose={onClose}
      actions={
        <>
          <Button data-autofocus onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" data-testid="confirm-empty" disabled={pending} onClick={onConfirm}>
            {pending ? 'Emptying…' : `Empty ${kind}`}
          </Button>
        </>
      }
    >
      <p>
        This drops these messages, summed over the{' '}
        <span data-testid="dropped-nodes">{formatCountOf(dropped.nodes, 'node')}</span> that have the {kind}. They
        cannot be recovered.
      </p>
      <dl data-testid="dropped" className="rounded border border-zinc-200 px-3 py-1 dark:border-zinc-700">
        <Count
          label="Depth"
          value={dropped.depth}
          testId="dropped-depth"
          detail={`${formatCount(dropped.memory_depth)} in memory + ${formatCount(dropped.backend_depth)} on disk`}
        />
        {kind === 'channel' ? (
          <>
            <Count label="In-flight" value={dropped.in_flight_count} testId="dropped-in-flight" />
            <Count label="Deferred" value={dropped.deferred_count} testId="dropped-deferred" />
          </>
        ) : null}
      </dl>
      <UnknownNodes count={dropped.unknown_nodes} />
      {kind === 'topic' ? (
        <p>
          nsqd empties the topic&apos;s own queue: messages published but not yet copied to its channels. It does not
          touch the channels&apos; queues
          {channels && channels.count > 0
            ? ` (${formatCountOf(channels.count, 'channel')} holding ${formatCount(channels.depth)} queued, ${formatCount(channels.in_flight_count)} in-flight and ${formatCount(channels.deferred_count)} deferred)`
            : ''}
          : empty a channel on its own page.
        </p>
      ) : (
        <p>
          nsqd clears the channel&apos;s memory and disk queue and also drops its in-flight and deferred messages: they
          are not delivered again, and consumers that finish them afterwards get an error. Consumers stay connected and
          receive what is published next.
        </p>
      )}
      <p className="text-zinc-600 dark:text-zinc-400">
        Counts are from the last poll; messages that arrive meanwhile are dropped too.
      </p>
    </Dialog>
  );
}

export function DeleteDialog({
  kind,
  name,
  shown,
  pending,
  onConfirm,
  onClose,
  children,
}: {
  kind: 'topic' | 'channel';
  /** the exact name to type */
  name: string;
  /** how the target is named in the title, e.g. "orders/billing" */
  shown?: string;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
  /** what the delete does, and what brings the target back */
  children: ReactNode;
}) {
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const hintId = useId();
  const ok = nameConfirms(typed, name);
  return (
    <Dialog
      testId="delete-dialog"
      title={
        <>
          Delete {kind} <span className="font-mono">{shown ?? name}</span>?
        </>
      }
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            variant="danger"
            type="submit"
            form={`${inputId}-form`}
            data-testid="confirm-delete"
            disabled={!ok || pending}
            aria-describedby={hintId}
          >
            {pending ? 'Deleting…' : `Delete ${kind}`}
          </Button>
        </>
      }
    >
      {children}
      <form
        id={`${inputId}-form`}
        onSubmit={(e) => {
          e.preventDefault();
          if (ok && !pending) onConfirm();
        }}
        className="space-y-1"
      >
        <label htmlFor={inputId} className="block font-medium">
          Type the {kind}&apos;s name, <span className="font-mono break-all select-all">{name}</span>, to confirm
        </label>
        <input
          id={inputId}
          data-testid="confirm-name-input"
          data-autofocus
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={hintId}
          className="w-full rounded border border-zinc-300 bg-white px-2 py-1.5 font-mono dark:border-zinc-700 dark:bg-zinc-950"
        />
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          {ok ? 'The name matches.' : `The button is enabled once the name matches exactly.`}
        </p>
      </form>
    </Dialog>
  );
}

export function TombstoneDialog({
  topic,
  node,
  down,
  pending,
  onConfirm,
  onClose,
}: {
  topic: string;
  node: string;
  /** the node did not answer the last poll */
  down: boolean;
  pending: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      testId="tombstone-dialog"
      title={
        <>
          Tombstone topic <span className="font-mono">{topic}</span> on <span className="font-mono">{node}</span>?
        </>
      }
      onClose={onClose}
      actions={
        <>
          <Button data-autofocus onClick={onClose}>
            Cancel
          </Button>
          <Button variant="danger" data-testid="confirm-tombstone" disabled={pending} onClick={onConfirm}>
            {pending ? 'Tombstoning…' : 'Tombstone'}
          </Button>
        </>
      }
    >
      <p>
        Every nsqlookupd stops handing out <span className="font-mono">{node}</span> as a producer of this topic for its
        tombstone lifetime (nsqlookupd&apos;s <code>--tombstone-lifetime</code>, 45 s by default), so consumers that
        look the topic up stop connecting to that node.
      </p>
      {down ? (
        <p data-testid="tombstone-down-note">
          This node is down, so the topic cannot be deleted from it now: that step will fail, and the result will be
          partial. The tombstone holds all the same. If the node comes back with the topic, it registers again once the
          tombstone expires.
        </p>
      ) : (
        <p>
          The topic is also deleted from that node, with its channels and their messages. Other nodes keep it. If
          producers keep publishing to this node, the topic is created there again and registers once the tombstone
          expires.
        </p>
      )}
    </Dialog>
  );
}
