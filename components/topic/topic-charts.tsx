'use client';
// History of one topic: depth, publish rate, and the consume rate of its deepest channels. Each
// channel is one small query, so a topic with many channels charts only the deepest few.
import { HistoryCard } from '@/components/charts/history-card';
import { WindowSelect } from '@/components/charts/window-select';
import type { TopicSummary } from '@/lib/cluster/types';
import { chartedChannels } from './table-helpers';

const COLORS = { depth: '#0284c7', channelDepth: '#d97706', in: '#7c3aed', consumed: '#059669' } as const;

export function TopicCharts({ topic }: { topic: TopicSummary }) {
  const charted = chartedChannels(topic).sort((a, b) => a.localeCompare(b));
  const name = topic.topic_name;
  return (
    <section aria-labelledby="topic-history" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="topic-history" className="text-lg font-semibold">
          History
        </h2>
        <WindowSelect />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <HistoryCard
          title="Depth"
          target={{ topic: name }}
          unit="count"
          testId="chart-topic-depth"
          series={[
            { key: 'depth', label: 'topic depth', color: COLORS.depth },
            { key: 'channel_depth', label: 'channel depth', color: COLORS.channelDepth },
          ]}
        />
        <HistoryCard
          title="Messages in"
          target={{ topic: name }}
          unit="rate"
          testId="chart-topic-rate"
          series={[{ key: 'message_rate', label: 'msg/s in', color: COLORS.in }]}
        />
        {charted.map((c) => (
          <HistoryCard
            key={c}
            title={`Consumed: ${c}`}
            target={{ topic: name, channel: c }}
            unit="rate"
            testId={`chart-channel-${c}`}
            series={[
              { key: 'consume_rate', label: 'consumed/s', color: COLORS.consumed },
              { key: 'message_rate', label: 'msg/s in', color: COLORS.in },
            ]}
          />
        ))}
      </div>
      {topic.channels.length > charted.length ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          Charting the {charted.length} deepest of {topic.channels.length} channels; open a channel for its own charts.
        </p>
      ) : null}
    </section>
  );
}
