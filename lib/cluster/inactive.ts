import 'server-only';
// nsqadmin's GET /api/topics?inactive=true: topics registered in nsqlookupd that no lookupd lists an
// active (untombstoned) producer for, with their registered channels. Channels are asked only for
// those topics, on demand, not in every poll.
import pLimit from 'p-limit';
import { type NsqHttp, type UpstreamErrorInfo, errorInfo } from '../nsq/http';
import { getLookupdChannels } from '../nsq/lookupd';
import type { ClusterSnapshot } from './types';

const LOOKUPD_CONCURRENCY = 8;

export function inactiveTopicNames(snap: ClusterSnapshot): string[] {
  const active = new Set<string>();
  // a node no lookupd lists any more (kept while it may come back) produces nothing for lookupd
  for (const n of snap.nodes) {
    if (n.lookupds.length === 0) continue;
    for (const r of n.topics) if (!r.tombstoned) active.add(r.topic);
  }
  return snap.topics.filter((t) => t.in_lookupd && !active.has(t.topic_name)).map((t) => t.topic_name);
}

export async function inactiveTopics(
  http: NsqHttp,
  snap: ClusterSnapshot,
  lookupds: readonly string[],
): Promise<{ topics: Record<string, string[]>; errors: UpstreamErrorInfo[] }> {
  const topics: Record<string, string[]> = {};
  const errors: UpstreamErrorInfo[] = [];
  if (snap.mode !== 'lookupd') return { topics, errors };
  const limit = pLimit(LOOKUPD_CONCURRENCY);
  await Promise.all(
    inactiveTopicNames(snap).map((topic) =>
      limit(async () => {
        const channels = new Set<string>();
        await Promise.all(
          lookupds.map((l) =>
            getLookupdChannels(http, l, topic).then(
              (list) => list.forEach((c) => channels.add(c)),
              (e: unknown) => errors.push(errorInfo(e, l)),
            ),
          ),
        );
        topics[topic] = [...channels].sort();
      }),
    ),
  );
  return { topics, errors };
}
