// nsqadmin's "Topic Message Queue": one row per nsqd, a Total row, and a row for each node that is down.
import type { ReactNode } from 'react';
import type { TopicWithNodes } from '@/lib/cluster/types';
import { formatCount, formatRate } from '@/lib/format';
import { CountCell, PercentileCells } from './cells';
import { PerNodeTable } from './per-node-table';
import type { DownNode } from './table-helpers';
import { memoryDisk } from './table-helpers';

type Counts = Pick<
  TopicWithNodes,
  'depth' | 'memory_depth' | 'backend_depth' | 'message_count' | 'channel_count' | 'rates' | 'e2e_processing_latency'
>;

function CountCells({ r, quantiles }: { r: Counts; quantiles: readonly number[] }) {
  return (
    <>
      <CountCell testId="depth" text={formatCount(r.depth)} />
      <CountCell testId="memory-disk" text={memoryDisk(r)} />
      <CountCell testId="messages" text={formatCount(r.message_count)} />
      <CountCell testId="message-rate" text={formatRate(r.rates.message_rate)} />
      <CountCell testId="channels" text={formatCount(r.channel_count)} />
      <PercentileCells e2e={r.e2e_processing_latency} quantiles={quantiles} />
    </>
  );
}

export function TopicNodeTable({
  topic,
  down,
  quantiles,
  rowAction,
}: {
  topic: TopicWithNodes;
  down: readonly DownNode[];
  quantiles: readonly number[];
  /** a last "Actions" column (the per-node tombstone), when the caller may see actions */
  rowAction?: (node: string, down: boolean) => ReactNode;
}) {
  return (
    <PerNodeTable
      testId="topic-node-table"
      caption={`Topic ${topic.topic_name} per nsqd node`}
      headers={['Depth', 'Memory + Disk', 'Messages', 'msg/s', 'Channels']}
      quantiles={quantiles}
      nodes={topic.nodes}
      total={topic}
      down={down}
      cells={(r) => <CountCells r={r} quantiles={quantiles} />}
      rowAction={rowAction}
    />
  );
}
