'use client';

import Link from 'next/link';
import { ALERT_ROW, AlertBadges, useChannelAlerts } from '@/components/alerts/alert-badges';
import { channelHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import { estimateDrain } from '@/lib/cluster/drain';
import type { BacklogRow } from '@/lib/cluster/types';
import { formatCount, formatRate, formatSeconds } from '@/lib/format';
import { useBacklog } from '@/lib/queries/hooks';

export function drainLabel(r: Pick<BacklogRow, 'depth' | 'consume_rate' | 'message_rate'>): string {
  const d = estimateDrain(r.depth, r.consume_rate, r.message_rate);
  if (d.state === 'draining') return `drains in ${formatSeconds(d.seconds)}`;
  if (d.state === 'not-draining') return 'not draining';
  if (d.state === 'empty') return 'empty';
  return '—';
}

function BacklogTable({ rows, testId }: { rows: BacklogRow[]; testId: string }) {
  const alertsOf = useChannelAlerts();
  if (rows.length === 0) return <EmptyState>None.</EmptyState>;
  return (
    <Table data-testid={testId}>
      <thead>
        <tr>
          <Th>Channel</Th>
          <Th numeric>Depth</Th>
          <Th numeric>In</Th>
          <Th numeric>Out</Th>
          <Th numeric>Consumers</Th>
          <Th>Time to drain</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const alerts = alertsOf(r.topic, r.channel);
          return (
            <Tr
              key={`${r.topic}/${r.channel}`}
              data-testid="backlog-row"
              data-topic={r.topic}
              data-channel={r.channel}
              data-alert={alerts.length > 0 ? 'firing' : undefined}
              className={alerts.length > 0 ? ALERT_ROW : undefined}
            >
              <Td>
                <Link href={channelHref(r.topic, r.channel)} className="underline-offset-2 hover:underline">
                  {r.topic} / {r.channel}
                </Link>
                {r.paused ? <Badge tone="warn">paused</Badge> : null}
                <AlertBadges alerts={alerts} />
              </Td>
              <Td numeric>{formatCount(r.depth)}</Td>
              <Td numeric>{formatRate(r.message_rate)}</Td>
              <Td numeric>{formatRate(r.consume_rate)}</Td>
              <Td numeric>{r.client_count === 0 ? <Badge tone="danger">none</Badge> : r.client_count}</Td>
              <Td data-testid="drain">{drainLabel(r)}</Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}

export function Backlogs() {
  const { data, error, isPending } = useBacklog();
  if (isPending) return <Skeleton height={200} label="Loading backlogs" />;
  if (!data) return <ErrorState error={error} />;
  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <Card title="Largest backlogs">
        <BacklogTable rows={data.largest} testId="largest-backlogs" />
      </Card>
      <Card title="Fastest-growing backlogs">
        <BacklogTable rows={data.growing} testId="growing-backlogs" />
      </Card>
    </div>
  );
}
