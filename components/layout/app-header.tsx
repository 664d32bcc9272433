'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { FiringCount } from '@/components/alerts/alert-count';
import { Freshness } from './freshness';
import { QuickJump } from './quick-jump';
import { ThemeToggle } from './theme-toggle';

const NAV = [
  { href: '/', label: 'Home', match: (p: string) => p === '/' },
  { href: '/topics', label: 'Topics', match: (p: string) => p.startsWith('/topics') },
  { href: '/nodes', label: 'Nodes', match: (p: string) => p.startsWith('/nodes') },
  { href: '/lookup', label: 'Lookup', match: (p: string) => p.startsWith('/lookup') },
  { href: '/counter', label: 'Counter', match: (p: string) => p.startsWith('/counter') },
  { href: '/alerts', label: 'Alerts', match: (p: string) => p.startsWith('/alerts') },
];

export function AppHeader() {
  const path = usePathname();
  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950">
      <div className="mx-auto flex max-w-screen-2xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
        <Link href="/" className="text-lg font-semibold">
          nsq-console
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-1">
          {NAV.map((n) => (
            <Link
              key={n.href}
              href={n.href}
              aria-current={n.match(path) ? 'page' : undefined}
              className="rounded px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:text-zinc-300 dark:hover:bg-zinc-800 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
            >
              {n.label}
              {n.href === '/alerts' ? <FiringCount /> : null}
            </Link>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <Freshness />
          <QuickJump />
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
