// The one query-key factory: every key starts with the resource it reads, so invalidating a
// resource invalidates everything below it.
export const queryKeys = {
  all: ['nsq'] as const,
  cluster: () => [...queryKeys.all, 'cluster'] as const,
  history: (q: { topic?: string; channel?: string; node?: string; window: string }) =>
    [...queryKeys.all, 'history', q] as const,
};
