// Any URL that is no page of the console (a topic, channel or node that does not exist has its own
// message on its page, which the page gives after asking the cluster).
import type { Metadata } from 'next';
import Link from 'next/link';
import { EmptyState } from '@/components/ui/states';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <div data-testid="page-not-found">
        <EmptyState>
          nsq-console has no page at this address. See{' '}
          <Link href="/" className="text-sky-700 underline dark:text-sky-400">
            the cluster
          </Link>{' '}
          or{' '}
          <Link href="/topics" className="text-sky-700 underline dark:text-sky-400">
            its topics
          </Link>
          .
        </EmptyState>
      </div>
    </>
  );
}
