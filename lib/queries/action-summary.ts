// What a mutation's answer means for the person who clicked: one toast with a title and each node's
// outcome. A partial result is a warning and never reads as success; pure, so it is tested alone.
import type { ActionStatus, Outcome } from '@/lib/cluster/actions';
import { messageWithText } from '@/lib/format';

/** The mutation routes' answer (nsqadmin's "message", plus our status and per-node outcomes). */
export interface ActionAnswer {
  message: string;
  status: ActionStatus;
  results: Outcome[];
}

/** How an action is named in its toast: "pause" / "paused" / "channel orders/billing". */
export interface ActionLabel {
  verb: string;
  done: string;
  what: string;
}

export type ToastTone = 'success' | 'warning' | 'error' | 'info';

export interface NodeLine {
  key: string;
  ok: boolean;
  text: string;
}

export interface ToastSummary {
  tone: ToastTone;
  title: string;
  lines: NodeLine[];
}

interface NodeResult {
  role: Outcome['role'];
  target: string;
  ok: boolean;
  errors: string[];
}

/** One entry per node: an action may send it several requests (create: the topic, then the channel). */
function byNode(outcomes: readonly Outcome[]): NodeResult[] {
  const nodes = new Map<string, NodeResult>();
  for (const o of outcomes) {
    const key = `${o.role} ${o.target}`;
    const n = nodes.get(key) ?? { role: o.role, target: o.target, ok: true, errors: [] };
    if (!o.ok) {
      n.ok = false;
      const e = o.error;
      // with what nsqd said (MSG_TOO_BIG, ...): this caller may change the cluster, so was shown it
      n.errors.push(e ? `${e.kind}: ${messageWithText(e)}` : 'failed');
    }
    nodes.set(key, n);
  }
  return [...nodes.values()];
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

/** "1 of 2 nodes" when only nsqd took part; "2 of 2 nsqd and 1 of 1 nsqlookupd" otherwise. */
export function nodeCountPhrase(nodes: readonly Pick<NodeResult, 'role' | 'ok'>[]): string {
  const count = (list: readonly Pick<NodeResult, 'ok'>[]) => `${list.filter((n) => n.ok).length} of ${list.length}`;
  const lookupds = nodes.filter((n) => n.role === 'nsqlookupd');
  const nsqds = nodes.filter((n) => n.role === 'nsqd');
  if (lookupds.length === 0) return `${count(nsqds)} ${plural(nsqds.length, 'node')}`;
  if (nsqds.length === 0) return `${count(lookupds)} nsqlookupd`;
  return `${count(nsqds)} nsqd and ${count(lookupds)} nsqlookupd`;
}

function lines(nodes: readonly NodeResult[]): NodeLine[] {
  return nodes.map((n) => ({
    key: `${n.role} ${n.target}`,
    ok: n.ok,
    text: `${n.role} ${n.target}: ${n.ok ? 'ok' : `failed (${n.errors.join('; ')})`}`,
  }));
}

/** The toast for an answer the server gave (200, or 502 when every node failed). */
export function summariseAnswer(label: ActionLabel, answer: ActionAnswer): ToastSummary {
  const nodes = byNode(answer.results ?? []);
  const failed = nodes.filter((n) => !n.ok);
  // the title names the failed nodes; their errors are on their own lines below it
  const failures = failed.map((n) => `${n.target} failed`).join('; ');
  const where = nodeCountPhrase(nodes);
  const status: ActionStatus =
    nodes.length === 0 ? 'nothing' : failed.length === 0 ? 'ok' : failed.length === nodes.length ? 'failed' : 'partial';
  switch (status) {
    case 'ok':
      return { tone: 'success', title: `${capitalise(label.what)} ${label.done} on ${where}`, lines: lines(nodes) };
    case 'partial':
      return {
        tone: 'warning',
        title: `${capitalise(label.what)} ${label.done} on ${where}; ${failures}`,
        lines: lines(nodes),
      };
    case 'failed':
      return {
        tone: 'error',
        title: `Could not ${label.verb} ${label.what}: every node failed (${failed.map((n) => n.target).join(', ')})`,
        lines: lines(nodes),
      };
    case 'nothing':
      return {
        tone: 'info',
        title: `${capitalise(label.what)}: no node has it, so nothing was ${label.done}`,
        lines: [],
      };
  }
}

function isAnswer(body: unknown): body is ActionAnswer {
  return typeof body === 'object' && body !== null && Array.isArray((body as { results?: unknown }).results);
}

/** The toast for a mutation that threw: refused, invalid, gone, every node failed, or no answer at all. */
export function summariseError(label: ActionLabel, error: unknown): ToastSummary {
  const e = error as { status?: number; message?: string; body?: unknown; reason?: string | null };
  const status = e.status ?? 0;
  const message = e.message ?? String(error);
  if (isAnswer(e.body) && e.body.results.length > 0) {
    const s = summariseAnswer(label, e.body);
    // a 502 always means nothing happened anywhere, whatever the outcomes say
    return status >= 500 ? { ...s, tone: 'error' } : s;
  }
  const reason = e.reason ? [{ key: 'reason', ok: false, text: e.reason }] : [];
  if (status === 403)
    return { tone: 'error', title: `Not allowed to ${label.verb} ${label.what}: ${e.reason ?? message}`, lines: [] };
  if (status === 404)
    return {
      tone: 'error',
      title: `Could not ${label.verb} ${label.what}: it no longer exists (${message})`,
      lines: [],
    };
  if (status === 0) return { tone: 'error', title: `Could not ${label.verb} ${label.what}: ${message}`, lines: [] };
  return { tone: 'error', title: `Could not ${label.verb} ${label.what}: ${message}`, lines: reason };
}
