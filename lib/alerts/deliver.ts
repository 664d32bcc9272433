import 'server-only';
// Where alerts go. To Alertmanager (--alertmanager-url, repeatable) as Prometheus sends them: every
// firing alert with an endsAt a few resend intervals ahead, re-sent while it fires, and once more with
// its real endsAt when it resolves, so routing, silences and paging stay in the tool teams already
// run. To --alert-webhook-url: one JSON POST per firing or resolved transition. Both are sent in the
// background with retries and back-off: a slow or dead receiver never delays a poll, and a failure is
// logged with the URL redacted (it may carry a token).
import pRetry from 'p-retry';
import { log } from '../log';
import { failureSummary } from '../notify';
import { redactUrl } from '../redact-url';
import { type Alert, type AlertJson, alertJson, type Transition } from './tracker';

const SEND_TIMEOUT_MS = 5000;
/** attempts after the first, 1 s apart, then 2 s, 4 s */
const RETRIES = 3;

async function postJson(url: string, body: unknown): Promise<void> {
  await pRetry(
    async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await res.body?.cancel();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    },
    { retries: RETRIES, minTimeout: 1000, factor: 2 },
  );
}

/** Resolutions kept per Alertmanager until delivered. */
const MAX_UNSENT = 1000;

/** Prometheus re-sends firing alerts every minute; Alertmanager resolves one it stops hearing about. */
export const RESEND_MS = 60_000;

/** An alert in Alertmanager's API v2 shape. Labels identify it; annotations describe it. */
export function alertmanagerAlert(a: Alert, endsAt: number) {
  const labels: Record<string, string> = {
    alertname: a.rule,
    severity: a.severity,
    kind: a.kind,
    source: 'nsq-console',
  };
  if (a.topic !== null) labels.topic = a.topic;
  if (a.channel !== null) labels.channel = a.channel;
  if (a.node !== null) labels.node = a.node;
  return {
    labels,
    annotations: { summary: a.summary, value: String(a.value), threshold: String(a.threshold) },
    startsAt: new Date(a.fired_at ?? a.since).toISOString(),
    endsAt: new Date(endsAt).toISOString(),
  };
}

/** Pushes the firing alerts to every configured Alertmanager, and each resolution until delivered. */
export class AlertmanagerPush {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  /** per URL: resolutions not yet delivered there, by alert id */
  private readonly unsent = new Map<string, Map<string, Alert>>();
  private readonly sending = new Set<string>();

  constructor(
    private readonly urls: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    for (const u of urls) this.unsent.set(u, new Map());
  }

  /** After each evaluation: sends at once when an alert fired or resolved, else every RESEND_MS. */
  update(firing: readonly Alert[], transitions: readonly Transition[], pollIntervalMs: number): void {
    if (this.urls.length === 0) return;
    for (const t of transitions)
      if (t.to === 'resolved')
        for (const m of this.unsent.values()) {
          m.set(t.alert.id, t.alert);
          // an Alertmanager that never answers must not grow this without bound; the oldest go first
          // (Alertmanager resolves an alert it stops hearing about at its endsAt anyway)
          if (m.size > MAX_UNSENT) m.delete(m.keys().next().value as string);
        }
    const changed = transitions.some((t) => t.to !== 'pending');
    const now = this.now();
    if (!changed && now - this.lastSentAt < RESEND_MS) return;
    this.lastSentAt = now;
    // as Prometheus: a firing alert ends by itself if the console stops re-sending it
    const endsAt = now + 4 * Math.max(RESEND_MS, pollIntervalMs);
    for (const url of this.urls) this.send(url, firing, endsAt);
  }

  private send(url: string, firing: readonly Alert[], endsAt: number): void {
    // one request at a time per Alertmanager; the next update sends whatever is current then
    if (this.sending.has(url)) return;
    const resolved = [...(this.unsent.get(url)?.values() ?? [])];
    const body = [
      ...firing.map((a) => alertmanagerAlert(a, endsAt)),
      ...resolved.map((a) => alertmanagerAlert(a, a.resolved_at ?? this.now())),
    ];
    if (body.length === 0) return;
    this.sending.add(url);
    postJson(`${url}/api/v2/alerts`, body)
      .then(() => {
        for (const a of resolved) this.unsent.get(url)?.delete(a.id);
      })
      .catch((e: unknown) =>
        log('warn', 'alertmanager push failed', {
          alertmanager: redactUrl(url),
          alerts: body.length,
          error: failureSummary(e),
        }),
      )
      .finally(() => this.sending.delete(url));
  }
}

/** What --alert-webhook-url receives, once per transition. */
export interface AlertWebhookPayload {
  type: 'alert';
  /** the state the alert entered */
  state: 'firing' | 'resolved';
  alert: AlertJson;
}

/** One POST per firing or resolved transition (pending is not news), in the background. */
export function sendAlertWebhook(url: string, transitions: readonly Transition[]): void {
  for (const t of transitions) {
    if (t.to === 'pending') continue;
    const payload: AlertWebhookPayload = { type: 'alert', state: t.to, alert: alertJson(t.alert) };
    postJson(url, payload).catch((e: unknown) =>
      log('warn', 'alert webhook failed', { endpoint: redactUrl(url), rule: t.alert.rule, error: failureSummary(e) }),
    );
  }
}
