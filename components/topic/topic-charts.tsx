'use client';
// History of one topic: depth, publish rate, and the consume rate of its deepest channels. Each
// channel is one small query, so a topic with many channels charts only the deepest few.
import { type HistoryChart, HistorySection } from '@/components/charts/history-section';
import type { TopicSummary } from '@/lib/cluster/types';
import { chartedChannels } from './table-helpers';

export function TopicCharts({ topic }: { topic: TopicSummary }) {
  const charted = chartedChannels(topic).sort((a, b) => a.localeCompare(b));
  const name = topic.topic_name;
  const charts: HistoryChart[] = [
    {
      title: 'Depth',
      target: { topic: name },
      unit: 'count',
      testId: 'chart-topic-depth',
      series: [{ key: 'depth', label: 'topic depth' }, 'channel_depth'],
    },
    {
      title: 'Messages in',
      target: { topic: name },
      unit: 'rate',
      testId: 'chart-topic-rate',
      series: [{ key: 'message_rate', label: 'msg/s in' }],
    },
    ...charted.map(
      (c): HistoryChart => ({
        title: `Consumed: ${c}`,
        target: { topic: name, channel: c },
        unit: 'rate',
        testId: `chart-channel-${c}`,
        series: [
          { key: 'consume_rate', label: 'consumed/s' },
          { key: 'message_rate', label: 'msg/s in' },
        ],
      }),
    ),
  ];
  return (
    <HistorySection charts={charts}>
      {topic.channels.length > charted.length ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">
          Charting the {charted.length} deepest of {topic.channels.length} channels; open a channel for its own charts.
        </p>
      ) : null}
    </HistorySection>
  );
}
