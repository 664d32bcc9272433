'use client';

import { formatAge, formatCount, formatRate } from '@/lib/format';
import { useCluster } from '@/lib/queries/hooks';

const th = 'px-3 py-2 text-left font-medium text-zinc-500';
const td = 'px-3 py-1.5 tabular-nums';

export function ClusterOverview() {
  const { data, error, isPending } = useCluster();

  if (isPending) return <p className="p-6 text-zinc-500">Loading cluster…</p>;
  if (!data) {
    return (
      <p role="alert" className="p-6 text-red-600">
        {error?.message ?? 'No data'}
      </p>
    );
  }

  return (
    <div className="space-y-8 p-6">
      <header className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">nsq-console</h1>
        <p data-testid="freshness" className="text-sm text-zinc-500">
          {error ? <span className="text-red-600">disconnected: {error.message} · </span> : null}
          updated {formatAge(data.age_ms)} ago · poll {data.poll_duration_ms} ms
        </p>
      </header>

      {data.errors.length > 0 ? (
        <ul role="alert" className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {data.errors.map((e) => (
            <li key={`${e.node}:${e.message}`}>
              {e.node}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}

      <section>
        <h2 className="mb-2 text-lg font-semibold">
          Nodes ({data.totals.nodes_up} up, {data.totals.nodes_down} down)
        </h2>
        <table data-testid="nodes-table" className="w-full text-sm">
          <thead>
            <tr>
              <th className={th}>Node</th>
              <th className={th}>Hostname</th>
              <th className={th}>Version</th>
              <th className={th}>Status</th>
              <th className={th}>Topics</th>
              <th className={th}>msg/s in</th>
              <th className={th}>Poll latency</th>
            </tr>
          </thead>
          <tbody>
            {data.nodes.map((n) => (
              <tr key={n.node} data-testid="node-row" data-node={n.node} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className={td}>{n.node}</td>
                <td className={td}>{n.hostname}</td>
                <td className={td}>{n.version}</td>
                <td className={td} data-testid="node-status">
                  {n.status === 'up' ? n.health : <span className="text-red-600">down: {n.error?.message}</span>}
                </td>
                <td className={td}>{n.topic_count}</td>
                <td className={td}>{formatRate(n.rates.message_rate)}</td>
                <td className={td}>{n.latency_ms === null ? '—' : `${n.latency_ms} ms`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h2 className="mb-2 text-lg font-semibold">Topics ({data.totals.topics})</h2>
        <table data-testid="topics-table" className="w-full text-sm">
          <thead>
            <tr>
              <th className={th}>Topic</th>
              <th className={th}>Depth</th>
              <th className={th}>Channel depth</th>
              <th className={th}>In-flight</th>
              <th className={th}>Messages</th>
              <th className={th}>msg/s in</th>
              <th className={th}>Channels</th>
              <th className={th}>Clients</th>
            </tr>
          </thead>
          <tbody>
            {data.topics.map((t) => (
              <tr key={t.topic_name} data-testid="topic-row" data-topic={t.topic_name} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className={td}>
                  {t.topic_name}
                  {t.paused ? <span className="ml-2 rounded bg-amber-200 px-1 text-xs text-amber-900">paused</span> : null}
                </td>
                <td className={td}>{formatCount(t.depth)}</td>
                <td className={td} data-testid="topic-channel-depth">{formatCount(t.channel_depth)}</td>
                <td className={td}>{formatCount(t.in_flight_count)}</td>
                <td className={td}>{formatCount(t.message_count)}</td>
                <td className={td}>{formatRate(t.rates.message_rate)}</td>
                <td className={td}>{t.channel_count}</td>
                <td className={td}>{t.client_count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
