// nsqadmin's GET /config/:opt: every option by its config-file name, with the value in force.
// Values have nsqadmin's JSON shapes (durations are Go's time.Duration: integer nanoseconds) except
// log_level, which is its name (nsqadmin answers an integer there only because its type lacks a JSON
// marshaller). Nothing secret is ever returned: basic_auth_users gives names without hashes, URLs
// (which may carry credentials, or a token in the path as webhook URLs do) keep only scheme and host,
// notification headers only their names,
// and the http_client_tls_* options are the paths of the files, never their contents.
import { type Config, FLAGS, formatHostPort } from './config';
import { parseDuration } from './duration';
import type { LogLevel } from './log';
import { redactUrl } from './redact-url';

/** What may have changed since start-up (PUT /config/:opt). */
export interface LiveOptions {
  lookupdHttpAddresses: readonly string[];
  logLevel: LogLevel;
}

/** The options PUT /config/:opt may change, as in nsqadmin. */
export const WRITABLE_OPTIONS = ['nsqlookupd_http_addresses', 'log_level'] as const;

const ns = (ms: number) => ms * 1_000_000;

export function configOptions(config: Config, live: LiveOptions): Record<string, unknown> {
  const compat = config.compat;
  const statsdInterval = String(compat.statsd_interval ?? '60s');
  const statsdMs = parseDuration(statsdInterval);
  return {
    ...compat,
    nsqlookupd_http_addresses: [...live.lookupdHttpAddresses],
    nsqd_http_addresses: [...config.nsqdHttpAddresses],
    http_address: formatHostPort(config.httpAddress),
    base_path: config.basePath,
    http_client_connect_timeout: ns(config.httpClientConnectTimeoutMs),
    http_client_request_timeout: ns(config.httpClientRequestTimeoutMs),
    poll_interval: ns(config.pollIntervalMs),
    history_retention: ns(config.historyRetentionMs),
    log_level: live.logLevel,
    admin_users: [...config.access.adminUsers],
    acl_http_header: config.access.aclHttpHeader,
    acl_trusted_proxies: [...config.access.aclTrustedProxies],
    allowed_hosts: [...config.access.allowedHosts],
    read_only: config.access.readOnly,
    basic_auth_users: config.access.basicAuthUsers.map((u) => u.name),
    allow_config_from_cidr: config.allowConfigFromCidr,
    nsqd_allow: [...config.nsqdAllow],
    notification_http_endpoint: redactUrl(config.notificationHttpEndpoint ?? ''),
    notification_http_headers: config.notificationHttpHeaders.map((h) => `${h.name}: ***`),
    graphite_url: redactUrl(String(compat.graphite_url ?? '')),
    statsd_interval: statsdMs === null ? statsdInterval : ns(statsdMs),
    metrics_exclude_ephemeral: config.metrics.excludeEphemeral,
    metrics_topic_include: config.metrics.topicInclude ?? unset('metrics-topic-include'),
    metrics_topic_exclude: config.metrics.topicExclude ?? unset('metrics-topic-exclude'),
    prometheus_url: redactUrl(config.prometheusUrl ?? ''),
    // file paths only; the key itself is never read here
    http_client_tls_insecure_skip_verify: config.httpClientTls.insecureSkipVerify,
    http_client_tls_root_ca_file: config.httpClientTls.rootCaFile ?? unset('http-client-tls-root-ca-file'),
    http_client_tls_cert: config.httpClientTls.certFile ?? unset('http-client-tls-cert'),
    http_client_tls_key: config.httpClientTls.keyFile ?? unset('http-client-tls-key'),
    alert_rules: config.alertRulesFile ?? unset('alert-rules'),
    alertmanager_urls: config.alertmanagerUrls.map(redactUrl),
    alert_webhook_url: redactUrl(config.alertWebhookUrl ?? ''),
    disable_message_tools: !config.messageTools.enabled,
    trace_url_template: config.messageTools.traceUrlTemplate ?? unset('trace-url-template'),
  };
}

/** What an option reads as while it is not set (the flag's fallback in FLAGS). */
function unset(flag: string): string | boolean {
  return FLAGS.get(flag)?.fallback ?? '';
}

/** Every name GET /config/:opt knows: each flag's config-file key, less --config and --version. */
export const OPTION_NAMES: readonly string[] = [...FLAGS]
  .filter(([name]) => name !== 'config' && name !== 'version')
  .map(([, spec]) => spec.cfg);
