// Alert states over time, as Prometheus keeps them: a breach starts pending, fires once it has held
// for the rule's `for`, and resolves at the first poll without it. Pending alerts that clear simply go.
// The last resolved alerts are kept (bounded) so that a page can say what happened.
import { type Breach, breachKey } from './evaluate';
import type { AlertRule } from './rules';
import { formatRuleValue } from './units';

export type AlertStateName = 'pending' | 'firing' | 'resolved';

export interface Alert extends Breach {
  id: string;
  state: AlertStateName;
  /** when the condition was first seen, ms since epoch */
  since: number;
  /** when it started firing; null while pending */
  fired_at: number | null;
  /** when it cleared; null unless resolved */
  resolved_at: number | null;
  /** the rule's words: "backlog 12,400 > 10,000" */
  summary: string;
}

/** An alert as JSON carries it: JSON has no Infinity, so a consume delay that never ends is null. */
export type AlertJson = Omit<Alert, 'value'> & { value: number | null };

export const alertJson = (a: Alert): AlertJson => ({ ...a, value: Number.isFinite(a.value) ? a.value : null });

export interface Transition {
  alert: Alert;
  from: AlertStateName | null;
  to: AlertStateName;
}

/** Resolved alerts kept for /api/alerts. */
export const RESOLVED_KEPT = 100;

export class AlertTracker {
  private readonly active = new Map<string, Alert>();
  private resolved: Alert[] = [];

  constructor(private readonly rules: readonly AlertRule[]) {}

  /** This poll's breaches, at `now`: what changed state. */
  update(breaches: readonly Breach[], now: number): Transition[] {
    const forMs = new Map(this.rules.map((r) => [r.name, r.for_ms]));
    const transitions: Transition[] = [];
    const seen = new Set<string>();
    for (const b of breaches) {
      const id = breachKey(b);
      seen.add(id);
      const prev = this.active.get(id);
      const since = prev?.since ?? now;
      const firing = now - since >= (forMs.get(b.rule) ?? 0);
      const alert: Alert = {
        ...b,
        id,
        since,
        state: firing ? 'firing' : 'pending',
        fired_at: prev?.fired_at ?? (firing ? now : null),
        resolved_at: null,
        summary: summarise(b),
      };
      this.active.set(id, alert);
      if (prev?.state !== alert.state) transitions.push({ alert, from: prev?.state ?? null, to: alert.state });
    }
    for (const [id, a] of this.active) {
      if (seen.has(id)) continue;
      this.active.delete(id);
      if (a.state !== 'firing') continue;
      const done: Alert = { ...a, state: 'resolved', resolved_at: now };
      this.resolved = [done, ...this.resolved].slice(0, RESOLVED_KEPT);
      transitions.push({ alert: done, from: 'firing', to: 'resolved' });
    }
    return transitions;
  }

  /** Firing and pending alerts, most severe and oldest first, and the last resolved, newest first. */
  list(): { firing: Alert[]; pending: Alert[]; resolved: Alert[] } {
    const all = [...this.active.values()].sort(
      (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.since - b.since || (a.id < b.id ? -1 : 1),
    );
    return {
      firing: all.filter((a) => a.state === 'firing'),
      pending: all.filter((a) => a.state === 'pending'),
      resolved: [...this.resolved],
    };
  }
}

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

function summarise(b: Breach): string {
  if (b.kind === 'node_down') return `node ${b.node} not answering`;
  if (b.kind === 'lookupd_disagree') return `nsqlookupds disagree (${b.value} differences)`;
  const what = b.kind.replace('_', ' ');
  return `${what} ${formatRuleValue(b.kind, b.value)} > ${formatRuleValue(b.kind, b.threshold)}`;
}
