'use client';
// One message's body as a person reads it: JSON pretty-printed (or raw), text, or a hex dump, with its
// trace link. Bodies are untrusted data: always rendered as text, never as markup.
import { useState } from 'react';
import { bodyView } from '@/lib/messages/body';
import type { TailMessage } from '@/lib/messages/tail';

const PRE =
  'max-h-96 overflow-auto whitespace-pre-wrap break-all rounded bg-zinc-50 p-2 font-mono text-xs dark:bg-zinc-950';

/** Only http(s) links leave the console, whatever a server sends. */
const safeLink = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

export function TraceLink({ trace }: { trace: TailMessage['trace'] }) {
  if (!trace) return null;
  const url = safeLink(trace.url);
  const label = `trace ${trace.trace_id}`;
  return url ? (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      data-testid="trace-link"
      className="font-mono text-xs text-sky-700 underline dark:text-sky-400"
    >
      {label}
    </a>
  ) : (
    <span data-testid="trace-id" className="font-mono text-xs text-zinc-600 dark:text-zinc-400">
      {label}
    </span>
  );
}

export function MessageBody({ message }: { message: TailMessage }) {
  const view = bodyView(message);
  const [raw, setRaw] = useState(false);
  return (
    <div className="space-y-1" data-testid="message-body">
      <div className="flex flex-wrap items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <span data-testid="body-kind">
          {view.kind === 'json' ? 'JSON' : view.kind === 'hex' ? 'binary (hex)' : 'text'}
        </span>
        {view.kind === 'json' ? (
          <button type="button" className="underline" onClick={() => setRaw((r) => !r)} data-testid="toggle-raw">
            {raw ? 'pretty' : 'raw'}
          </button>
        ) : null}
        {message.truncated ? <span>first {message.encoding === 'utf8' ? 'part' : 'bytes'} only</span> : null}
        <TraceLink trace={message.trace} />
      </div>
      <pre className={PRE} data-testid="body-text">
        {view.kind === 'json'
          ? raw
            ? view.raw
            : view.pretty
          : view.kind === 'text'
            ? view.text
            : view.lines.join('\n')}
      </pre>
    </div>
  );
}
