import type { ReactNode } from 'react';

export function Card({
  title,
  actions,
  children,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      // min-w-0: in a grid or flex row, a wide table scrolls inside the card instead of widening it
      className="min-w-0 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      {title || actions ? (
        <header className="mb-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
          {title ? <h2 className="text-base font-semibold">{title}</h2> : <span />}
          {actions}
        </header>
      ) : null}
      {children}
    </section>
  );
}

export function Stat({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: ReactNode;
  testId?: string;
  tone?: 'danger' | 'warn';
}) {
  const color =
    tone === 'danger' ? 'text-red-600 dark:text-red-400' : tone === 'warn' ? 'text-amber-600 dark:text-amber-400' : '';
  return (
    <div className="min-w-32">
      <div className="text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</div>
      <div data-testid={testId} className={`text-2xl font-semibold tabular-nums ${color}`}>
        {value}
      </div>
    </div>
  );
}
