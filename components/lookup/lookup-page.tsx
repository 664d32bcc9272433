'use client';
import Link from 'next/link';
// nsqadmin's Lookup page (/lookup): the configured nsqlookupd with their health, where they
// disagree, and the inactive topics and channels they still hold; create a topic, delete inactive ones.
import type { ReactNode } from 'react';
import { channelHref, topicHref } from '@/components/links';
import { Card } from '@/components/ui/card';
import { EmptyState, ErrorState, Skeleton } from '@/components/ui/states';
import { Table, Td, Th, Tr } from '@/components/ui/table';
import type { ClusterResponse } from '@/lib/api/read-api';
import { lookupdDifferences } from '@/lib/cluster/lookupd-diff';
import type { LookupdSummary } from '@/lib/cluster/types';
import { formatCount } from '@/lib/format';
import { useCluster, useInactiveTopics } from '@/lib/queries/hooks';
import { CreateTopicForm, InactiveDelete } from './lookup-actions';

const TITLE = 'nsqlookupd';

export function LookupPage() {
  const { data, error, isPending } = useCluster();
  if (isPending) {
    return (
      <>
        <h1 className="text-2xl font-semibold">{TITLE}</h1>
        <Skeleton label="Loading nsqlookupd" />
      </>
    );
  }
  if (!data) {
    return (
      <>
        <h1 className="text-2xl font-semibold">{TITLE}</h1>
        <ErrorState error={error} />
      </>
    );
  }
  return (
    <>
      <h1 className="text-2xl font-semibold">{TITLE}</h1>
      {data.mode === 'nsqd' || data.lookupds.length === 0 ? (
        <p
          data-testid="lookup-not-configured"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          nsq-console is configured with nsqd addresses, not nsqlookupd.
        </p>
      ) : (
        <>
          <LookupdTable lookupds={data.lookupds} />
          <Differences data={data} />
        </>
      )}
      <CreateTopicForm mode={data.mode === 'nsqd' || data.lookupds.length === 0 ? 'nsqd' : 'lookupd'} />
      {data.mode === 'nsqd' || data.lookupds.length === 0 ? null : <InactiveTopics />}
    </>
  );
}

function LookupdTable({ lookupds }: { lookupds: readonly LookupdSummary[] }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <Table data-testid="lookupd-table">
        <thead>
          <tr>
            <Th>nsqlookupd Host</Th>
            <Th>Status</Th>
            <Th>Version</Th>
            <Th numeric>Latency</Th>
            <Th numeric>Nodes</Th>
            <Th numeric>Topics</Th>
          </tr>
        </thead>
        <tbody>
          {lookupds.map((l) => (
            <Tr
              key={l.address}
              data-testid="lookupd-row"
              data-lookupd={l.address}
              data-status={l.status}
              className={l.status === 'down' ? 'bg-red-50 dark:bg-red-950/40' : ''}
            >
              <Td className="font-mono">{l.address}</Td>
              <Td data-testid="lookupd-status">
                {l.status === 'up' ? (
                  <span className="font-medium text-emerald-700 dark:text-emerald-400">up</span>
                ) : (
                  <span className="font-medium text-red-700 dark:text-red-300">
                    down: {l.error ? `${l.error.kind}: ${l.error.message}` : 'no answer'}
                  </span>
                )}
              </Td>
              <Td data-testid="lookupd-version">{l.version ?? '—'}</Td>
              <Td numeric data-testid="lookupd-latency">
                {l.latency_ms === null ? '—' : `${formatCount(Math.round(l.latency_ms))} ms`}
              </Td>
              <Td numeric data-testid="lookupd-node-count">
                {l.status === 'up' ? formatCount(l.node_count) : '—'}
              </Td>
              <Td numeric data-testid="lookupd-topic-count">
                {l.status === 'up' ? formatCount(l.topic_count) : '—'}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

function Differences({ data }: { data: ClusterResponse }) {
  const d = lookupdDifferences(data.lookupds, data.nodes);
  let body: ReactNode;
  if (d.compared.length < 2) {
    body = (
      <p data-testid="lookupd-agree" className="text-sm text-zinc-600 dark:text-zinc-400">
        {data.lookupds.length === 1
          ? 'One nsqlookupd is configured: there is nothing to compare it with.'
          : `Fewer than two nsqlookupd answered (${d.unreachable.join(', ')} did not): they cannot be compared now.`}
      </p>
    );
  } else if (d.agree) {
    body = (
      <p data-testid="lookupd-agree" className="text-sm">
        Every nsqlookupd that answered lists the same{' '}
        {formatCount(data.nodes.filter((n) => n.lookupds.length > 0).length)} nodes and the same number of topics.
        {d.unreachable.length > 0 ? ` ${d.unreachable.join(', ')} did not answer.` : null}
      </p>
    );
  } else {
    body = (
      <ul data-testid="lookupd-differences" className="list-inside list-disc space-y-1 text-sm">
        {d.missingNodes.map((m) => (
          <li key={m.node} data-testid="lookupd-missing-node" data-node={m.node}>
            <span className="font-mono">{m.node}</span> is not registered with {m.missingFrom.join(', ')}
          </li>
        ))}
        {d.nodeCounts ? (
          <li>
            Node counts differ: {d.nodeCounts.map((c) => `${c.address} lists ${formatCount(c.count)}`).join(', ')}
          </li>
        ) : null}
        {d.topicCounts ? (
          <li data-testid="lookupd-topic-counts">
            Topic counts differ: {d.topicCounts.map((c) => `${c.address} lists ${formatCount(c.count)}`).join(', ')}
          </li>
        ) : null}
        {d.unreachable.length > 0 ? <li>{d.unreachable.join(', ')} did not answer and is not compared.</li> : null}
      </ul>
    );
  }
  return <Card title="Agreement between nsqlookupd">{body}</Card>;
}

function InactiveTopics() {
  const { data, error, isPending } = useInactiveTopics();
  const names = data ? Object.keys(data.topics).sort() : [];
  return (
    <Card title="Inactive topics" testId="inactive-topics">
      <p className="mb-3 rounded border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
        Below is a tree of Topics/Channels that are currently inactive (i.e. not produced on any nsqd in the cluster but
        are present in the lookup data).
      </p>
      {data?.message ? (
        <p
          role="alert"
          className="mb-3 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          {data.message}
        </p>
      ) : null}
      {isPending ? (
        <Skeleton height={80} label="Loading inactive topics" />
      ) : !data ? (
        <ErrorState error={error} />
      ) : names.length === 0 ? (
        <div data-testid="inactive-empty">
          <EmptyState>No inactive topics</EmptyState>
        </div>
      ) : (
        <ul className="space-y-1 text-sm">
          {names.map((t) => (
            <li key={t} data-testid="inactive-topic" data-topic={t}>
              <Link href={topicHref(t)} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                {t}
              </Link>
              <InactiveDelete topic={t} />
              {(data.topics[t] ?? []).length > 0 ? (
                <ul className="ml-6 list-disc">
                  {[...(data.topics[t] ?? [])].sort().map((c) => (
                    <li key={c} data-testid="inactive-channel" data-channel={c}>
                      <Link href={channelHref(t, c)} className="text-sky-700 hover:underline dark:text-sky-400">
                        {c}
                      </Link>
                      <InactiveDelete topic={t} channel={c} />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
