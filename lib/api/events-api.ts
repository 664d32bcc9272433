import 'server-only';
// GET /api/events[?topic=&channel=&node=&after=]: what happened when (lib/events/event-log.ts).
import { z } from 'zod';
import type { Runtime } from '../cluster/runtime';
import type { ClusterEvent, EventFilter } from '../events/event-log';
import { errorJson, json } from './respond';

export interface EventsResponse {
  /** newest first */
  events: ClusterEvent[];
  /** when this answer was made, ms since epoch: ages are shown from it, the same on the server and in the browser */
  now: number;
}

const query = z.strictObject({
  topic: z.string().min(1).max(256).optional(),
  channel: z.string().min(1).max(256).optional(),
  node: z.string().min(1).max(512).optional(),
  after: z.coerce.number().int().nonnegative().optional(),
});

export function eventsBody(rt: Runtime, filter: EventFilter = {}): EventsResponse {
  return { events: rt.events.list(filter), now: Date.now() };
}

export function getEvents(rt: Runtime, params: URLSearchParams): Response {
  const parsed = query.safeParse(Object.fromEntries(params));
  if (!parsed.success)
    return errorJson(
      400,
      `INVALID_ARG: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`,
    );
  return json(eventsBody(rt, parsed.data));
}
