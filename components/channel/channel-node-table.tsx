// nsqadmin's "Channel" table: the channel on each nsqd, a Total row, and a row for each node that is down.
import { CountCell, PercentileCells, QUEUE_COUNT_HEADERS, QueueCountCells } from '@/components/topic/cells';
import { PerNodeTable } from '@/components/topic/per-node-table';
import type { DownNode } from '@/components/topic/table-helpers';
import type { ChannelWithNodes } from '@/lib/cluster/types';
import { formatCount, formatRate } from '@/lib/format';

type Counts = Pick<
  ChannelWithNodes,
  | 'depth'
  | 'memory_depth'
  | 'backend_depth'
  | 'in_flight_count'
  | 'deferred_count'
  | 'requeue_count'
  | 'timeout_count'
  | 'message_count'
  | 'client_count'
  | 'rates'
  | 'e2e_processing_latency'
>;

function CountCells({ r, quantiles }: { r: Counts; quantiles: readonly number[] }) {
  return (
    <>
      <QueueCountCells r={r} />
      <CountCell testId="message-rate" text={formatRate(r.rates.message_rate)} />
      <CountCell testId="connections" text={formatCount(r.client_count)} />
      <PercentileCells e2e={r.e2e_processing_latency} quantiles={quantiles} />
    </>
  );
}

export function ChannelNodeTable({
  channel,
  down,
  quantiles,
}: {
  channel: ChannelWithNodes;
  down: readonly DownNode[];
  quantiles: readonly number[];
}) {
  return (
    <PerNodeTable
      testId="channel-node-table"
      caption={`Channel ${channel.channel_name} of topic ${channel.topic_name} per nsqd node`}
      headers={[...QUEUE_COUNT_HEADERS, 'msg/s', 'Connections']}
      quantiles={quantiles}
      nodes={channel.nodes}
      total={channel}
      down={down}
      cells={(r) => <CountCells r={r} quantiles={quantiles} />}
    />
  );
}
