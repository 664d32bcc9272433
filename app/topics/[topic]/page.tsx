import type { Metadata } from 'next';
import { decodeParam } from '@/components/topic/table-helpers';
import { TopicPage } from '@/components/topic/topic-page';

type Params = Promise<{ topic: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { topic } = await params;
  return { title: `Topic ${decodeParam(topic)}` };
}

export default async function Page({ params }: { params: Params }) {
  const { topic } = await params;
  return <TopicPage topic={decodeParam(topic)} />;
}
