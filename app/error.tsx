'use client';
// A page that threw while rendering (on the server or in the browser): the header stays, the page
// says so and offers a retry, which fetches the page again and re-renders it (Next's retry()).
import { ErrorNotice } from '@/components/layout/error-notice';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return <ErrorNotice error={error} retry={retry} />;
}
