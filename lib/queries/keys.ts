// The one query-key factory: every key starts with the resource it reads, so invalidating a
// resource invalidates everything below it.
export interface HistoryParams {
  topic?: string;
  channel?: string;
  node?: string;
  window: string;
}

/** whose events: a topic (with its channels), a channel (with its topic's own), a node, or all ({}) */
export interface EventTarget {
  topic?: string;
  channel?: string;
  node?: string;
}

export const queryKeys = {
  all: ['nsq'] as const,
  cluster: () => [...queryKeys.all, 'cluster'] as const,
  topicList: () => [...queryKeys.cluster(), 'topic-list'] as const,
  clusterNodes: () => [...queryKeys.cluster(), 'nodes'] as const,
  topic: (topic: string) => [...queryKeys.cluster(), 'topic', topic] as const,
  channel: (topic: string, channel: string) => [...queryKeys.topic(topic), 'channel', channel] as const,
  node: (node: string) => [...queryKeys.all, 'node', node] as const,
  backlog: () => [...queryKeys.cluster(), 'backlog'] as const,
  inactive: () => [...queryKeys.all, 'inactive'] as const,
  counter: () => [...queryKeys.all, 'counter'] as const,
  search: (q: string) => [...queryKeys.all, 'search', q] as const,
  history: (q: HistoryParams) => [...queryKeys.all, 'history', q] as const,
  /** what happened when, about a topic, channel or node, or everything (GET /api/events) */
  events: (f: EventTarget) => [...queryKeys.all, 'events', f] as const,
  /** the health rules' alerts (GET /api/alerts) */
  alerts: () => [...queryKeys.all, 'alerts'] as const,
  /** a channel's last redrive run (GET /api/topics/:topic/:channel/redrive) */
  redrive: (topic: string, channel: string) => [...queryKeys.channel(topic, channel), 'redrive'] as const,
  /** what this caller may do (GET /api/access) */
  access: () => [...queryKeys.all, 'access'] as const,
};
