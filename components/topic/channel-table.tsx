// nsqadmin's "Channel Message Queues", plus what graphite used to give: msg/s in, consumed/s and how
// long each backlog takes to drain.
import { ALERT_ROW, AlertBadges, useChannelAlerts } from '@/components/alerts/alert-badges';
import { EmptyState } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { TopicSummary } from '@/lib/cluster/types';
import { formatCount, formatRate } from '@/lib/format';
import {
  ChannelLink,
  CountCell,
  NumericHeaders,
  PercentileCells,
  PercentileHeaders,
  QUEUE_COUNT_HEADERS,
  QueueCountCells,
  TotalHeader,
} from './cells';
import { channelDrain, channelTotals, drainLabel } from './table-helpers';

/** Connections, msg/s in and consumed/s. */
function FlowCells({
  clients,
  rates,
}: {
  clients: number;
  rates: { message_rate: number | null; consume_rate: number | null };
}) {
  return (
    <>
      <CountCell testId="connections" text={formatCount(clients)} />
      <CountCell testId="message-rate" text={formatRate(rates.message_rate)} />
      <CountCell testId="consume-rate" text={formatRate(rates.consume_rate)} />
    </>
  );
}

export function ChannelTable({ topic, quantiles }: { topic: TopicSummary; quantiles: readonly number[] }) {
  const alertsOf = useChannelAlerts();
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
          <NumericHeaders names={[...QUEUE_COUNT_HEADERS, 'Connections', 'msg/s in', 'consumed/s']} />
          <Th>Time to drain</Th>
          <PercentileHeaders quantiles={quantiles} />
        </tr>
      </thead>
      <tbody>
        {topic.channels.map((c) => {
          const drain = channelDrain(c);
          const alerts = alertsOf(topic.topic_name, c.channel_name);
          return (
            <Tr
              key={c.channel_name}
              data-testid="channel-row"
              data-channel={c.channel_name}
              data-alert={alerts.length > 0 ? 'firing' : undefined}
              className={alerts.length > 0 ? ALERT_ROW : undefined}
            >
              <Td>
                <ChannelLink
                  topic={topic.topic_name}
                  channel={c.channel_name}
                  paused={c.paused}
                  ephemeral={c.ephemeral}
                />
                <AlertBadges alerts={alerts} />
              </Td>
              <QueueCountCells r={c} />
              <FlowCells clients={c.client_count} rates={c.rates} />
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
          <FlowCells clients={total.client_count} rates={total} />
          <Td />
          {quantiles.map((q) => (
            <Td key={q} />
          ))}
        </Tr>
      </tfoot>
    </Table>
  );
}
