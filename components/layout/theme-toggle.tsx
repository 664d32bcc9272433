'use client';

import { useTheme } from 'next-themes';
import { useEffect, useState } from 'react';

const NEXT = { system: 'light', light: 'dark', dark: 'system' } as const;
type Choice = keyof typeof NEXT;

/** Cycles system → light → dark; "system" follows the operating system. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser; render a neutral label until then.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const current: Choice = mounted && (theme === 'light' || theme === 'dark') ? theme : 'system';
  return (
    <button
      type="button"
      data-testid="theme-toggle"
      onClick={() => setTheme(NEXT[current])}
      className="rounded border border-zinc-300 px-2 py-1 text-xs text-zinc-700 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
      aria-label={`Theme: ${current}. Switch to ${NEXT[current]}`}
    >
      Theme: {current}
    </button>
  );
}
