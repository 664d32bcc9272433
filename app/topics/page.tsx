import type { Metadata } from 'next';
import { TopicList } from '@/components/topics/topic-list';

export const metadata: Metadata = { title: 'Topics' };

export default function TopicsPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Topics</h1>
      <TopicList />
    </>
  );
}
