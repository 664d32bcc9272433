import type { Metadata } from 'next';
import { NodePage } from '@/components/nodes/node-page';

interface Props {
  params: Promise<{ node: string }>;
}

/** The segment is the URL-encoded node name (broadcast_address:http_port, IPv6 in brackets). */
function nodeName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Node ${nodeName((await params).node)}` };
}

export default async function Page({ params }: Props) {
  const node = nodeName((await params).node);
  return <NodePage node={node} />;
}
