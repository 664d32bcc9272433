import 'server-only';
// nsqadmin's --notification-http-endpoint: one JSON POST per admin action, with nsqadmin's fields.
// Sent in the background: a slow or dead endpoint never delays or fails the action, and never
// crashes the process (nsqadmin's worker does, on a transport error). Webhook URLs often carry a
// token in their path, so a failure is logged with the redacted URL and the error's code only (a
// fetch error's text can repeat the URL).
import { hostname } from 'node:os';
import type { Identity } from './auth/access';
import type { ActionResult } from './cluster/actions';
import { log } from './log';
import { redactUrl } from './redact-url';

export interface RequestInfo {
  /** the TCP peer as the server saw it (lib/peer.ts); '' when unknown */
  remote: string;
  userAgent: string;
  url: string;
}

/** nsqadmin's AdminAction body, plus claimed_user. */
export interface AdminActionPayload {
  action: ActionResult['action'];
  topic: string;
  channel?: string;
  node?: string;
  /** ours, for publish and redrive: how many messages moved */
  messages?: number;
  /** ours, for a redrive: the topic the messages went to */
  to_topic?: string;
  timestamp: number;
  /** a verified name: a basic-auth user, or the ACL header from a trusted proxy */
  user?: string;
  /** a name the request gave that nothing verified (the ACL header from an untrusted peer, in open mode) */
  claimed_user?: string;
  remote_ip: string;
  user_agent: string;
  url: string;
  via: string;
}

export function notificationPayload(
  r: ActionResult,
  who: Identity,
  req: RequestInfo,
  nowMs = Date.now(),
): AdminActionPayload {
  return {
    action: r.action,
    topic: r.topic,
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.node ? { node: r.node } : {}),
    ...(r.messages === undefined ? {} : { messages: r.messages }),
    ...(r.to_topic === undefined ? {} : { to_topic: r.to_topic }),
    timestamp: Math.floor(nowMs / 1000),
    ...(who.name ? (who.verified ? { user: who.name } : { claimed_user: who.name }) : {}),
    remote_ip: req.remote,
    user_agent: req.userAgent,
    url: req.url,
    via: hostname(),
  };
}

const NOTIFY_TIMEOUT_MS = 5000;

/** What went wrong, without anything the URL holds: a system error code or the error's class. */
export function failureSummary(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return e instanceof Error ? e.name : 'unknown error';
}

export function sendNotification(
  endpoint: string,
  headers: readonly { name: string; value: string }[],
  payload: AdminActionPayload,
): void {
  const fields = { endpoint: redactUrl(endpoint), action: payload.action };
  fetch(endpoint, {
    method: 'POST',
    headers: [...headers.map((h): [string, string] => [h.name, h.value]), ['content-type', 'application/json']],
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
  })
    .then(async (res) => {
      await res.body?.cancel();
      if (!res.ok) log('warn', 'notification failed', { ...fields, status: res.status });
    })
    .catch((e: unknown) => log('warn', 'notification failed', { ...fields, error: failureSummary(e) }));
}
