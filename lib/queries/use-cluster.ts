'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from '@/lib/api/client';
import type { ClusterSnapshot, TopicListItem } from '@/lib/cluster/types';
import { queryKeys } from './keys';
import { CLUSTER_REFETCH_MS } from './policy';

export type ClusterResponse = Omit<ClusterSnapshot, 'topics'> & {
  topics: TopicListItem[];
  age_ms: number;
  history_retention_ms: number;
};

export function useCluster() {
  return useQuery({
    queryKey: queryKeys.cluster(),
    queryFn: ({ signal }) => getJson<ClusterResponse>('/api/cluster', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    placeholderData: keepPreviousData,
  });
}
