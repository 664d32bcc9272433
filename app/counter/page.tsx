import type { Metadata } from 'next';
import { CounterPage } from '@/components/counter/counter-page';

export const metadata: Metadata = { title: 'Counter' };

export default function Page() {
  return <CounterPage />;
}
