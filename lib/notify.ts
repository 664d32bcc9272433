import 'server-only';
// nsqadmin's --notification-http-endpoint: one JSON POST per admin action, with nsqadmin's fields.
// Sent in the background: a slow or dead endpoint never delays or fails the action, and never
// crashes the process (nsqadmin's worker does, on a transport error).
import { hostname } from 'node:os';
import type { ActionResult } from './cluster/actions';
import { log } from './log';

export interface RequestInfo {
  /** the TCP peer as the server saw it (ip:port when known) */
  remote: string;
  userAgent: string;
  url: string;
}

/** nsqadmin's AdminAction body. */
export interface AdminActionPayload {
  action: ActionResult['action'];
  topic: string;
  channel?: string;
  node?: string;
  timestamp: number;
  user?: string;
  remote_ip: string;
  user_agent: string;
  url: string;
  via: string;
}

export function notificationPayload(r: ActionResult, user: string | null, req: RequestInfo, nowMs = Date.now()): AdminActionPayload {
  return {
    action: r.action,
    topic: r.topic,
    ...(r.channel ? { channel: r.channel } : {}),
    ...(r.node ? { node: r.node } : {}),
    timestamp: Math.floor(nowMs / 1000),
    ...(user ? { user } : {}),
    remote_ip: req.remote,
    user_agent: req.userAgent,
    url: req.url,
    via: hostname(),
  };
}

const NOTIFY_TIMEOUT_MS = 5000;

export function sendNotification(endpoint: string, payload: AdminActionPayload): void {
  fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
  })
    .then((res) => res.body?.cancel())
    .catch((e: unknown) => log('warn', 'notification failed', { endpoint, action: payload.action, error: String(e) }));
}
