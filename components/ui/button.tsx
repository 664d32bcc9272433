import type { ComponentProps } from 'react';
import { cx } from './table';

const VARIANTS = {
  default:
    'border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800',
  primary:
    'border-sky-700 bg-sky-700 text-white hover:bg-sky-800 dark:border-sky-600 dark:bg-sky-600 dark:hover:bg-sky-500',
  danger:
    'border-red-700 bg-red-700 text-white hover:bg-red-800 dark:border-red-600 dark:bg-red-700 dark:hover:bg-red-600',
  'danger-outline':
    'border-red-300 bg-white text-red-800 hover:bg-red-50 dark:border-red-800 dark:bg-zinc-900 dark:text-red-300 dark:hover:bg-red-950',
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

/**
 * A real button. `disabledReason` disables it the accessible way: it stays focusable and says why
 * (aria-disabled, a tooltip, and aria-describedby pointing at the visible reason when there is one).
 */
export function Button({
  variant = 'default',
  size = 'md',
  disabledReason,
  className,
  onClick,
  type = 'button',
  title,
  ...props
}: ComponentProps<'button'> & { variant?: ButtonVariant; size?: 'sm' | 'md'; disabledReason?: string | null }) {
  const blocked = disabledReason !== undefined && disabledReason !== null;
  return (
    <button
      type={type}
      aria-disabled={blocked || undefined}
      title={blocked ? disabledReason : title}
      onClick={blocked ? (e) => e.preventDefault() : onClick}
      className={cx(
        'inline-flex items-center gap-1 rounded border font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600',
        size === 'sm' ? 'px-2 py-0.5 text-xs' : 'px-3 py-1.5 text-sm',
        VARIANTS[variant],
        'disabled:cursor-not-allowed disabled:opacity-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50',
        className,
      )}
      {...props}
    />
  );
}
