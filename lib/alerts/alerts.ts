// The health rules at work: every sweep of the cluster is evaluated against the rules in force, and
// the resulting alerts are what /api/alerts and /metrics report. One instance per server process,
// fed by the poller (lib/cluster/runtime.ts).
import type { ClusterSnapshot } from '../cluster/types';
import { log } from '../log';
import { CounterWindows, evaluate } from './evaluate';
import type { AlertRule } from './rules';
import { type Alert, AlertTracker, type Transition } from './tracker';

export class Alerts {
  private readonly windows: CounterWindows;
  private readonly tracker: AlertTracker;
  private observedAt: number | null = null;

  constructor(
    readonly rules: readonly AlertRule[],
    private readonly onTransitions: (transitions: Transition[]) => void = () => undefined,
  ) {
    this.windows = new CounterWindows(Math.max(1000, ...rules.map((r) => r.window_ms)));
    this.tracker = new AlertTracker(rules);
  }

  /** One sweep's snapshot: times are the snapshot's, so a slow sweep does not stretch a rule's `for`. */
  observe(snap: ClusterSnapshot): Transition[] {
    this.windows.record(snap);
    const transitions = this.tracker.update(evaluate(this.rules, snap, this.windows), snap.taken_at);
    this.observedAt = snap.taken_at;
    for (const t of transitions) {
      const a = t.alert;
      log(t.to === 'firing' ? 'warn' : 'info', `alert ${t.to}`, {
        rule: a.rule,
        severity: a.severity,
        topic: a.topic,
        channel: a.channel,
        node: a.node,
        summary: a.summary,
      });
    }
    if (transitions.length > 0) this.onTransitions(transitions);
    return transitions;
  }

  /** When the rules were last evaluated (the snapshot's taken_at), or null before the first sweep. */
  get evaluatedAt(): number | null {
    return this.observedAt;
  }

  list(): { firing: Alert[]; pending: Alert[]; resolved: Alert[] } {
    return this.tracker.list();
  }
}
