import type { Metadata } from 'next';
import { ChannelPage } from '@/components/channel/channel-page';
import { decodeParam } from '@/components/topic/table-helpers';

type Params = Promise<{ topic: string; channel: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { topic, channel } = await params;
  return { title: `Channel ${decodeParam(topic)}/${decodeParam(channel)}` };
}

export default async function Page({ params }: { params: Params }) {
  const { topic, channel } = await params;
  return <ChannelPage topic={decodeParam(topic)} channel={decodeParam(channel)} />;
}
