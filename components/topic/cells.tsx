// Pieces the topic, channel and node pages share: the node host cell, the channel link, nsqadmin's
// queue and e2e percentile columns, the row of a node that is down, the breadcrumb and the "not
// found" state. NSQ strings are rendered as text.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { channelHref, nodeHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { Td, Th, Tr } from '@/components/ui/table';
import type { ChannelCounts, E2eAggregate } from '@/lib/cluster/types';
import { formatCount, formatQuantile } from '@/lib/format';
import { type DownNode, memoryDisk, nodeHostLabel, percentileCell } from './table-helpers';

export function NodeHost({ node, hostname, paused }: { node: string; hostname: string; paused?: boolean }) {
  const { label, broadcast } = nodeHostLabel(node, hostname);
  return (
    <>
      <Link href={nodeHref(node)} className="text-sky-700 hover:underline dark:text-sky-400">
        {label}
      </Link>
      {broadcast ? <span className="ml-1 text-zinc-600 dark:text-zinc-400">({broadcast})</span> : null}
      {paused ? <Badge tone="warn">paused</Badge> : null}
    </>
  );
}

export function PercentileHeaders({ quantiles }: { quantiles: readonly number[] }) {
  return quantiles.map((q) => (
    <Th key={q} numeric title={`End-to-end processing latency, ${formatQuantile(q)} (hover a value for min and max)`}>
      E2E {formatQuantile(q)}
    </Th>
  ));
}

export function PercentileCells({ e2e, quantiles }: { e2e: E2eAggregate; quantiles: readonly number[] }) {
  return quantiles.map((q) => {
    const cell = percentileCell(e2e, q);
    return (
      <Td key={q} numeric title={cell?.title} data-testid={`e2e-${formatQuantile(q)}`}>
        {cell?.text ?? '—'}
      </Td>
    );
  });
}

/**
 * A node that should have data here but did not answer: a row of its own, never silently missing.
 * `action`: the row's last cell, where the table has an Actions column (null: an empty one).
 */
export function DownNodeRow({ down, columns, action }: { down: DownNode; columns: number; action?: ReactNode }) {
  const withAction = action !== undefined;
  return (
    <Tr data-testid="node-down" data-node={down.node} className="bg-red-50 dark:bg-red-950/40">
      <Td>
        <NodeHost node={down.node} hostname={down.hostname} />
        <Badge tone="danger">down</Badge>
      </Td>
      <Td colSpan={columns - (withAction ? 2 : 1)} className="text-red-800 dark:text-red-200">
        no data from this node: {down.message}
      </Td>
      {withAction ? <Td>{action}</Td> : null}
    </Tr>
  );
}

export function Breadcrumb({ items }: { items: readonly { label: string; href?: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-zinc-600 dark:text-zinc-400">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((it, i) => (
          <li key={`${it.href ?? ''}|${it.label}`} className="flex items-center gap-1">
            {i > 0 ? <span aria-hidden="true">›</span> : null}
            {it.href ? (
              <Link href={it.href} className="text-sky-700 hover:underline dark:text-sky-400">
                {it.label}
              </Link>
            ) : (
              <span aria-current="page" className="font-medium text-zinc-900 dark:text-zinc-100">
                {it.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function PageTitle({ kind, name, children }: { kind: string; name: string; children?: ReactNode }) {
  return (
    <h1 className="text-2xl font-semibold break-all">
      <span className="mr-2 font-normal text-zinc-500 dark:text-zinc-400">{kind}</span>
      <span data-testid="page-name">{name}</span>
      {children}
    </h1>
  );
}

export function NotFound({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section
      data-testid="not-found"
      className="rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{children}</p>
    </section>
  );
}

/** Whether a query failed because the API said 404 (the topic or channel is not in the cluster). */
export function isNotFound(error: unknown): boolean {
  return (error as { status?: number } | null)?.status === 404;
}

/** The first cell of a Total row: a row header, without the column header's rule. */
export function TotalHeader() {
  return (
    <th scope="row" className="px-3 py-1.5 text-left font-medium">
      Total
    </th>
  );
}

type QueueCounts = Omit<ChannelCounts, 'client_count' | 'paused' | 'e2e_processing_latency'>;

/** The headers of QueueCountCells' columns. */
export const QUEUE_COUNT_HEADERS = [
  'Depth',
  'Memory + Disk',
  'In-Flight',
  'Deferred',
  'Requeued',
  'Timed Out',
  'Messages',
] as const;

/** Numeric column headers. */
export function NumericHeaders({ names }: { names: readonly string[] }) {
  return names.map((h) => (
    <Th key={h} numeric>
      {h}
    </Th>
  ));
}

/**
 * nsqadmin's queue columns, in its order: Depth, Memory + Disk, In-Flight, Deferred, Requeued, Timed Out, Messages.
 * `testIdPrefix`: before each cell's test id, where a page has other tables with the same ids.
 */
export function QueueCountCells({ r, testIdPrefix = '' }: { r: QueueCounts; testIdPrefix?: string }) {
  const cells: [string, string][] = [
    ['depth', formatCount(r.depth)],
    ['memory-disk', memoryDisk(r)],
    ['in-flight', formatCount(r.in_flight_count)],
    ['deferred', formatCount(r.deferred_count)],
    ['requeued', formatCount(r.requeue_count)],
    ['timed-out', formatCount(r.timeout_count)],
    ['messages', formatCount(r.message_count)],
  ];
  return cells.map(([id, text]) => <CountCell key={id} testId={`${testIdPrefix}${id}`} text={text} />);
}

/** A right-aligned number with its test id. */
export function CountCell({ testId, text }: { testId: string; text: string }) {
  return (
    <Td numeric data-testid={testId}>
      {text}
    </Td>
  );
}

/** A link to a channel's page, with its paused and ephemeral badges. */
export function ChannelLink({
  topic,
  channel,
  paused,
  pausedTitle,
  ephemeral,
}: {
  topic: string;
  channel: string;
  paused: boolean;
  /** what "paused" means here (on this node, or on some node) */
  pausedTitle?: string;
  ephemeral?: boolean;
}) {
  return (
    <>
      <Link href={channelHref(topic, channel)} className="text-sky-700 hover:underline dark:text-sky-400">
        {channel}
      </Link>
      {paused ? (
        <Badge tone="warn" title={pausedTitle}>
          paused
        </Badge>
      ) : null}
      {ephemeral ? <Badge tone="info">ephemeral</Badge> : null}
    </>
  );
}
