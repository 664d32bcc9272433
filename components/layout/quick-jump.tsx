'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { channelHref, topicHref } from '@/components/links';
import { useSearch } from '@/lib/queries/hooks';

/** Ctrl/Cmd-K (or "/") opens a box to jump to any topic or channel by name. */
export function QuickJump() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const { data } = useSearch(q);
  const results = q.trim() ? (data?.results ?? []) : [];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]');
      if ((e.key === 'k' && (e.metaKey || e.ctrlKey)) || (e.key === '/' && !typing)) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  const go = (r: { topic: string; channel?: string }) => {
    setOpen(false);
    setQ('');
    router.push(r.channel === undefined ? topicHref(r.topic) : channelHref(r.topic, r.channel));
  };

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        className="rounded border border-zinc-300 px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        Jump to… <kbd className="ml-1 font-sans text-zinc-500 dark:text-zinc-400">Ctrl K</kbd>
      </button>
      {open ? (
        // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop closes, as Escape does from the input
        <div
          className="fixed inset-0 z-50 flex items-start justify-center bg-black/40 pt-24"
          onMouseDown={() => setOpen(false)}
        >
          <div
            role="dialog"
            aria-modal="true"
            aria-label="Jump to a topic or channel"
            className="w-full max-w-lg rounded-lg bg-white p-3 shadow-xl dark:bg-zinc-900"
            onMouseDown={(e) => e.stopPropagation()}
          >
            <input
              ref={input}
              data-testid="quick-jump-input"
              role="combobox"
              aria-expanded={results.length > 0}
              aria-controls={listId}
              aria-activedescendant={results[active] ? `${listId}-${active}` : undefined}
              aria-label="Topic or channel name"
              placeholder="Topic or channel name"
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Escape') setOpen(false);
                if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
                if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
                const pick = results[active];
                if (e.key === 'Enter' && pick) go(pick);
              }}
              className="w-full rounded border border-zinc-300 bg-transparent px-3 py-2 text-sm dark:border-zinc-700"
            />
            <div id={listId} role="listbox" aria-label="Matches" className="mt-2 max-h-80 overflow-auto">
              {results.map((r, i) => (
                <div
                  key={`${r.topic}/${r.channel ?? ''}`}
                  id={`${listId}-${i}`}
                  role="option"
                  // the input keeps focus and points at the active option (aria-activedescendant)
                  tabIndex={-1}
                  aria-selected={i === active}
                  onMouseDown={() => go(r)}
                  className={`cursor-pointer rounded px-3 py-1.5 text-sm ${i === active ? 'bg-zinc-100 dark:bg-zinc-800' : ''}`}
                >
                  {r.topic}
                  {r.channel !== undefined ? (
                    <span className="text-zinc-500 dark:text-zinc-400"> / {r.channel}</span>
                  ) : null}
                </div>
              ))}
            </div>
          </div>
        </div>
      ) : null}
    </>
  );
}
