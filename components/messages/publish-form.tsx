'use client';
// The topic page's publish form: one message (maybe deferred) or one per line, on a chosen node or
// the next of the topic's nodes in turn. The toast names the node and what nsqd answered.
import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { type PublishInput, usePublish } from '@/lib/queries/actions';

const FIELD = 'rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';

/** What the form sends: lines become a batch (blank ones dropped, as nsqd refuses empty messages). */
export function publishInput(body: string, perLine: boolean, node: string, deferSeconds: string): PublishInput {
  const where = node === '' ? {} : { node };
  if (perLine) return { ...where, messages: body.split('\n').filter((l) => l.trim() !== '') };
  const defer = Number(deferSeconds);
  return { ...where, body, ...(deferSeconds !== '' && defer > 0 ? { defer_ms: Math.round(defer * 1000) } : {}) };
}

export function PublishForm({ topic, nodes, reason }: { topic: string; nodes: readonly string[]; reason?: string }) {
  const publish = usePublish(topic);
  const [body, setBody] = useState('');
  const [perLine, setPerLine] = useState(false);
  const [node, setNode] = useState('');
  const [defer, setDefer] = useState('');
  const ids = { body: useId(), node: useId(), defer: useId(), perLine: useId() };
  const input = publishInput(body, perLine, node, defer);
  const empty = 'messages' in input ? input.messages.length === 0 : input.body === '';
  return (
    <form
      aria-label="Publish"
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (reason === undefined && !empty) publish.mutate(input);
      }}
    >
      <label htmlFor={ids.body} className="block text-sm font-medium">
        Message
      </label>
      <textarea
        id={ids.body}
        data-testid="publish-body"
        rows={4}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        className={`${FIELD} w-full font-mono`}
        placeholder='{"order": 17}'
      />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <label htmlFor={ids.perLine} className="flex items-center gap-1">
          <input
            id={ids.perLine}
            type="checkbox"
            data-testid="publish-per-line"
            checked={perLine}
            onChange={(e) => setPerLine(e.target.checked)}
          />
          one message per line
        </label>
        <label htmlFor={ids.node} className="flex items-center gap-1">
          Node
          <select
            id={ids.node}
            data-testid="publish-node"
            value={node}
            onChange={(e) => setNode(e.target.value)}
            className={FIELD}
          >
            <option value="">next in turn</option>
            {nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.defer} className="flex items-center gap-1">
          Defer (s)
          <input
            id={ids.defer}
            data-testid="publish-defer"
            type="number"
            min={0}
            max={3600}
            step="any"
            disabled={perLine}
            value={defer}
            onChange={(e) => setDefer(e.target.value)}
            className={`${FIELD} w-20`}
          />
        </label>
        <Button
          type="submit"
          variant="primary"
          data-testid="publish-submit"
          disabledReason={reason}
          disabled={empty || publish.isPending}
        >
          {publish.isPending ? 'Publishing…' : 'Publish'}
        </Button>
      </div>
    </form>
  );
}
