import 'server-only';
// The gate of every route that changes the cluster or reads message bodies: who the caller is,
// whether the configured access lets them, and one audit line per attempt, allowed or not.
import { type AccessDecision, type Caller, type Identity, judgeMutation } from '../auth/access';
import type { Runtime } from '../cluster/runtime';
import type { Actor } from '../events/event-log';
import { audit } from '../log';
import type { RequestInfo } from '../notify';
import { peerAddress } from '../peer';
import { json } from './respond';

/** What a request does, as its audit line names it. */
export interface What {
  action: string;
  topic?: string;
  channel?: string;
  node?: string;
}

export function requestInfo(req: Request, peer: string | null): RequestInfo {
  const url = new URL(req.url);
  const host = req.headers.get('host') ?? url.host;
  const scheme = req.headers.get('x-scheme') === 'https' || url.protocol === 'https:' ? 'https' : 'http';
  return {
    remote: peer ?? '',
    userAgent: req.headers.get('user-agent') ?? '',
    url: `${scheme}://${host}${url.pathname}${url.search}`,
  };
}

export const callerOf = (req: Request): Caller => ({ headers: req.headers, peer: peerAddress(req.headers) });

/** The name fields of an audit record: a verified user, or a name the request only claims. */
function who(identity: Identity | null, name: string | null): Actor {
  if (identity?.verified && identity.name) return { user: identity.name };
  return name ? { claimed_user: name } : {};
}

/** The answer to a refused caller: 403 with the reason, or 429 with Retry-After while it backs off. */
export function refusal(d: Extract<AccessDecision, { allowed: false }>): Response {
  const res = json({ message: d.status === 429 ? 'TOO_MANY_REQUESTS' : 'FORBIDDEN', reason: d.reason }, d.status);
  if (d.retryAfterSeconds !== undefined) res.headers.set('Retry-After', String(d.retryAfterSeconds));
  return res;
}

/** Writes one audit line about this request: what, the outcome, and anything else worth keeping. */
export type Recorder = (what: What, outcome: string, extra?: Record<string, unknown>) => void;

/** An allowed caller: who they are, how they are named in records, and their request's details. */
export interface Allowed {
  allowed: true;
  identity: Identity;
  actor: Actor;
  info: RequestInfo;
  record: Recorder;
}

export type Guarded = { allowed: false; response: Response } | Allowed;

/**
 * Whether this request may change the cluster (or read message bodies). A refusal is audited and
 * answered here, its body left unread; `known` is what the URL already says about the request.
 */
export async function authorize(rt: Runtime, req: Request, known: What): Promise<Guarded> {
  const caller = callerOf(req);
  const info = requestInfo(req, caller.peer);
  const decision = await judgeMutation(rt.config.access, caller);
  const identity = decision.identity;
  const name = decision.allowed ? decision.identity.name : decision.name;
  // `peer` is the TCP peer, which cannot be forged (lib/peer.ts); `forwarded_for` is X-Forwarded-For
  // as received, a client's own claim when no proxy is in front
  const record: Recorder = (what, outcome, extra = {}) =>
    audit({
      ...what,
      ...who(identity, name),
      peer: caller.peer,
      forwarded_for: req.headers.get('x-forwarded-for'),
      user_agent: info.userAgent,
      outcome,
      ...extra,
    });
  if (!decision.allowed) {
    await req.body?.cancel().catch(() => undefined);
    record(known, decision.status === 429 ? 'throttled' : 'forbidden', { reason: decision.reason });
    return { allowed: false, response: refusal(decision) };
  }
  return { allowed: true, identity: decision.identity, actor: who(identity, name), info, record };
}
