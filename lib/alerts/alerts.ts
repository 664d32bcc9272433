// The health rules at work: every sweep of the cluster is evaluated against the rules in force; the
// resulting alerts are what /api/alerts and /metrics report, and what goes to Alertmanager and the
// alert webhook (deliver.ts). One instance per server process, fed by the poller (lib/cluster/runtime.ts).
import type { ClusterSnapshot } from '../cluster/types';
import { log } from '../log';
import { AlertmanagerPush, sendAlertWebhook } from './deliver';
import { CounterWindows, evaluate } from './evaluate';
import type { AlertRule } from './rules';
import { type Alert, AlertTracker, type Transition } from './tracker';

export interface AlertsOptions {
  rules: readonly AlertRule[];
  /** --alertmanager-url */
  alertmanagerUrls?: readonly string[];
  /** --alert-webhook-url */
  webhookUrl?: string | null;
}

export class Alerts {
  readonly rules: readonly AlertRule[];
  private readonly windows: CounterWindows;
  private readonly tracker: AlertTracker;
  private readonly push: AlertmanagerPush;
  private readonly webhookUrl: string | null;
  private observedAt: number | null = null;

  constructor(opts: AlertsOptions) {
    this.rules = opts.rules;
    this.windows = new CounterWindows(Math.max(1000, ...this.rules.map((r) => r.window_ms)));
    this.tracker = new AlertTracker(this.rules);
    this.push = new AlertmanagerPush(opts.alertmanagerUrls ?? []);
    this.webhookUrl = opts.webhookUrl ?? null;
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
    this.push.update(this.tracker.list().firing, transitions, snap.poll_interval_ms);
    if (this.webhookUrl) sendAlertWebhook(this.webhookUrl, transitions);
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
