import type { ComponentProps } from 'react';

// Table cells with one look everywhere: numbers right-aligned in tabular figures.
const cx = (...c: (string | false | undefined)[]) => c.filter(Boolean).join(' ');

/** A table wider than its card (a phone) scrolls sideways inside it; the page never does. */
export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <div className="overflow-x-auto">
      <table className={cx('w-full border-collapse text-sm', className)} {...props} />
    </div>
  );
}

export function Th({ numeric, className, ...props }: ComponentProps<'th'> & { numeric?: boolean }) {
  return (
    <th
      scope="col"
      className={cx(
        'whitespace-nowrap border-b border-zinc-200 px-3 py-2 font-medium text-zinc-600 dark:border-zinc-800 dark:text-zinc-400',
        numeric ? 'text-right' : 'text-left',
        className,
      )}
      {...props}
    />
  );
}

export function Td({ numeric, className, ...props }: ComponentProps<'td'> & { numeric?: boolean }) {
  return <td className={cx('px-3 py-1.5', numeric && 'text-right tabular-nums', className)} {...props} />;
}

export function Tr({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cx('border-b border-zinc-100 last:border-0 dark:border-zinc-900', className)} {...props} />;
}

export { cx };
