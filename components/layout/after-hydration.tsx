'use client';

import { type ReactNode, useSyncExternalStore } from 'react';

const subscribe = () => () => undefined;

/**
 * Its children once the page is hydrated, the fallback before: on the server and while React
 * hydrates. React hydrates the page's Suspense boundary after the root, and by then the header's
 * queries may have filled React Query's cache; a page rendered from that data does not match the
 * server's HTML, rendered without it (React error #418, in about half of the loads). Client-side
 * navigations render the children at once.
 */
export function AfterHydration({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  return hydrated ? children : fallback;
}
