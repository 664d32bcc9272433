// nsqadmin's "Channel Message Queues", plus what graphite used to give: msg/s in, consumed/s and how
// long each backlog takes to drain.
import Link from 'next/link';
import { channelHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { TopicSummary } from '@/lib/cluster/types';
import { formatCount, formatRate } from '@/lib/format';
import { PercentileCells, PercentileHeaders, QueueCountCells, TotalHeader } from './cells';
import { channelDrain, channelTotals, drainLabel } from './table-helpers';

export function ChannelTable({ topic, quantiles }: { topic: TopicSummary; quantiles: readonly number[] }) {
  if (topic.channels.length === 0) {
    return (
      <EmptyState>
        No channels exist for this topic. Messages will queue at the topic until a channel is created.
      </EmptyState>
    );
  }
  const total = channelTotals(topic.channels);
  return (
    <Table data-testid="channel-table">
      <caption className="sr-only">Channels of topic {topic.topic_name}, summed over nodes</caption>
      <thead>
        <tr>
          <Th>Channel</Th>
          <Th numeric>Depth</Th>
          <Th numeric>Memory + Disk</Th>
          <Th numeric>In-Flight</Th>
          <Th numeric>Deferred</Th>
          <Th numeric>Requeued</Th>
          <Th numeric>Timed Out</Th>
          <Th numeric>Messages</Th>
          <Th numeric>Connections</Th>
          <Th numeric>msg/s in</Th>
          <Th numeric>consumed/s</Th>
          <Th>Time to drain</Th>
          <PercentileHeaders quantiles={quantiles} />
        </tr>
      </thead>
      <tbody>
        {topic.channels.map((c) => {
          const drain = channelDrain(c);
          return (
            <Tr key={c.channel_name} data-testid="channel-row" data-channel={c.channel_name}>
              <Td>
                <Link
                  href={channelHref(topic.topic_name, c.channel_name)}
                  className="text-sky-700 hover:underline dark:text-sky-400"
                >
                  {c.channel_name}
                </Link>
                {c.paused ? <Badge tone="warn">paused</Badge> : null}
                {c.ephemeral ? <Badge tone="info">ephemeral</Badge> : null}
              </Td>
              <QueueCountCells r={c} />
              <Td numeric data-testid="connections">
                {formatCount(c.client_count)}
              </Td>
              <Td numeric data-testid="message-rate">
                {formatRate(c.rates.message_rate)}
              </Td>
              <Td numeric data-testid="consume-rate">
                {formatRate(c.rates.consume_rate)}
              </Td>
              <Td
                data-testid="drain"
                data-state={drain.state}
                className={
                  drain.state === 'not-draining'
                    ? 'whitespace-nowrap text-amber-700 dark:text-amber-400'
                    : 'whitespace-nowrap'
                }
              >
                {drainLabel(drain)}
              </Td>
              <PercentileCells e2e={c.e2e_processing_latency} quantiles={quantiles} />
            </Tr>
          );
        })}
      </tbody>
      <tfoot>
        <Tr data-testid="total-row" className="bg-zinc-50 font-medium dark:bg-zinc-800/50">
          <TotalHeader />
          <QueueCountCells r={total} />
          <Td numeric data-testid="connections">
            {formatCount(total.client_count)}
          </Td>
          <Td numeric data-testid="message-rate">
            {formatRate(total.message_rate)}
          </Td>
          <Td numeric data-testid="consume-rate">
            {formatRate(total.consume_rate)}
          </Td>
          <Td />
          {quantiles.map((q) => (
            <Td key={q} />
          ))}
        </Tr>
      </tfoot>
    </Table>
  );
}
