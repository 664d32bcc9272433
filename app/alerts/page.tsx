import type { Metadata } from 'next';
import { AlertsPage } from '@/components/alerts/alerts-page';

export const metadata: Metadata = { title: 'Alerts' };

/** The alerts' answer is in every page's first paint already (app/layout.tsx). */
export default function Page() {
  return <AlertsPage />;
}
