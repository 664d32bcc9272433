import 'server-only';
// GET /api/alerts: what the health rules say about the cluster now (lib/alerts); GET /api/alerts/rules:
// the same rules for Prometheus to evaluate.
import { prometheusRulesYaml } from '../alerts/prometheus-rules';
import type { AlertRule } from '../alerts/rules';
import { type AlertJson, alertJson } from '../alerts/tracker';
import type { Runtime } from '../cluster/runtime';
import { json } from './respond';

export interface AlertsResponse {
  /** firing alerts, most severe and oldest first */
  firing: AlertJson[];
  /** breaches not yet held for their rule's `for` */
  pending: AlertJson[];
  /** the last resolved alerts, newest first */
  resolved: AlertJson[];
  /** the rules in force */
  rules: AlertRule[];
  /** the sweep the rules were last evaluated on (ms since epoch), or null before the first */
  evaluated_at: number | null;
}

export function alertsBody(rt: Runtime): AlertsResponse {
  const { firing, pending, resolved } = rt.alerts.list();
  return {
    firing: firing.map(alertJson),
    pending: pending.map(alertJson),
    resolved: resolved.map(alertJson),
    rules: [...rt.alerts.rules],
    evaluated_at: rt.alerts.evaluatedAt,
  };
}

export function getAlerts(rt: Runtime): Response {
  return json(alertsBody(rt));
}

/** The rules in force as a Prometheus rules file over this console's /metrics series. */
export function alertRulesBody(rt: Runtime): string {
  return prometheusRulesYaml(rt.alerts.rules);
}

export function getAlertRules(rt: Runtime): Response {
  return new Response(alertRulesBody(rt), {
    headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}
