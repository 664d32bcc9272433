import 'server-only';
// nsqadmin's mutation routes: parse, authorize, act, answer, in nsqadmin's envelope (200 with
// "WARNING: ..." when some nodes failed, 502 when all did) plus each node's outcome. Every attempt,
// allowed or not, is one audit line; what actually happened is notified.
import { z } from 'zod';
import { accessMode, identifyAdmin, judgeMutation } from '../auth/access';
import { withBasePath } from '../base-path';
import { type ActionResult, type Outcome, actionStatus, isNotFound } from '../cluster/actions';
import type { Runtime } from '../cluster/runtime';
import { messageWithText } from '../format';
import { log } from '../log';
import { NAME_RULE, isValidName } from '../nsq/names';
import { type RequestInfo, notificationPayload, sendNotification } from '../notify';
import { peerAddress } from '../peer';
import { errorJson, json } from './respond';

function requestInfo(req: Request): RequestInfo {
  const url = new URL(req.url);
  const host = req.headers.get('host') ?? url.host;
  const scheme = req.headers.get('x-scheme') === 'https' || url.protocol === 'https:' ? 'https' : 'http';
  return {
    remote: req.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() ?? '',
    userAgent: req.headers.get('user-agent') ?? '',
    url: `${scheme}://${host}${url.pathname}${url.search}`,
  };
}

// only callers who may change the cluster get here: they are shown what nsqd answered
const outcomeMessage = (o: Outcome) => `${o.role} ${o.target}: ${o.error ? messageWithText(o.error) : 'failed'}`;

/** One route's whole script: authorize, validate, act, audit, notify, answer. */
async function mutate(
  rt: Runtime,
  req: Request,
  what: { action: string; topic?: string; channel?: string; node?: string },
  act: () => Promise<ActionResult[]>,
): Promise<Response> {
  const info = requestInfo(req);
  const decision = judgeMutation(rt.config.access, req.headers);
  // `from` is X-Forwarded-For as received (a client's own claim when no proxy is in front); `peer`
  // is the TCP peer, which cannot be forged (lib/peer.ts)
  const peer = peerAddress(req.headers);
  const audit = (outcome: string, extra: Record<string, unknown> = {}) =>
    log('info', 'audit', { audit: { ...what, user: decision.user, from: info.remote, peer, user_agent: info.userAgent, outcome, ...extra } });
  if (!decision.allowed) {
    audit('forbidden', { reason: decision.reason });
    return json({ message: 'FORBIDDEN', reason: decision.reason }, 403);
  }
  for (const [kind, name] of [['TOPIC', what.topic], ['CHANNEL', what.channel]] as const) {
    if (name !== undefined && !isValidName(name)) {
      audit('invalid', { reason: `invalid ${kind.toLowerCase()} name` });
      return json({ message: `INVALID_${kind}`, reason: `${kind.toLowerCase()} names are ${NAME_RULE}` }, 400);
    }
  }
  let results: ActionResult[];
  try {
    results = await act();
  } catch (e) {
    if (isNotFound(e)) {
      audit('not-found');
      return errorJson(404, e.code);
    }
    throw e;
  }
  const outcomes = results.flatMap((r) => r.outcomes);
  const status = actionStatus({ outcomes });
  audit(status, { nodes: outcomes.map((o) => ({ target: o.target, role: o.role, ok: o.ok, error: o.error?.message })) });
  const endpoint = rt.config.notificationHttpEndpoint;
  if (endpoint) {
    for (const r of results) {
      const s = actionStatus(r);
      if (s === 'ok' || s === 'partial') sendNotification(endpoint, notificationPayload(r, decision.user, info));
    }
  }
  const failed = outcomes.filter((o) => !o.ok);
  const body = { status, results: outcomes };
  if (status === 'failed') return json({ message: `UPSTREAM_ERROR: ${failed.map(outcomeMessage).join('; ')}`, ...body }, 502);
  return json({ message: failed.length ? `WARNING: ${failed.map(outcomeMessage).join('; ')}` : '', ...body });
}

/** A JSON body, or a 400 that says what is wrong with it. */
async function body<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S> | Response> {
  let raw: unknown;
  try {
    raw = JSON.parse(await req.text());
  } catch {
    return errorJson(400, 'INVALID_BODY: not JSON');
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : errorJson(400, `INVALID_BODY: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
}

const actionBody = z.object({ action: z.string() });
const ACTIONS = ['pause', 'unpause', 'empty'] as const;
const isAction = (a: string): a is (typeof ACTIONS)[number] => (ACTIONS as readonly string[]).includes(a);

/** POST /api/topics {"topic", "channel"?}: create. */
export async function createTopic(rt: Runtime, req: Request): Promise<Response> {
  const b = await body(req, z.object({ topic: z.string(), channel: z.string().optional() }));
  if (b instanceof Response) return b;
  const channel = b.channel === '' ? undefined : b.channel;
  return mutate(rt, req, { action: channel ? 'create_channel' : 'create_topic', topic: b.topic, channel }, () =>
    rt.actions.create(b.topic, channel),
  );
}

/** POST /api/topics/:topic and /api/topics/:topic/:channel {"action": "pause"|"unpause"|"empty"}. */
export async function act(rt: Runtime, req: Request, topic: string, channel?: string): Promise<Response> {
  const b = await body(req, actionBody);
  if (b instanceof Response) return b;
  const action = b.action;
  if (!isAction(action)) return errorJson(400, 'INVALID_ACTION');
  const name = `${action}_${channel === undefined ? 'topic' : 'channel'}`;
  return mutate(rt, req, { action: name, topic, channel }, async () => [
    channel === undefined ? await rt.actions.topicAction(topic, action) : await rt.actions.channelAction(topic, channel, action),
  ]);
}

/** DELETE /api/topics/:topic and /api/topics/:topic/:channel. */
export function remove(rt: Runtime, req: Request, topic: string, channel?: string): Promise<Response> {
  return mutate(rt, req, { action: channel === undefined ? 'delete_topic' : 'delete_channel', topic, channel }, async () => [
    channel === undefined ? await rt.actions.deleteTopic(topic) : await rt.actions.deleteChannel(topic, channel),
  ]);
}

/** DELETE /api/nodes/:node {"topic"}: tombstone the topic on that node. */
export async function tombstone(rt: Runtime, req: Request, node: string): Promise<Response> {
  const b = await body(req, z.object({ topic: z.string() }));
  if (b instanceof Response) return b;
  return mutate(rt, req, { action: 'tombstone_topic_producer', topic: b.topic, node }, async () => [await rt.actions.tombstone(b.topic, node)]);
}

/** GET /api/access: what this caller may do, so the UI can disable what it may not. */
export function access(rt: Runtime, req: Request): Response {
  const d = judgeMutation(rt.config.access, req.headers);
  return json({
    mode: accessMode(rt.config.access),
    can_mutate: d.allowed,
    user: d.user,
    reason: d.allowed ? null : d.reason,
    basic_auth: rt.config.access.basicAuthUsers.length > 0,
  });
}

/**
 * GET /api/login: asks the browser for basic-auth credentials until they name an admin, then goes
 * back to the console; the browser then sends them with every request to this origin.
 */
export function login(rt: Runtime, req: Request): Response {
  if (rt.config.access.basicAuthUsers.length === 0) return errorJson(404, 'NOT_FOUND');
  if (identifyAdmin(rt.config.access, req.headers) === null) {
    return new Response('Sign in with an nsq-console admin user.', {
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="nsq-console", charset="UTF-8"', 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  // relative, so the browser stays on the host and scheme it signed in at: req.url names the host the
  // server was started with (localhost), not the one in the address bar
  return new Response(null, { status: 303, headers: { Location: withBasePath('/') } });
}
