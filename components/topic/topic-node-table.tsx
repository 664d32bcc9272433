// nsqadmin's "Topic Message Queue": one row per nsqd, a Total row, and a row for each node that is down.
import type { ReactNode } from 'react';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { TopicWithNodes } from '@/lib/cluster/types';
import { formatCount, formatRate } from '@/lib/format';
import { DownNodeRow, NodeHost, PercentileCells, PercentileHeaders, TotalHeader } from './cells';
import { type DownNode, memoryDisk } from './table-helpers';

export function TopicNodeTable({
  topic,
  down,
  quantiles,
  rowAction,
}: {
  topic: TopicWithNodes;
  down: readonly DownNode[];
  quantiles: readonly number[];
  /**
   * a last "Actions" column (the per-node tombstone), when the caller may see actions; a down node has
   * it only while a lookupd still lists the node, since a tombstone is lookupd's
   */
  rowAction?: (node: string, down: boolean) => ReactNode;
}) {
  const nodes = [...topic.nodes].sort((a, b) => a.hostname.localeCompare(b.hostname) || a.node.localeCompare(b.node));
  const columns = 6 + quantiles.length + (rowAction ? 1 : 0);
  return (
    <Table data-testid="topic-node-table">
      <caption className="sr-only">Topic {topic.topic_name} per nsqd node</caption>
      <thead>
        <tr>
          <Th>NSQd Host</Th>
          <Th numeric>Depth</Th>
          <Th numeric>Memory + Disk</Th>
          <Th numeric>Messages</Th>
          <Th numeric>msg/s</Th>
          <Th numeric>Channels</Th>
          <PercentileHeaders quantiles={quantiles} />
          {rowAction ? <Th>Actions</Th> : null}
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <Tr key={n.node} data-testid="node-row" data-node={n.node}>
            <Td>
              <NodeHost node={n.node} hostname={n.hostname} paused={n.paused} />
            </Td>
            <Td numeric data-testid="depth">
              {formatCount(n.depth)}
            </Td>
            <Td numeric data-testid="memory-disk">
              {memoryDisk(n)}
            </Td>
            <Td numeric data-testid="messages">
              {formatCount(n.message_count)}
            </Td>
            <Td numeric data-testid="message-rate">
              {formatRate(n.rates.message_rate)}
            </Td>
            <Td numeric data-testid="channels">
              {formatCount(n.channel_count)}
            </Td>
            <PercentileCells e2e={n.e2e_processing_latency} quantiles={quantiles} />
            {rowAction ? <Td>{rowAction(n.node, false)}</Td> : null}
          </Tr>
        ))}
        {down.map((d) => (
          <DownNodeRow
            key={d.node}
            down={d}
            columns={columns}
            action={rowAction ? (d.listed ? rowAction(d.node, true) : null) : undefined}
          />
        ))}
      </tbody>
      <tfoot>
        <Tr data-testid="total-row" className="bg-zinc-50 font-medium dark:bg-zinc-800/50">
          <TotalHeader />
          <Td numeric data-testid="depth">
            {formatCount(topic.depth)}
          </Td>
          <Td numeric data-testid="memory-disk">
            {memoryDisk(topic)}
          </Td>
          <Td numeric data-testid="messages">
            {formatCount(topic.message_count)}
          </Td>
          <Td numeric data-testid="message-rate">
            {formatRate(topic.rates.message_rate)}
          </Td>
          <Td numeric data-testid="channels">
            {formatCount(topic.channel_count)}
          </Td>
          <PercentileCells e2e={topic.e2e_processing_latency} quantiles={quantiles} />
          {rowAction ? <Td /> : null}
        </Tr>
      </tfoot>
    </Table>
  );
}
