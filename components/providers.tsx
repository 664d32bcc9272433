'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ThemeProvider, useTheme } from 'next-themes';
import { type CSSProperties, type ReactNode, useState } from 'react';
import { Toaster } from 'sonner';
import { FRESH_MS, shouldRetry } from '@/lib/queries/policy';

// sonner's rich colours, darkened (light) or lightened (dark) to meet WCAG AA contrast
const TOAST_COLORS = {
  light: {
    '--success-bg': '#ecfdf5',
    '--success-border': '#6ee7b7',
    '--success-text': '#065f46',
    '--info-bg': '#f0f9ff',
    '--info-border': '#7dd3fc',
    '--info-text': '#0c4a6e',
    '--warning-bg': '#fffbeb',
    '--warning-border': '#fcd34d',
    '--warning-text': '#78350f',
    '--error-bg': '#fef2f2',
    '--error-border': '#fca5a5',
    '--error-text': '#7f1d1d',
  },
  dark: {
    '--success-bg': '#022c22',
    '--success-border': '#065f46',
    '--success-text': '#a7f3d0',
    '--info-bg': '#082f49',
    '--info-border': '#075985',
    '--info-text': '#bae6fd',
    '--warning-bg': '#451a03',
    '--warning-border': '#92400e',
    '--warning-text': '#fde68a',
    '--error-bg': '#450a0a',
    '--error-border': '#991b1b',
    '--error-text': '#fecaca',
  },
} as const;

/** The one place toasts appear: the action hooks' per-node outcomes. */
function ActionToaster() {
  const { resolvedTheme } = useTheme();
  const theme = resolvedTheme === 'dark' ? 'dark' : 'light';
  return (
    <Toaster
      theme={theme}
      style={TOAST_COLORS[theme] as CSSProperties}
      position="bottom-right"
      richColors
      closeButton
      // long outcome lists (one line per node) keep their line breaks
      toastOptions={{ classNames: { description: 'whitespace-pre-line break-words' } }}
    />
  );
}

/** nonce: the page's CSP script nonce, for next-themes' inline script (undefined under `next dev`). */
export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: shouldRetry, refetchOnWindowFocus: true, staleTime: FRESH_MS } },
      }),
  );
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      <QueryClientProvider client={client}>
        {children}
        <ActionToaster />
      </QueryClientProvider>
    </ThemeProvider>
  );
}
