'use client';
// nsqadmin's Nodes page (/nodes), with each node's health, poll latency and last error, and a
// summary when the cluster runs more than one nsqd version.
import Link from 'next/link';
import { useState } from 'react';
import { nodeHref, topicHref } from '@/components/links';
import { Badge } from '@/components/ui/badge';
import { EmptyState, ErrorState, Skeleton, UpstreamWarnings } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { LookupdSummary, NodeSummary, UpstreamErrorInfo } from '@/lib/cluster/types';
import { formatAge, formatCount, formatRate, messageWithText } from '@/lib/format';
import { useClusterNodes } from '@/lib/queries/hooks';
import { lookupdConns, versionSkew } from './node-helpers';

/** Topic labels shown per row before "show all": a node can carry thousands. */
const TOPIC_LABELS = 20;

export function NodesPage() {
  const { data, error, isPending } = useClusterNodes();
  if (isPending) {
    return (
      <>
        <h1 className="text-2xl font-semibold">NSQd Nodes</h1>
        <Skeleton label="Loading nodes" />
      </>
    );
  }
  if (!data) {
    return (
      <>
        <h1 className="text-2xl font-semibold">NSQd Nodes</h1>
        <ErrorState error={error} />
      </>
    );
  }
  const lookupdErrors = data.lookupds.flatMap((l): UpstreamErrorInfo[] => (l.error ? [l.error] : []));
  const showLookupd = data.mode === 'lookupd';
  // ages as of the poll, not the clock: the server's HTML and the hydrating browser render the same
  const now = data.taken_at;
  return (
    <>
      <h1 className="text-2xl font-semibold" data-testid="nodes-title">
        NSQd Nodes ({data.nodes.length})
      </h1>
      <UpstreamWarnings errors={lookupdErrors} />
      <VersionSkew nodes={data.nodes} />
      {data.nodes.length === 0 ? (
        <EmptyState>No nsqd nodes found.</EmptyState>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <Table data-testid="nodes-table">
            <thead>
              <tr>
                <Th>Hostname</Th>
                <Th>Broadcast Address</Th>
                <Th numeric>TCP Port</Th>
                <Th numeric>HTTP Port</Th>
                <Th>Version</Th>
                {showLookupd ? <Th>Lookupd Conns</Th> : null}
                <Th>Health</Th>
                <Th numeric>Poll</Th>
                <Th>Topics</Th>
                <Th numeric>msg/s</Th>
              </tr>
            </thead>
            <tbody>
              {data.nodes.map((n) => (
                <NodeRow key={n.node} n={n} lookupds={showLookupd ? data.lookupds : null} now={now} />
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </>
  );
}

function VersionSkew({ nodes }: { nodes: readonly NodeSummary[] }) {
  const groups = versionSkew(nodes);
  if (!groups) return null;
  return (
    <div
      data-testid="version-skew"
      className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-medium">nsqd versions differ across the cluster:</p>
      <ul className="mt-1 list-inside list-disc">
        {groups.map((g, i) => (
          <li key={g.version}>
            <span className="font-mono">{g.version}</span> on {g.nodes.length} {g.nodes.length === 1 ? 'node' : 'nodes'}
            {i > 0 ? ` (out of date): ${g.nodes.join(', ')}` : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NodeRow({ n, lookupds, now }: { n: NodeSummary; lookupds: readonly LookupdSummary[] | null; now: number }) {
  const down = n.status === 'down';
  // a node that never answered has no version, which the snapshot counts as out of date
  const outOfDate = n.out_of_date && n.version !== '';
  const rowTone = down ? 'bg-red-50 dark:bg-red-950/40' : outOfDate ? 'bg-amber-50 dark:bg-amber-950/40' : '';
  return (
    <Tr data-testid={down ? 'node-down' : 'node-row'} data-node={n.node} data-status={n.status} className={rowTone}>
      <Td data-testid="node-hostname">{n.hostname}</Td>
      <Td>
        <Link
          data-testid="node-link"
          href={nodeHref(n.node)}
          className="font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          {n.node.slice(0, n.node.lastIndexOf(':'))}
        </Link>
      </Td>
      <Td numeric data-testid="node-tcp-port">
        {n.tcp_port || '—'}
      </Td>
      <Td numeric data-testid="node-http-port">
        {n.http_port}
      </Td>
      <Td className="whitespace-nowrap">
        <span data-testid="node-version">{n.version || '—'}</span>
        {outOfDate ? (
          <Badge tone="warn" title="older than the newest nsqd version in the cluster">
            out of date
          </Badge>
        ) : null}
      </Td>
      {lookupds ? (
        <Td>
          <LookupdConnsCell n={n} lookupds={lookupds} />
        </Td>
      ) : null}
      <Td data-testid="node-health" className="max-w-md">
        <NodeHealth n={n} now={now} />
      </Td>
      <Td
        numeric
        data-testid="node-latency"
        className="whitespace-nowrap"
        title={n.error ? `${n.error.kind}: ${n.error.message}` : undefined}
      >
        {n.latency_ms === null ? '—' : `${formatCount(Math.round(n.latency_ms))} ms`}
      </Td>
      <Td>
        <TopicLabels n={n} />
      </Td>
      <Td numeric data-testid="node-rate">
        {formatRate(n.rates.message_rate)}
      </Td>
    </Tr>
  );
}

/**
 * nsqd's health line, or why the node has none: down with its error, or refused (never contacted:
 * outside --nsqd-allow), with what it answered when this caller may see it.
 */
export function NodeHealth({
  n,
  now,
}: {
  n: Pick<NodeSummary, 'status' | 'error' | 'health' | 'last_ok_at'>;
  now: number;
}) {
  if (n.status !== 'down') {
    return (
      <span className={n.health?.startsWith('OK') ? '' : 'font-medium text-red-700 dark:text-red-300'}>{n.health}</span>
    );
  }
  return (
    <>
      <span className="font-medium text-red-700 dark:text-red-300">
        {n.error?.kind === 'refused' ? 'refused' : 'down'}: {n.error ? messageWithText(n.error) : 'no answer'}
      </span>
      <div className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="node-last-seen">
        {n.last_ok_at === null ? 'never answered' : `last seen ${formatAge(now - n.last_ok_at)} ago`}
      </div>
    </>
  );
}

function LookupdConnsCell({ n, lookupds }: { n: NodeSummary; lookupds: readonly LookupdSummary[] }) {
  const c = lookupdConns(n, lookupds);
  const tone = c.complete
    ? 'border-zinc-300 text-zinc-700 dark:border-zinc-700 dark:text-zinc-300'
    : 'border-amber-400 bg-amber-100 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100';
  return (
    <details data-testid="node-lookupd-conns" data-complete={c.complete}>
      <summary
        className={`inline-block cursor-pointer rounded border px-1.5 py-0.5 text-xs font-medium tabular-nums ${tone}`}
        title={c.complete ? `listed by every nsqlookupd` : `not listed by ${c.missing.join(', ')}`}
      >
        {c.known} / {c.configured}
      </summary>
      <ul className="mt-1 space-y-0.5 text-xs">
        {n.remote_addresses.map((r) => (
          <li key={r} className="font-mono">
            {r}
          </li>
        ))}
        {c.missing.map((m) => (
          <li key={m} className="text-amber-800 dark:text-amber-200">
            not known by {m}
          </li>
        ))}
      </ul>
    </details>
  );
}

function TopicLabels({ n }: { n: NodeSummary }) {
  const [all, setAll] = useState(false);
  const shown = all ? n.topics : n.topics.slice(0, TOPIC_LABELS);
  return (
    <div className="flex flex-wrap items-center gap-1">
      {/* labels are lookupd's registrations, as in nsqadmin; nsqd's own count may lag them briefly */}
      <span
        data-testid="node-topic-count"
        title={n.topic_count !== n.topics.length ? `${n.topic_count} in this nsqd's /stats` : undefined}
        className="mr-1 rounded bg-zinc-800 px-1.5 py-0.5 text-xs font-semibold text-white tabular-nums dark:bg-zinc-200 dark:text-zinc-900"
      >
        {formatCount(n.topics.length)}
      </span>
      {shown.map((t) => (
        <Link
          key={t.topic}
          href={topicHref(t.topic)}
          data-testid="node-topic-label"
          data-topic={t.topic}
          data-tombstoned={t.tombstoned || undefined}
          title={t.tombstoned ? 'this topic is currently tombstoned on this node' : undefined}
          className={`rounded px-1.5 py-0.5 text-xs hover:underline ${
            t.tombstoned
              ? 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200'
              : 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200'
          }`}
        >
          {t.topic}
        </Link>
      ))}
      {n.topics.length > TOPIC_LABELS ? (
        <button type="button" onClick={() => setAll(!all)} className="text-xs text-sky-700 underline dark:text-sky-400">
          {all ? 'show fewer' : `show all ${formatCount(n.topics.length)}`}
        </button>
      ) : null}
    </div>
  );
}
