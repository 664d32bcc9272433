import 'server-only';
import { getJson } from './decode';
import type { NsqHttp } from './http';
import { isValidName } from './names';
import { type NsqdInfo, type NsqdStats, nsqdInfoSchema, nsqdStatsSchema } from './schemas';

export interface StatsQuery {
  topic?: string;
  channel?: string;
  /** nsqd defaults to true; clients are the costly part of /stats at scale */
  includeClients?: boolean;
  /** nsqd defaults to true; it makes nsqd run a stop-the-world runtime.ReadMemStats */
  includeMem?: boolean;
}

export function statsPath(q: StatsQuery = {}): string {
  const params = new URLSearchParams({ format: 'json' });
  if (q.topic !== undefined) params.set('topic', q.topic);
  if (q.topic !== undefined && q.channel !== undefined) params.set('channel', q.channel);
  params.set('include_clients', String(q.includeClients ?? false));
  params.set('include_mem', String(q.includeMem ?? false));
  return `/stats?${params}`;
}

/**
 * nsqd's /stats. Older nsqd ignore the topic/channel filters and answer with everything, so the
 * result is filtered here too (as nsqadmin's GetNSQDStats does). Names that break NSQ's rule are
 * left out, as the poller leaves them out (lib/nsq/poll-stats.ts): no real nsqd makes them.
 */
export async function getNsqdStats(http: NsqHttp, node: string, q: StatsQuery = {}): Promise<NsqdStats> {
  const stats = await getJson(http, node, statsPath(q), nsqdStatsSchema);
  const topics = stats.topics
    .filter((t) => isValidName(t.topic_name) && (q.topic === undefined || t.topic_name === q.topic))
    .map((t) => ({
      ...t,
      channels: t.channels.filter(
        (c) =>
          isValidName(c.channel_name) &&
          (q.topic === undefined || q.channel === undefined || c.channel_name === q.channel),
      ),
    }));
  return { ...stats, topics };
}

export function getNsqdInfo(http: NsqHttp, node: string): Promise<NsqdInfo> {
  return getJson(http, node, '/info', nsqdInfoSchema);
}

/** nsqd's /ping answers the text OK, or 500 with the health error when nsqd is unhealthy. */
export async function pingNsqd(http: NsqHttp, node: string): Promise<void> {
  await http.getText(node, '/ping');
}
