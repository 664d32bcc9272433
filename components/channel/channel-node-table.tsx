// nsqadmin's "Channel" table: the channel on each nsqd, a Total row, and a row for each node that is down.
import {
  DownNodeRow,
  NodeHost,
  PercentileCells,
  PercentileHeaders,
  QueueCountCells,
  TotalHeader,
} from '@/components/topic/cells';
import type { DownNode } from '@/components/topic/table-helpers';
import { Table, Td, Th, Tr } from '@/components/ui/table';
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
      <Td numeric data-testid="message-rate">
        {formatRate(r.rates.message_rate)}
      </Td>
      <Td numeric data-testid="connections">
        {formatCount(r.client_count)}
      </Td>
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
  const nodes = [...channel.nodes].sort((a, b) => a.hostname.localeCompare(b.hostname) || a.node.localeCompare(b.node));
  return (
    <Table data-testid="channel-node-table">
      <caption className="sr-only">
        Channel {channel.channel_name} of topic {channel.topic_name} per nsqd node
      </caption>
      <thead>
        <tr>
          <Th>NSQd Host</Th>
          <Th numeric>Depth</Th>
          <Th numeric>Memory + Disk</Th>
          <Th numeric>In-Flight</Th>
          <Th numeric>Deferred</Th>
          <Th numeric>Requeued</Th>
          <Th numeric>Timed Out</Th>
          <Th numeric>Messages</Th>
          <Th numeric>msg/s</Th>
          <Th numeric>Connections</Th>
          <PercentileHeaders quantiles={quantiles} />
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <Tr key={n.node} data-testid="node-row" data-node={n.node}>
            <Td>
              <NodeHost node={n.node} hostname={n.hostname} paused={n.paused} />
            </Td>
            <CountCells r={n} quantiles={quantiles} />
          </Tr>
        ))}
        {down.map((d) => (
          <DownNodeRow key={d.node} down={d} columns={10 + quantiles.length} />
        ))}
      </tbody>
      <tfoot>
        <Tr data-testid="total-row" className="bg-zinc-50 font-medium dark:bg-zinc-800/50">
          <TotalHeader />
          <CountCells r={channel} quantiles={quantiles} />
        </Tr>
      </tfoot>
    </Table>
  );
}
