import type { Metadata } from 'next';
import { LookupPage } from '@/components/lookup/lookup-page';

export const metadata: Metadata = { title: 'Lookup' };

export default function Page() {
  return <LookupPage />;
}
