import 'server-only';
// GET /api/alerts: what the health rules say about the cluster now (lib/alerts).
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
