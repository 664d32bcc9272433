import 'server-only';
// The message tools' routes: tail (SSE), publish, redrive. Message bodies may hold what a person is
// not allowed to see, and these tools change the cluster: every one needs the access a mutation
// needs (lib/api/guard.ts), --disable-message-tools answers 404 as if they did not exist, and every
// use is audited; publish and redrive also go to --notification-http-endpoint.
import { z } from 'zod';
import type { Runtime } from '../cluster/runtime';
import { MAX_BATCH, MAX_MESSAGE_BYTES, MAX_PUBLISH_REQUEST_BYTES } from '../messages/publish';
import { REDRIVE_LIMITS, type RedriveJson } from '../messages/redrive';
import { TAIL_LIMITS } from '../messages/tail';
import { isValidName, NAME_RULE } from '../nsq/names';
import { authorize } from './guard';
import { errorJson, json } from './respond';
import { act, actionBody, announce, body, mutate, queueAction } from './write-api';

const disabled = (rt: Runtime) => !rt.config.messageTools.enabled;
const notFound = () => errorJson(404, 'NOT_FOUND');

const tailQuery = z.object({
  max: z.coerce.number().int().min(1).max(TAIL_LIMITS.maxMessages).default(TAIL_LIMITS.maxMessages),
  seconds: z.coerce
    .number()
    .int()
    .min(1)
    .max(TAIL_LIMITS.maxMs / 1000)
    .default(TAIL_LIMITS.maxMs / 1000),
});

/** EventSource asks for text/event-stream; anything else asking for /tail means a channel named "tail". */
export const wantsEventStream = (req: Request) => (req.headers.get('accept') ?? '').includes('text/event-stream');

/** GET /api/topics/:topic/tail?max=&seconds=: the topic's messages from now on, as Server-Sent Events. */
export async function tail(rt: Runtime, req: Request, topic: string): Promise<Response> {
  if (disabled(rt)) return notFound();
  const known = { action: 'tail_topic', topic };
  const guard = await authorize(rt, req, known);
  if (!guard.allowed) return guard.response;
  if (!isValidName(topic)) return json({ message: 'INVALID_TOPIC', reason: `topic names are ${NAME_RULE}` }, 400);
  const url = new URL(req.url);
  const q = tailQuery.safeParse({
    max: url.searchParams.get('max') ?? undefined,
    seconds: url.searchParams.get('seconds') ?? undefined,
  });
  if (!q.success) {
    const reason = q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return json({ message: 'INVALID_ARGUMENT', reason }, 400);
  }
  const opened = await rt.tails.open(topic, { maxMessages: q.data.max, maxMs: q.data.seconds * 1000 });
  if (!opened.ok) {
    guard.record(known, 'refused', { reason: opened.refusal.reason });
    return json({ message: opened.refusal.message, reason: opened.refusal.reason }, opened.refusal.status);
  }
  const tail = opened.session;
  const startedAt = Date.now();
  guard.record(known, 'started', { channel: tail.channel, nodes: tail.nodes.map((n) => n.node) });
  void tail.done().then((end) =>
    guard.record({ action: 'tail_topic_stop', topic }, end.reason, {
      channel: tail.channel,
      messages: end.count,
      seconds: Math.round((Date.now() - startedAt) / 1000),
    }),
  );
  const stream = tail.stream();
  // the viewer left: Next.js aborts the request before it cancels the body, if it cancels it at all;
  // and it may have left while the tail was being opened
  if (req.signal.aborted) tail.stop('stopped');
  else req.signal.addEventListener('abort', () => tail.stop('stopped'), { once: true });
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: no compression, which would hold events back until a buffer fills
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  });
}

const messageText = z
  .string()
  .min(1, 'nsqd refuses an empty message')
  .refine((s) => Buffer.byteLength(s) <= MAX_MESSAGE_BYTES, `a message is at most ${MAX_MESSAGE_BYTES} bytes`);

const publishBody = z.union([
  z.strictObject({
    body: messageText,
    defer_ms: z.number().int().min(0).max(3_600_000).optional(),
    node: z.string().optional(),
  }),
  z.strictObject({
    messages: z.array(messageText).min(1).max(MAX_BATCH),
    node: z.string().optional(),
  }),
]);

/**
 * POST /api/topics/:topic/messages {"body", "defer_ms"?, "node"?} or {"messages": [...], "node"?}.
 * The same path is nsqadmin's action route for a channel named "messages": a body with "action" is
 * that, and goes where any channel action goes; with --disable-message-tools, everything here is.
 */
export function publish(rt: Runtime, req: Request, topic: string): Promise<Response> {
  // without the tools, this path is only nsqadmin's
  if (disabled(rt)) return act(rt, req, topic, 'messages');
  return mutate(rt, req, { action: 'publish_message', topic }, async () => {
    const b = await body(req, z.union([publishBody, actionBody]), MAX_PUBLISH_REQUEST_BYTES);
    if (b instanceof Response) return b;
    if ('action' in b) return queueAction(rt, topic, 'messages', b.action);
    const bodies = 'body' in b ? [b.body] : b.messages;
    const deferMs = 'defer_ms' in b ? b.defer_ms : undefined;
    return {
      what: { action: 'publish_message', topic, ...(b.node === undefined ? {} : { node: b.node }) },
      act: async () => [
        await rt.publisher.publish(
          topic,
          bodies.map((s) => Buffer.from(s, 'utf8')),
          { node: b.node, deferMs },
        ),
      ],
    };
  });
}

export interface RedriveResponse {
  /** the channel's last run in this process, running or ended; null if none */
  run: RedriveJson | null;
  message: string;
}

const redriveBody = z.strictObject({
  to_topic: z.string().refine(isValidName, `topic names are ${NAME_RULE}`).optional(),
  max: z.number().int().min(1).max(REDRIVE_LIMITS.max),
});

/**
 * GET /api/topics/:topic/:channel/redrive: the last run's progress. Only for callers who may redrive:
 * its error can hold nsqd's own words and topic names read from message bodies.
 */
export async function redriveStatus(rt: Runtime, req: Request, topic: string, channel: string): Promise<Response> {
  if (disabled(rt)) return notFound();
  const guard = await authorize(rt, req, { action: 'redrive_status', topic, channel });
  if (!guard.allowed) return guard.response;
  return json({ run: rt.redrives.get(topic, channel)?.toJSON() ?? null, message: '' } satisfies RedriveResponse);
}

/** POST /api/topics/:topic/:channel/redrive {"to_topic"?, "max"}: starts a run; 202 with its state. */
export async function startRedrive(rt: Runtime, req: Request, topic: string, channel: string): Promise<Response> {
  if (disabled(rt)) return notFound();
  const known = { action: 'redrive_channel', topic, channel };
  const guard = await authorize(rt, req, known);
  if (!guard.allowed) return guard.response;
  const b = await body(req, redriveBody);
  if (b instanceof Response) {
    guard.record(known, 'invalid', { status: b.status });
    return b;
  }
  if (b.to_topic === topic) {
    guard.record(known, 'invalid', { reason: 'redrive into the same topic' });
    return json(
      {
        message: 'INVALID_ARGUMENT',
        reason: `to_topic is ${topic} itself: its messages would come back to ${channel}`,
      },
      400,
    );
  }
  const by = guard.actor;
  const byName = 'user' in by ? by.user : 'claimed_user' in by ? `${by.claimed_user} (unverified)` : null;
  const started = await rt.redrives.start(topic, channel, { toTopic: b.to_topic ?? null, max: b.max, by: byName });
  if (!started.ok) {
    guard.record(known, 'refused', { reason: started.refusal.reason });
    return json({ message: started.refusal.message, reason: started.refusal.reason }, started.refusal.status);
  }
  const run = started.run;
  guard.record(known, 'started', { to_topic: b.to_topic ?? null, max: b.max, nodes: run.toJSON().nodes });
  void run.finished().then(() => {
    const end = run.toJSON();
    guard.record(known, end.state, { to_topic: end.to_topic, messages: end.moved, error: end.error });
    if (end.moved > 0)
      announce(
        rt,
        {
          action: 'redrive_channel',
          topic,
          channel,
          outcomes: [],
          messages: end.moved,
          ...(end.to_topic === null ? {} : { to_topic: end.to_topic }),
        },
        guard,
      );
  });
  return json({ run: run.toJSON(), message: '' } satisfies RedriveResponse, 202);
}

/** DELETE /api/topics/:topic/:channel/redrive: cancels the running run; answers once it has stopped. */
export async function cancelRedrive(rt: Runtime, req: Request, topic: string, channel: string): Promise<Response> {
  if (disabled(rt)) return notFound();
  const known = { action: 'cancel_redrive', topic, channel };
  const guard = await authorize(rt, req, known);
  if (!guard.allowed) return guard.response;
  const run = rt.redrives.get(topic, channel);
  if (!run) return errorJson(404, 'REDRIVE_NOT_FOUND');
  run.cancel();
  await run.finished();
  guard.record(known, 'ok', { messages: run.moved });
  return json({ run: run.toJSON(), message: '' } satisfies RedriveResponse);
}
