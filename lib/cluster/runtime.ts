import 'server-only';
// The server process's single set of long-lived objects. Kept on globalThis because Next.js may load
// this module more than once (instrumentation and each route bundle), and there must be one poller.
import { Alerts } from '../alerts/alerts';
import { type Config, runtimeConfig } from '../config';
import { EventLog } from '../events/event-log';
import { setLogLevel } from '../log';
import { Publisher } from '../messages/publish';
import { Redrives } from '../messages/redrive';
import { Tails } from '../messages/tail';
import { ConsoleMetrics } from '../metrics';
import type { NsqHttp } from '../nsq/http';
import { PrometheusHistory } from '../prometheus';
import { PollErrorCounts } from '../telemetry/poll-errors';
import type { Telemetry } from '../telemetry/sdk';
import { Actions } from './actions';
import { DetailFetcher } from './detail';
import { InactiveTopicsCache } from './inactive';
import { Poller } from './poller';
import { RUNTIME_KEY } from './runtime-key';
import { createNsqHttpFromConfig } from './upstream-http';

export interface Runtime {
  config: Config;
  http: NsqHttp;
  poller: Poller;
  detail: DetailFetcher;
  actions: Actions;
  metrics: ConsoleMetrics;
  /** GET /api/topics?inactive=true, once per snapshot */
  inactive: InactiveTopicsCache;
  /** history beyond the in-memory retention, when --prometheus-url is set */
  prometheus: PrometheusHistory | null;
  /** the health rules, evaluated on every sweep */
  alerts: Alerts;
  /** nodes down and back, alerts, admin actions: what happened when */
  events: EventLog;
  /** the message tools (lib/messages/) */
  publisher: Publisher;
  tails: Tails;
  redrives: Redrives;
  /** failed reads per node, for the OTLP metrics */
  pollErrors: PollErrorCounts;
  /** the OpenTelemetry SDK when it runs (instrumentation.ts), so that shutdown can flush it */
  telemetry: Telemetry | null;
}

const KEY = RUNTIME_KEY;
type WithRuntime = typeof globalThis & { [KEY]?: Runtime };

export function getRuntime(): Runtime {
  const g = globalThis as WithRuntime;
  if (!g[KEY]) {
    const config = runtimeConfig();
    setLogLevel(config.logLevel);
    let poller: Poller | null = null;
    const http = createNsqHttpFromConfig(config, () => poller?.lookupdAddresses ?? []);
    let metrics: ConsoleMetrics | null = null;
    const pollErrors = new PollErrorCounts();
    const events = new EventLog(config.historyRetentionMs);
    const alerts = new Alerts({
      rules: config.alertRules,
      alertmanagerUrls: config.alertmanagerUrls,
      webhookUrl: config.alertWebhookUrl,
    });
    poller = new Poller({
      config,
      onPoll: (snap, changes) => {
        metrics?.observePoll(snap);
        pollErrors.observe(snap);
        events.addStatusChanges(changes, snap.taken_at);
        events.addAlertTransitions(alerts.observe(snap));
      },
    });
    metrics = new ConsoleMetrics({
      snapshot: () => poller.latest(),
      config: config.metrics,
      alerts: () => alerts.list(),
    });
    const prometheus = config.prometheusUrl
      ? new PrometheusHistory({
          url: config.prometheusUrl,
          timeoutMs: Math.max(config.httpClientRequestTimeoutMs, 10_000),
        })
      : null;
    poller.start();
    const detail = new DetailFetcher(http);
    const actions = new Actions({ http, poller, detail, lookupds: () => poller.lookupdAddresses });
    const publisher = new Publisher({ http, poller });
    g[KEY] = {
      config,
      http,
      poller,
      detail,
      actions,
      metrics,
      inactive: new InactiveTopicsCache(http),
      prometheus,
      alerts,
      events,
      publisher,
      tails: new Tails({ http, poller, traceUrlTemplate: config.messageTools.traceUrlTemplate }),
      redrives: new Redrives({ poller, publisher }),
      pollErrors,
      telemetry: null,
    };
  }
  return g[KEY];
}
