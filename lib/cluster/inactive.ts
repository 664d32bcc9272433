import 'server-only';
// nsqadmin's GET /api/topics?inactive=true: topics registered in nsqlookupd that no lookupd lists an
// active (untombstoned) producer for, with their registered channels. Channels are asked only for
// those topics, on demand, not in every poll, and once per snapshot (InactiveTopicsCache): the route
// answers anyone, and each call costs one request per lookupd and inactive topic.
import pLimit from 'p-limit';
import { errorInfo, type NsqHttp, type UpstreamErrorInfo } from '../nsq/http';
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

export interface InactiveTopics {
  /** topic name → its channels registered in any lookupd */
  topics: Record<string, string[]>;
  /** the lookupds that did not answer for some topic */
  errors: UpstreamErrorInfo[];
}

export async function inactiveTopics(
  http: NsqHttp,
  snap: ClusterSnapshot,
  lookupds: readonly string[],
): Promise<InactiveTopics> {
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
              (list) => {
                for (const c of list) channels.add(c);
              },
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

/**
 * The answer for the latest snapshot and lookupd list, asked once and shared by every caller, the
 * concurrent ones included, until either changes. An action settles with a fresh poll, so what it
 * changed in lookupd is asked again.
 */
export class InactiveTopicsCache {
  private last: { snap: ClusterSnapshot; lookupds: string; answer: Promise<InactiveTopics> } | null = null;

  constructor(private readonly http: NsqHttp) {}

  get(snap: ClusterSnapshot, lookupds: readonly string[]): Promise<InactiveTopics> {
    const key = lookupds.join(',');
    if (this.last?.snap === snap && this.last.lookupds === key) return this.last.answer;
    const entry = { snap, lookupds: key, answer: inactiveTopics(this.http, snap, lookupds) };
    this.last = entry;
    // lookupd failures are part of the answer; a rejection is a bug, and not served again
    entry.answer.catch(() => {
      if (this.last === entry) this.last = null;
    });
    return entry.answer;
  }
}
