'use client';
// The topic page's live tail: start and stop, pause (the list holds still while messages keep
// coming), clear, filter, and each message's body on demand.
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { formatBytes, formatCount, formatCountOf } from '@/lib/format';
import type { TailEnd, TailMessage } from '@/lib/messages/tail';
import { useTail } from '@/lib/queries/messages';
import { matchesFilter } from './filter';
import { MessageBody, TraceLink } from './message-body';

const END_WORDS: Record<TailEnd['reason'], string> = {
  stopped: 'stopped',
  'message-cap': 'stopped at its message cap',
  'time-cap': 'stopped at its time cap',
  'no-node': 'no node accepted the subscription',
};

const time = (ms: number) => new Date(ms).toISOString().slice(11, 23);

function MessageRow({ m, open, onToggle }: { m: TailMessage; open: boolean; onToggle: () => void }) {
  return (
    <li className="border-b border-zinc-100 py-1 last:border-0 dark:border-zinc-800" data-testid="tail-message">
      <button
        type="button"
        aria-expanded={open}
        onClick={onToggle}
        className="flex w-full flex-wrap items-baseline gap-x-3 text-left text-xs hover:bg-zinc-50 dark:hover:bg-zinc-800"
      >
        <span className="font-mono text-zinc-500 dark:text-zinc-400">{time(m.timestamp)}</span>
        <span className="font-mono">{m.node}</span>
        <span className="font-mono text-zinc-500 dark:text-zinc-400">{m.id}</span>
        <span>attempt {m.attempts}</span>
        <span>{formatBytes(m.size)}</span>
        {m.trace ? <span className="text-sky-700 dark:text-sky-400">traced</span> : null}
        <span className="min-w-0 flex-1 basis-full truncate font-mono text-zinc-800 sm:basis-0 dark:text-zinc-200">
          {m.encoding === 'base64' ? '(binary)' : m.body.slice(0, 200)}
        </span>
      </button>
      {open ? (
        <div className="py-2">
          <MessageBody message={m} />
        </div>
      ) : null}
      {!open && m.trace ? (
        <div className="pl-1">
          <TraceLink trace={m.trace} />
        </div>
      ) : null}
    </li>
  );
}

export function TailPanel({ topic, reason }: { topic: string; reason?: string }) {
  const tail = useTail(topic);
  const [filter, setFilter] = useState('');
  const [opened, setOpened] = useState<string | null>(null);
  const filterId = useId();
  const running = tail.status === 'connecting' || tail.status === 'live';
  const shown = tail.messages.filter((m) => matchesFilter(m, filter));
  const key = (m: TailMessage) => `${m.node} ${m.id}`;
  return (
    <section aria-label="Tail" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {running ? (
          <Button data-testid="tail-stop" onClick={tail.stop}>
            Stop tail
          </Button>
        ) : (
          <Button variant="primary" data-testid="tail-start" disabledReason={reason} onClick={() => void tail.start()}>
            Tail messages
          </Button>
        )}
        {tail.paused ? (
          <Button data-testid="tail-resume" onClick={tail.resume}>
            Resume{tail.held > 0 ? ` (${formatCount(tail.held)} new)` : ''}
          </Button>
        ) : (
          <Button data-testid="tail-pause" disabled={!running} onClick={tail.pause}>
            Pause
          </Button>
        )}
        <Button data-testid="tail-clear" disabled={tail.messages.length === 0} onClick={tail.clear}>
          Clear
        </Button>
        <label htmlFor={filterId} className="sr-only">
          Filter messages
        </label>
        <input
          id={filterId}
          data-testid="tail-filter"
          type="search"
          placeholder="Filter: body, id or node"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
      <p data-testid="tail-status" className="text-sm text-zinc-600 dark:text-zinc-400" aria-live="polite">
        {tail.status === 'idle'
          ? 'A tail reads from a channel of its own (nsq-console-tail-…#ephemeral) on every node of the topic, so it takes nothing from the topic’s channels. It stops after 1,000 messages or 10 minutes, or when you leave.'
          : tail.status === 'connecting'
            ? 'Subscribing…'
            : tail.status === 'live'
              ? `Live on ${formatCountOf(tail.ready?.nodes.length ?? 0, 'node')}: ${formatCountOf(tail.messages.length + tail.held, 'message')}${tail.paused ? ', paused' : ''}`
              : tail.error
                ? `Not tailing: ${tail.error}`
                : `Tail ${tail.end ? END_WORDS[tail.end.reason] : 'stopped'} after ${formatCount(tail.end?.count ?? tail.messages.length)} messages`}
      </p>
      {tail.ready && tail.ready.failed.length > 0 ? (
        <p data-testid="tail-failed-nodes" className="text-sm text-amber-900 dark:text-amber-200">
          Not subscribed on {tail.ready.failed.map((f) => `${f.node} (${f.error})`).join(', ')}.
        </p>
      ) : null}
      {shown.length > 0 ? (
        <ul data-testid="tail-messages" className="max-h-[32rem] overflow-auto">
          {shown.map((m) => (
            <MessageRow
              key={key(m)}
              m={m}
              open={opened === key(m)}
              onToggle={() => setOpened((o) => (o === key(m) ? null : key(m)))}
            />
          ))}
        </ul>
      ) : tail.messages.length > 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No message matches the filter.</p>
      ) : null}
    </section>
  );
}
