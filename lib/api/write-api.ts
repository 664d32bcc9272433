import 'server-only';
// nsqadmin's mutation routes: parse, authorize, act, answer, in nsqadmin's envelope (200 with
// "WARNING: ..." when some nodes failed, 502 when all did) plus each node's outcome. Every attempt,
// allowed or not, is one audit line; what actually happened is notified.
import { z } from 'zod';
import { type AccessMode, accessMode, identify, judgeMutation } from '../auth/access';
import { hostRefusal } from '../auth/host';
import { withBasePath } from '../base-path';
import { type ActionResult, actionStatus, isNotFound, type Outcome } from '../cluster/actions';
import type { Runtime } from '../cluster/runtime';
import { actionText, actionWords } from '../events/event-log';
import { messageWithText } from '../format';
import { notificationPayload, sendNotification } from '../notify';
import { isValidName, NAME_RULE } from '../nsq/names';
import { withActionSpan } from '../telemetry/tracing';
import { readJsonBody } from './body';
import { type Allowed, authorize, callerOf, refusal, type What } from './guard';
import { errorJson, json } from './respond';

// only callers who may change the cluster get here: they are shown what nsqd answered
const outcomeMessage = (o: Outcome) => `${o.role} ${o.target}: ${o.error ? messageWithText(o.error) : 'failed'}`;

/** What a route does once its body is read and checked: the full description and the action itself. */
export type Prepared = { what: What; act: () => Promise<ActionResult[]> };

/**
 * One route's whole script: authorize (before anything of the body is read), read and validate the
 * body, act, audit, notify, answer. `known` is what the URL already says; every attempt is audited.
 */
export async function mutate(
  rt: Runtime,
  req: Request,
  known: What,
  prepare: () => Promise<Prepared | Response>,
): Promise<Response> {
  const guard = await authorize(rt, req, known);
  if (!guard.allowed) return guard.response;
  const { record } = guard;
  let prepared: Prepared | Response;
  try {
    prepared = await prepare();
  } catch (e) {
    // the body could not be read (the client went away): still one audit line for the attempt
    record(known, 'error', { reason: e instanceof Error ? e.message : String(e) });
    throw e;
  }
  if (prepared instanceof Response) {
    record(known, 'invalid', { status: prepared.status });
    return prepared;
  }
  const { what } = prepared;
  for (const [kind, value] of [
    ['TOPIC', what.topic],
    ['CHANNEL', what.channel],
  ] as const) {
    if (value !== undefined && !isValidName(value)) {
      record(what, 'invalid', { reason: `invalid ${kind.toLowerCase()} name` });
      return json({ message: `INVALID_${kind}`, reason: `${kind.toLowerCase()} names are ${NAME_RULE}` }, 400);
    }
  }
  let results: ActionResult[];
  try {
    const user = 'user' in guard.actor ? guard.actor.user : null;
    results = await withActionSpan(what, user, prepared.act, (r) =>
      actionStatus({ outcomes: r.flatMap((x) => x.outcomes) }),
    );
  } catch (e) {
    if (isNotFound(e)) {
      record(what, 'not-found');
      return errorJson(404, e.code);
    }
    record(what, 'error', { reason: e instanceof Error ? e.message : String(e) });
    throw e;
  }
  const outcomes = results.flatMap((r) => r.outcomes);
  const status = actionStatus({ outcomes });
  record(what, status, {
    nodes: outcomes.map((o) => ({ target: o.target, role: o.role, ok: o.ok, error: o.error?.message })),
  });
  for (const r of results) {
    const s = actionStatus(r);
    if (s === 'ok' || s === 'partial') announce(rt, r, guard);
  }
  const failed = outcomes.filter((o) => !o.ok);
  const body = { status, results: outcomes };
  if (status === 'failed')
    return json({ message: `UPSTREAM_ERROR: ${failed.map(outcomeMessage).join('; ')}`, ...body }, 502);
  return json({ message: failed.length ? `WARNING: ${failed.map(outcomeMessage).join('; ')}` : '', ...body });
}

/**
 * What changed the cluster is told: an event on the charts with who did it, and the
 * --notification-http-endpoint. (The audit line is the caller's: it is written for every attempt.)
 */
export function announce(rt: Runtime, r: ActionResult, by: Pick<Allowed, 'actor' | 'identity' | 'info'>): void {
  rt.events.add({
    at: Date.now(),
    kind: 'action',
    topic: r.topic,
    channel: r.channel ?? null,
    node: r.node ?? null,
    text: actionText(r.action, by.actor, actionWords(r)),
  });
  const endpoint = rt.config.notificationHttpEndpoint;
  if (endpoint)
    sendNotification(endpoint, rt.config.notificationHttpHeaders, notificationPayload(r, by.identity, by.info));
}

/** A JSON body that matches schema, or the answer (415, 413, 400) that says what is wrong with it. */
export async function body<S extends z.ZodType>(
  req: Request,
  schema: S,
  maxBytes?: number,
): Promise<z.output<S> | Response> {
  const raw = await readJsonBody(req, maxBytes);
  if (!raw.ok) return raw.response;
  const parsed = schema.safeParse(raw.value);
  return parsed.success
    ? parsed.data
    : errorJson(
        400,
        `INVALID_BODY: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`,
      );
}

export const actionBody = z.object({ action: z.string() });
const ACTIONS = ['pause', 'unpause', 'empty'] as const;
const isAction = (a: string): a is (typeof ACTIONS)[number] => (ACTIONS as readonly string[]).includes(a);

/** POST /api/topics {"topic", "channel"?}: create. */
export function createTopic(rt: Runtime, req: Request): Promise<Response> {
  return mutate(rt, req, { action: 'create' }, async () => {
    const b = await body(req, z.object({ topic: z.string(), channel: z.string().optional() }));
    if (b instanceof Response) return b;
    const channel = b.channel === '' ? undefined : b.channel;
    return {
      what: { action: channel ? 'create_channel' : 'create_topic', topic: b.topic, channel },
      act: () => rt.actions.create(b.topic, channel),
    };
  });
}

/** The pause, unpause or empty a body asked for, or the 400 that refuses anything else. */
export function queueAction(
  rt: Runtime,
  topic: string,
  channel: string | undefined,
  action: string,
): Prepared | Response {
  if (!isAction(action)) return errorJson(400, 'INVALID_ACTION');
  const kind = channel === undefined ? 'topic' : 'channel';
  return {
    what: { action: `${action}_${kind}`, topic, channel },
    act: async () => [
      channel === undefined
        ? await rt.actions.topicAction(topic, action)
        : await rt.actions.channelAction(topic, channel, action),
    ],
  };
}

/** POST /api/topics/:topic and /api/topics/:topic/:channel {"action": "pause"|"unpause"|"empty"}. */
export function act(rt: Runtime, req: Request, topic: string, channel?: string): Promise<Response> {
  const kind = channel === undefined ? 'topic' : 'channel';
  return mutate(rt, req, { action: `${kind}_action`, topic, channel }, async () => {
    const b = await body(req, actionBody);
    return b instanceof Response ? b : queueAction(rt, topic, channel, b.action);
  });
}

/** DELETE /api/topics/:topic and /api/topics/:topic/:channel. */
export function remove(rt: Runtime, req: Request, topic: string, channel?: string): Promise<Response> {
  const what = { action: channel === undefined ? 'delete_topic' : 'delete_channel', topic, channel };
  return mutate(rt, req, what, async () => ({
    what,
    act: async () => [
      channel === undefined ? await rt.actions.deleteTopic(topic) : await rt.actions.deleteChannel(topic, channel),
    ],
  }));
}

/** DELETE /api/nodes/:node {"topic"}: tombstone the topic on that node. */
export function tombstone(rt: Runtime, req: Request, node: string): Promise<Response> {
  return mutate(rt, req, { action: 'tombstone_topic_producer', node }, async () => {
    const b = await body(req, z.object({ topic: z.string() }));
    if (b instanceof Response) return b;
    return {
      what: { action: 'tombstone_topic_producer', topic: b.topic, node },
      act: async () => [await rt.actions.tombstone(b.topic, node)],
    };
  });
}

/** GET /api/access: what this caller may do, so the UI can disable what it may not. */
export interface AccessResponse {
  mode: AccessMode;
  can_mutate: boolean;
  user: string | null;
  reason: string | null;
  basic_auth: boolean;
  /** false with --disable-message-tools: the UI shows no tail, publish or redrive */
  message_tools: boolean;
}

/** GET /api/access */
export async function access(rt: Runtime, req: Request): Promise<Response> {
  const d = await judgeMutation(rt.config.access, callerOf(req));
  if (!d.allowed && d.status === 429) return refusal(d);
  return json({
    mode: accessMode(rt.config.access),
    can_mutate: d.allowed,
    user: d.allowed ? d.identity.name : d.name,
    reason: d.allowed ? null : d.reason,
    basic_auth: rt.config.access.basicAuthUsers.length > 0,
    message_tools: rt.config.messageTools.enabled,
  } satisfies AccessResponse);
}

/**
 * GET /api/login: asks the browser for basic-auth credentials until they name an admin, then goes
 * back to the console; the browser then sends them with every request to this origin. Only under a
 * name the console knows (lib/auth/host.ts): credentials typed in on a rebound name would be the
 * attacker's page's to use.
 */
export async function login(rt: Runtime, req: Request): Promise<Response> {
  if (rt.config.access.basicAuthUsers.length === 0) return errorJson(404, 'NOT_FOUND');
  const host = hostRefusal(req.headers, rt.config.access.allowedHosts);
  if (host !== null) return json({ message: 'FORBIDDEN', reason: host }, 403);
  const identity = await identify(rt.config.access, callerOf(req));
  if ('throttled' in identity) {
    return new Response(`${identity.reason[0]?.toUpperCase()}${identity.reason.slice(1)}.`, {
      status: 429,
      headers: { 'Retry-After': String(identity.retryAfterSeconds), 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  if (!identity.admin) {
    return new Response('Sign in with an nsq-console admin user.', {
      status: 401,
      headers: {
        'WWW-Authenticate': 'Basic realm="nsq-console", charset="UTF-8"',
        'Content-Type': 'text/plain; charset=utf-8',
      },
    });
  }
  // relative, so the browser stays on the host and scheme it signed in at: req.url names the host the
  // server was started with (localhost), not the one in the address bar
  return new Response(null, { status: 303, headers: { Location: withBasePath('/') } });
}
