// Configuration: nsqadmin's flag names, as command-line flags, NSQ_CONSOLE_* environment variables
// and nsqadmin's TOML --config file. Precedence: flag, then environment, then file, then default.
// Parsed once at start-up; any bad value stops start-up naming the setting, the value and the reason.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { type AlertRule, AlertRulesError, alertRuleSchema, type RuleTable, resolveRules } from './alerts/rules';
import { allowedHostProblem } from './auth/host';
import { isPasswordHash } from './auth/password';
import { parseCidr } from './cidr';
import { formatDuration, parseDuration } from './duration';
import { LOG_LEVELS, type LogLevel, parseLogLevel } from './log';
import { parseNsqdAllow } from './nsq/allow';
import { redactUrl } from './redact-url';
import { loadTlsMaterial, type TlsConfig } from './tls-files';

type Kind = 'string' | 'bool';

interface FlagSpec {
  /** nsqadmin's config-file key: the flag name with '-' → '_' unless nsqadmin gave it a cfg tag */
  cfg: string;
  kind: Kind;
  repeatable?: boolean;
  /** nsqadmin flags this console accepts but does not act on yet; they are logged at start-up */
  notYet?: boolean;
  /** graphite and statsd: accepted, and made unnecessary by the built-in rates and history */
  superseded?: boolean;
  /**
   * The default GET /config/:opt reports while the option is unset (nsqadmin's default, or ours for
   * our flags); for a notYet flag it is also the value kept in Config.compat.
   */
  fallback?: string | boolean;
}

const flag = (name: string, spec: Partial<FlagSpec> = {}): [string, FlagSpec] => [
  name,
  { cfg: name.replaceAll('-', '_'), kind: 'string', ...spec },
];

/** Every flag nsqadmin v1.3.0 knows, plus ours (poll-interval, history-retention, metrics-*, prometheus-url, ...). */
export const FLAGS: ReadonlyMap<string, FlagSpec> = new Map([
  flag('config'),
  flag('version', { kind: 'bool' }),
  flag('lookupd-http-address', { cfg: 'nsqlookupd_http_addresses', repeatable: true }),
  flag('nsqd-http-address', { cfg: 'nsqd_http_addresses', repeatable: true }),
  flag('http-address'),
  flag('base-path'),
  flag('http-client-connect-timeout'),
  flag('http-client-request-timeout'),
  flag('poll-interval'),
  flag('history-retention'),
  flag('log-level'),
  flag('log-prefix', { notYet: true, fallback: '[nsqadmin] ' }),
  flag('verbose', { kind: 'bool', notYet: true, fallback: false }),
  flag('dev-static-dir', { notYet: true, fallback: '' }),
  flag('admin-user', { cfg: 'admin_users', repeatable: true }),
  flag('acl-http-header'),
  flag('acl-trusted-proxy', { cfg: 'acl_trusted_proxies', repeatable: true }),
  flag('allowed-host', { cfg: 'allowed_hosts', repeatable: true }),
  flag('read-only', { kind: 'bool' }),
  flag('basic-auth-user', { cfg: 'basic_auth_users', repeatable: true }),
  flag('allow-config-from-cidr'),
  flag('nsqd-allow', { repeatable: true }),
  flag('graphite-url', { notYet: true, superseded: true, fallback: '' }),
  flag('proxy-graphite', { kind: 'bool', notYet: true, superseded: true, fallback: false }),
  flag('statsd-prefix', { notYet: true, superseded: true, fallback: 'nsq.%s' }),
  flag('statsd-counter-format', { notYet: true, superseded: true, fallback: 'stats.counters.%s.count' }),
  flag('statsd-gauge-format', { notYet: true, superseded: true, fallback: 'stats.gauges.%s' }),
  flag('statsd-interval', { notYet: true, superseded: true, fallback: '60s' }),
  flag('notification-http-endpoint'),
  flag('notification-http-header', { cfg: 'notification_http_headers', repeatable: true }),
  flag('metrics-exclude-ephemeral', { kind: 'bool', fallback: true }),
  flag('metrics-topic-include', { fallback: '' }),
  flag('metrics-topic-exclude', { fallback: '' }),
  flag('prometheus-url', { fallback: '' }),
  flag('http-client-tls-insecure-skip-verify', { kind: 'bool', fallback: false }),
  flag('http-client-tls-root-ca-file', { fallback: '' }),
  flag('http-client-tls-cert', { fallback: '' }),
  flag('http-client-tls-key', { fallback: '' }),
  flag('alert-rules', { fallback: '' }),
  flag('alertmanager-url', { cfg: 'alertmanager_urls', repeatable: true }),
  flag('alert-webhook-url', { fallback: '' }),
  flag('disable-message-tools', { kind: 'bool', fallback: false }),
  flag('trace-url-template', { fallback: '' }),
]);

/** Environment variables by name (process.env, or a test's own). */
export type Env = Readonly<Record<string, string | undefined>>;

export const ENV_PREFIX = 'NSQ_CONSOLE_';
export const envName = (flagName: string) => ENV_PREFIX + flagName.replaceAll('-', '_').toUpperCase();

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** A value as given, with where it came from, so an error can point at it. */
interface Given {
  value: string | string[] | boolean;
  source: string;
}

const hostPort = z.string().transform((s, ctx) => {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(s);
  const host = m ? (m[1] ?? m[2] ?? '') : '';
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535) {
    ctx.addIssue({ code: 'custom', message: 'must be <host>:<port> with a port from 1 to 65535' });
    return z.NEVER;
  }
  if (m[1] !== undefined && isIP(host) !== 6) {
    ctx.addIssue({ code: 'custom', message: `"${host}" in brackets is not an IPv6 address` });
    return z.NEVER;
  }
  return { host, port };
});

/** Upstream addresses are contacted as http://<address>, so they must be host:port with a real host. */
const upstreamAddress = hostPort.refine((a) => a.host !== '', 'needs a host before the port');

/** Why this is not an nsqd or nsqlookupd address (host:port), or null when it is one. */
export function upstreamAddressProblem(address: string): string | null {
  const r = upstreamAddress.safeParse(address);
  return r.success ? null : r.error.issues.map((i) => i.message).join('; ');
}

/** host:port as nsqadmin writes it, IPv6 hosts in brackets. */
export function formatHostPort(a: { host: string; port: number }): string {
  return a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;
}
const listenAddress = hostPort;

const duration = (min: number, max: number) =>
  z.string().transform((s, ctx) => {
    const ms = parseDuration(s);
    if (ms === null) {
      ctx.addIssue({ code: 'custom', message: 'is not a duration (use a Go duration such as 500ms, 2s, 1m, 1h)' });
      return z.NEVER;
    }
    if (ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `must be from ${formatDuration(min)} to ${formatDuration(max)}` });
      return z.NEVER;
    }
    return ms;
  });

/** nsqadmin's normalizeBasePath: a leading '/', cleaned, no trailing '/' except for the root. */
export function normaliseBasePath(s: string): string {
  const parts: string[] = [];
  for (const part of s.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/**
 * Narrower than nsqadmin, which takes any string: the launcher writes the base path into the built
 * pages, scripts and manifests (scripts/base-path.ts), where these characters mean the same everywhere.
 */
const BASE_PATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;

const basePath = z.string().transform((s, ctx) => {
  const normal = normaliseBasePath(s);
  if (
    !normal
      .split('/')
      .slice(1)
      .every((p) => p === '' || BASE_PATH_SEGMENT.test(p))
  ) {
    ctx.addIssue({
      code: 'custom',
      message: 'each part of the path may only have letters, digits, "-", ".", "_" and "~"',
    });
    return z.NEVER;
  }
  return normal;
});

const DAY = 86_400_000;
const SETTINGS = {
  'http-address': { schema: listenAddress, fallback: '0.0.0.0:4171' },
  'base-path': { schema: basePath, fallback: '/' },
  'http-client-connect-timeout': { schema: duration(1, 300_000), fallback: '2s' },
  'http-client-request-timeout': { schema: duration(1, 300_000), fallback: '5s' },
  'poll-interval': { schema: duration(250, 3_600_000), fallback: '2s' },
  'history-retention': { schema: duration(60_000, 7 * DAY), fallback: '1h' },
} as const;

export interface AccessConfig {
  /** no mutation at all */
  readOnly: boolean;
  /** nsqadmin's --admin-user: names the --acl-http-header must carry */
  adminUsers: string[];
  aclHttpHeader: string;
  /** CIDR ranges of the proxies whose --acl-http-header is believed (the TCP peer must be in one) */
  aclTrustedProxies: string[];
  /** built-in HTTP basic-auth admins, with scrypt hashes only */
  basicAuthUsers: { name: string; hash: string }[];
  /**
   * Host names a changing request may address the console by, beside IP literals and localhost
   * (lib/auth/host.ts): the --allowed-host values and the --http-address host, if it is a name
   */
  allowedHosts: string[];
}

/** What /metrics exports: cardinality controls, applied to every nsq_topic_* and nsq_channel_* series. */
export interface MetricsConfig {
  /** leave out #ephemeral topics and channels (their names churn with every consumer) */
  excludeEphemeral: boolean;
  /** regex sources, matched against the whole topic name; null for none */
  topicInclude: string | null;
  topicExclude: string | null;
}

export interface Config {
  mode: 'lookupd' | 'nsqd';
  lookupdHttpAddresses: string[];
  nsqdHttpAddresses: string[];
  httpAddress: { host: string; port: number };
  basePath: string;
  httpClientConnectTimeoutMs: number;
  httpClientRequestTimeoutMs: number;
  pollIntervalMs: number;
  historyRetentionMs: number;
  access: AccessConfig;
  /** nsqadmin's --notification-http-endpoint: admin actions are POSTed there */
  notificationHttpEndpoint: string | null;
  /** headers sent with each notification (credentials, which the URL may not carry) */
  notificationHttpHeaders: { name: string; value: string }[];
  /** the start-up level; PUT /config/log_level changes the live one (lib/log.ts) */
  logLevel: LogLevel;
  /** who may call /config/*: a CIDR range the TCP peer must be in; '' disables the check */
  allowConfigFromCidr: string;
  /** the nsqd addresses that may be contacted (lib/nsq/allow.ts); empty: every one */
  nsqdAllow: string[];
  /** nsqadmin options accepted but not acted on, by config-file key, as given or nsqadmin's default */
  compat: Record<string, string | boolean>;
  metrics: MetricsConfig;
  /** a Prometheus that scrapes this console's /metrics: history windows beyond the in-memory retention */
  prometheusUrl: string | null;
  /** nsqadmin's --http-client-tls-*: used when an nsqd answers 403 TLS_REQUIRED (see lib/nsq/http.ts) */
  httpClientTls: TlsConfig;
  /** --alert-rules: a TOML file of [[alert]] tables */
  alertRulesFile: string | null;
  /** --alertmanager-url: Alertmanagers the alerts are pushed to (their /api/v2/alerts), without a trailing / */
  alertmanagerUrls: string[];
  /** --alert-webhook-url: one JSON POST per alert that fires or resolves */
  alertWebhookUrl: string | null;
  /** the health rules in force: the defaults with the [[alert]] tables of --config and --alert-rules applied */
  alertRules: AlertRule[];
  messageTools: MessageToolsConfig;
}

/** Tail, publish and redrive (lib/messages/). */
export interface MessageToolsConfig {
  /** false with --disable-message-tools: the routes answer 404 and the UI has no trace of them */
  enabled: boolean;
  /** --trace-url-template: a link for a trace id carried in a message, with {trace_id} (and {span_id}) */
  traceUrlTemplate: string | null;
}

/** The resolved config as it travels from the launcher to the server runtime (NSQ_CONSOLE_RESOLVED). */
export const configSchema = z.object({
  mode: z.enum(['lookupd', 'nsqd']),
  lookupdHttpAddresses: z.array(z.string()),
  nsqdHttpAddresses: z.array(z.string()),
  httpAddress: z.object({ host: z.string(), port: z.number().int() }),
  basePath: z.string(),
  httpClientConnectTimeoutMs: z.number().positive(),
  httpClientRequestTimeoutMs: z.number().positive(),
  pollIntervalMs: z.number().positive(),
  historyRetentionMs: z.number().positive(),
  access: z.object({
    readOnly: z.boolean(),
    adminUsers: z.array(z.string()),
    aclHttpHeader: z.string(),
    aclTrustedProxies: z.array(z.string()),
    basicAuthUsers: z.array(z.object({ name: z.string(), hash: z.string() })),
    allowedHosts: z.array(z.string()),
  }),
  notificationHttpEndpoint: z.string().nullable(),
  notificationHttpHeaders: z.array(z.object({ name: z.string(), value: z.string() })),
  logLevel: z.enum(LOG_LEVELS),
  allowConfigFromCidr: z.string(),
  nsqdAllow: z.array(z.string()),
  compat: z.record(z.string(), z.union([z.string(), z.boolean()])),
  metrics: z.object({
    excludeEphemeral: z.boolean(),
    topicInclude: z.string().nullable(),
    topicExclude: z.string().nullable(),
  }),
  prometheusUrl: z.string().nullable(),
  httpClientTls: z.object({
    insecureSkipVerify: z.boolean(),
    rootCaFile: z.string().nullable(),
    certFile: z.string().nullable(),
    keyFile: z.string().nullable(),
  }),
  alertRulesFile: z.string().nullable(),
  alertmanagerUrls: z.array(z.string()),
  alertWebhookUrl: z.string().nullable(),
  alertRules: z.array(alertRuleSchema),
  messageTools: z.object({ enabled: z.boolean(), traceUrlTemplate: z.string().nullable() }),
}) satisfies z.ZodType<Config>;

export interface LoadResult {
  config: Config;
  /** lines worth logging at start-up (accepted nsqadmin flags this console does not act on) */
  notices: string[];
}

/** Go's flag package accepts -name as well as --name; node's parseArgs wants --name. */
function normaliseArgv(argv: readonly string[]): string[] {
  return argv.map((a) => (/^-[a-z][a-z-]+/.test(a) ? `-${a}` : a));
}

/** Go's strconv.ParseBool, which Go's flag package applies to -flag=value. */
function parseGoBool(s: string): boolean | null {
  if (/^(1|t|T|TRUE|true|True)$/.test(s)) return true;
  if (/^(0|f|F|FALSE|false|False)$/.test(s)) return false;
  return null;
}

function readFlags(argv: readonly string[], problems: string[]): Map<string, Given> {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of FLAGS) {
    options[name] = { type: spec.kind === 'bool' ? 'boolean' : 'string', multiple: spec.repeatable === true };
  }
  const given = new Map<string, Given>();
  // Go accepts --bool-flag=false (the only way to turn off a flag that defaults to true); parseArgs
  // refuses a value on a boolean, so those are taken here.
  const rest: string[] = [];
  for (const arg of normaliseArgv(argv)) {
    const m = /^--([a-z][a-z-]*)=(.*)$/s.exec(arg);
    const spec = m ? FLAGS.get(m[1] as string) : undefined;
    if (!m || spec?.kind !== 'bool') {
      rest.push(arg);
      continue;
    }
    const value = parseGoBool(m[2] as string);
    if (value === null) problems.push(`--${m[1]}=${JSON.stringify(m[2])}: must be true or false`);
    else given.set(m[1] as string, { value, source: `--${m[1]}` });
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: false });
  } catch (e) {
    problems.push(`command line: ${(e as Error).message}`);
    return given;
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value !== undefined) given.set(name, { value: value as Given['value'], source: `--${name}` });
  }
  return given;
}

/**
 * What Kubernetes puts in every pod for a Service named nsq-console (and Docker's legacy links for a
 * container of that name): NSQ_CONSOLE_SERVICE_HOST, NSQ_CONSOLE_PORT=tcp://…, and so on. They are
 * not settings, and must not stop start-up.
 */
const SERVICE_LINK_ENV =
  /^NSQ_CONSOLE_(SERVICE_(HOST|PORT)(_\w+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?|NAME|ENV_\w+)$/;

function readEnv(env: Env, problems: string[]): Map<string, Given> {
  const given = new Map<string, Given>();
  const known = new Set([...FLAGS.keys()].map(envName));
  for (const [key, raw] of Object.entries(env)) {
    if (!key.startsWith(ENV_PREFIX) || raw === undefined || key === RESOLVED_ENV) continue;
    if (!known.has(key) && SERVICE_LINK_ENV.test(key)) continue;
    if (!known.has(key)) {
      problems.push(`${key}: not a setting this console knows (see README "Configuration")`);
      continue;
    }
    const name = [...FLAGS.keys()].find((n) => envName(n) === key) as string;
    const spec = FLAGS.get(name) as FlagSpec;
    const value = spec.repeatable
      ? raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : spec.kind === 'bool'
        ? /^(1|true|yes)$/i.test(raw.trim())
        : raw.trim();
    given.set(name, { value, source: key });
  }
  return given;
}

function readConfigFile(path: string, problems: string[], alerts: RuleTable[]): Map<string, Given> {
  const given = new Map<string, Given>();
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`--config "${path}": ${(e as Error).message.split('\n')[0]}`);
    return given;
  }
  const byCfg = new Map([...FLAGS].map(([name, spec]) => [spec.cfg, name]));
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'alert') {
      alerts.push(...alertTables(value, `--config "${path}"`, problems));
      continue;
    }
    const name = byCfg.get(key);
    const source = `${key} in ${path}`;
    if (!name || name === 'config') {
      problems.push(`${source}: not an nsqadmin or nsq-console setting`);
      continue;
    }
    const spec = FLAGS.get(name) as FlagSpec;
    const ok = spec.repeatable
      ? Array.isArray(value) && value.every((v) => typeof v === 'string')
      : spec.kind === 'bool'
        ? typeof value === 'boolean'
        : typeof value === 'string';
    if (!ok) {
      const want = spec.repeatable ? 'a list of strings' : spec.kind === 'bool' ? 'true or false' : 'a string';
      problems.push(`${source}: must be ${want}, got ${JSON.stringify(value)}`);
      continue;
    }
    given.set(name, { value: value as Given['value'], source });
  }
  return given;
}

/** The `[[alert]]` tables of a TOML document's `alert` key. */
function alertTables(value: unknown, source: string, problems: string[]): RuleTable[] {
  if (!Array.isArray(value)) {
    problems.push(`${source}: alert must be [[alert]] tables`);
    return [];
  }
  return value.map((table) => ({ table, source }));
}

/** --alert-rules: a TOML file of [[alert]] tables and nothing else. */
function readAlertRulesFile(path: string, problems: string[]): RuleTable[] {
  const source = `--alert-rules "${path}"`;
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push(`${source}: ${(e as Error).message.split('\n')[0]}`);
    return [];
  }
  for (const key of Object.keys(doc))
    if (key !== 'alert') problems.push(`${source}: ${key}: only [[alert]] tables belong here`);
  return doc.alert === undefined ? [] : alertTables(doc.alert, source, problems);
}

/** Reads argv (without node and script), the environment and the --config file into a Config. */
export function loadConfig(argv: readonly string[], env: Env = process.env): LoadResult {
  const problems: string[] = [];
  const flags = readFlags(argv, problems);
  const fromEnv = readEnv(env, problems);
  const configPath = (flags.get('config') ?? fromEnv.get('config'))?.value;
  const ruleTables: RuleTable[] = [];
  const fromFile =
    typeof configPath === 'string' ? readConfigFile(configPath, problems, ruleTables) : new Map<string, Given>();
  const pick = (name: string): Given | undefined => flags.get(name) ?? fromEnv.get(name) ?? fromFile.get(name);

  const notices: string[] = [];
  const compat: Record<string, string | boolean> = {};
  for (const [name, spec] of FLAGS) {
    if (!spec.notYet) continue;
    const g = pick(name);
    compat[spec.cfg] = g ? (g.value as string | boolean) : (spec.fallback ?? '');
    if (!g) continue;
    notices.push(
      spec.superseded
        ? `${g.source}: accepted for nsqadmin compatibility; superseded by the built-in rates and history (no graphite or statsd needed)`
        : `${g.source}: accepted for nsqadmin compatibility; not used by this version`,
    );
  }

  const setting = <K extends keyof typeof SETTINGS>(name: K) => {
    const g = pick(name);
    const raw = g ? String(g.value) : SETTINGS[name].fallback;
    const r = SETTINGS[name].schema.safeParse(raw);
    if (r.success) return r.data as z.output<(typeof SETTINGS)[K]['schema']>;
    const from = g && g.source !== `--${name}` ? ` (from ${g.source})` : '';
    problems.push(`--${name}=${JSON.stringify(raw)}${from}: ${r.error.issues.map((i) => i.message).join('; ')}`);
    return undefined;
  };

  const addresses = (name: 'lookupd-http-address' | 'nsqd-http-address'): string[] => {
    const g = pick(name);
    const list = g ? (g.value as string[]) : [];
    for (const a of list) {
      const r = upstreamAddress.safeParse(a);
      if (!r.success) {
        const from = g && g.source !== `--${name}` ? ` (from ${g.source})` : '';
        problems.push(`--${name}=${JSON.stringify(a)}${from}: ${r.error.issues.map((i) => i.message).join('; ')}`);
      }
    }
    return [...new Set(list)];
  };

  const lookupdHttpAddresses = addresses('lookupd-http-address');
  const nsqdHttpAddresses = addresses('nsqd-http-address');
  // nsqadmin's own start-up messages, word for word, so operators recognise them.
  if (lookupdHttpAddresses.length === 0 && nsqdHttpAddresses.length === 0) {
    problems.push('--nsqd-http-address or --lookupd-http-address required');
  } else if (lookupdHttpAddresses.length > 0 && nsqdHttpAddresses.length > 0) {
    problems.push('use --nsqd-http-address or --lookupd-http-address not both');
  }

  const httpAddress = setting('http-address');
  const basePathValue = setting('base-path');
  const connectMs = setting('http-client-connect-timeout');
  const requestMs = setting('http-client-request-timeout');
  const pollMs = setting('poll-interval');
  const retentionMs = setting('history-retention');
  if (pollMs !== undefined && retentionMs !== undefined && retentionMs < pollMs * 10) {
    problems.push(
      `--history-retention=${formatDuration(retentionMs)}: must hold at least 10 polls (--poll-interval=${formatDuration(pollMs)})`,
    );
  }

  const access = readAccess(pick, problems, httpAddress?.host ?? '');
  const { endpoint: notificationHttpEndpoint, headers: notificationHttpHeaders } = readNotification(pick, problems);

  const levelGiven = pick('log-level');
  const logLevel = levelGiven ? parseLogLevel(String(levelGiven.value)) : 'info';
  if (logLevel === null) problems.push(`${givenAs('log-level', levelGiven)}: must be one of ${LOG_LEVELS.join(', ')}`);

  const cidrGiven = pick('allow-config-from-cidr');
  const allowConfigFromCidr = cidrGiven ? String(cidrGiven.value).trim() : '127.0.0.1/8';
  if (allowConfigFromCidr !== '' && parseCidr(allowConfigFromCidr) === null) {
    problems.push(
      `${givenAs('allow-config-from-cidr', cidrGiven)}: must be a CIDR range such as 127.0.0.1/8 or fd00::/8 (empty disables the check)`,
    );
  }

  const allowGiven = pick('nsqd-allow');
  const nsqdAllow = [...new Set(((allowGiven?.value as string[] | undefined) ?? []).map((p) => p.trim()))];
  for (const p of nsqdAllow.filter((x) => parseNsqdAllow(x) === null)) {
    const given = givenAs('nsqd-allow', { value: p, source: allowGiven?.source ?? '--nsqd-allow' });
    problems.push(
      `${given}: must be a CIDR range (10.0.0.0/8), an IP address (127.0.0.1) or a host name in which * stands for part of a label (nsqd-*.example.com)`,
    );
  }

  const metrics = readMetrics(pick, problems);
  const prometheus = pick('prometheus-url')?.value;
  let prometheusUrl: string | null = null;
  if (typeof prometheus === 'string' && prometheus !== '') {
    const url = URL.canParse(prometheus) ? new URL(prometheus) : null;
    if (
      url &&
      /^https?:$/.test(url.protocol) &&
      url.search === '' &&
      url.hash === '' &&
      url.username === '' &&
      url.password === ''
    ) {
      // queries go to <url>/api/v1/...; a Prometheus served under a path prefix keeps it
      prometheusUrl = url.href.replace(/\/+$/, '');
    } else {
      problems.push(
        // redacted: a rejected URL may be rejected for the credentials it carries
        `--prometheus-url=${JSON.stringify(redactUrl(prometheus))}: must be an http(s) URL of a Prometheus server, such as http://prometheus:9090 (no query, fragment or credentials)`,
      );
    }
  }
  const httpClientTls = readTls(pick, problems);

  const rulesPath = pick('alert-rules')?.value;
  if (typeof rulesPath === 'string' && rulesPath !== '') ruleTables.push(...readAlertRulesFile(rulesPath, problems));
  let alertRules: AlertRule[] = [];
  try {
    alertRules = resolveRules(ruleTables);
  } catch (e) {
    if (!(e instanceof AlertRulesError)) throw e;
    problems.push(...e.problems);
  }

  const alertDelivery = readAlertDelivery(pick, problems);
  const messageTools = readMessageTools(pick, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    config: {
      mode: lookupdHttpAddresses.length > 0 ? 'lookupd' : 'nsqd',
      lookupdHttpAddresses,
      nsqdHttpAddresses,
      httpAddress: httpAddress as Config['httpAddress'],
      basePath: basePathValue as string,
      httpClientConnectTimeoutMs: connectMs as number,
      httpClientRequestTimeoutMs: requestMs as number,
      pollIntervalMs: pollMs as number,
      historyRetentionMs: retentionMs as number,
      access,
      notificationHttpEndpoint,
      notificationHttpHeaders,
      logLevel: logLevel as LogLevel,
      allowConfigFromCidr,
      nsqdAllow,
      compat,
      metrics,
      prometheusUrl,
      httpClientTls,
      alertRulesFile: typeof rulesPath === 'string' && rulesPath !== '' ? rulesPath : null,
      ...alertDelivery,
      alertRules,
      messageTools,
    },
    notices,
  };
}

/** How a bad value is named in an error: the flag with the value, and where it came from if not the command line. */
function givenAs(name: string, g: Given | undefined): string {
  const from = g && g.source !== `--${name}` ? ` (from ${g.source})` : '';
  return `--${name}=${JSON.stringify(g ? g.value : '')}${from}`;
}

/** A topic-name pattern as /metrics applies it: anchored, so the whole name must match (as in Prometheus). */
export function topicPattern(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}

function readMetrics(pick: (name: string) => Given | undefined, problems: string[]): MetricsConfig {
  const pattern = (name: 'metrics-topic-include' | 'metrics-topic-exclude'): string | null => {
    const g = pick(name);
    if (!g || typeof g.value !== 'string' || g.value === '') return null;
    try {
      topicPattern(g.value);
      return g.value;
    } catch (e) {
      const from = g.source !== `--${name}` ? ` (from ${g.source})` : '';
      // V8 says "Invalid regular expression: /<the anchored source>/: <reason>"; the reason is enough
      const reason = /: ([^:]*)$/.exec((e as Error).message)?.[1] ?? (e as Error).message;
      problems.push(`--${name}=${JSON.stringify(g.value)}${from}: not a valid regular expression: ${reason}`);
      return null;
    }
  };
  return {
    excludeEphemeral: pick('metrics-exclude-ephemeral')?.value !== false,
    topicInclude: pattern('metrics-topic-include'),
    topicExclude: pattern('metrics-topic-exclude'),
  };
}

/**
 * The TLS files, made absolute (the server changes its working directory) and checked now, so that a
 * missing file or a key that does not match its certificate stops start-up instead of failing every poll.
 */
function readTls(pick: (name: string) => Given | undefined, problems: string[]): TlsConfig {
  const file = (name: string): string | null => {
    const v = pick(name)?.value;
    return typeof v === 'string' && v.trim() !== '' ? resolvePath(v.trim()) : null;
  };
  const tls: TlsConfig = {
    insecureSkipVerify: pick('http-client-tls-insecure-skip-verify')?.value === true,
    rootCaFile: file('http-client-tls-root-ca-file'),
    certFile: file('http-client-tls-cert'),
    keyFile: file('http-client-tls-key'),
  };
  for (const p of loadTlsMaterial(tls).problems) {
    const g = pick(p.flag);
    const from = g && g.source !== `--${p.flag}` ? ` (from ${g.source})` : '';
    problems.push(`--${p.flag}=${JSON.stringify(String(g?.value ?? ''))}${from}: ${p.reason}`);
  }
  return tls;
}

/** HTTP header names are RFC 9110 tokens. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A repeatable flag's values; commas also separate them (no CIDR or host name has one), so that
 * --acl-trusted-proxy=0.0.0.0/0,::/0 reads as it is written.
 */
function list(pick: (name: string) => Given | undefined, name: string): string[] {
  const values = (pick(name)?.value as string[] | undefined) ?? [];
  return [
    ...new Set(
      values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

function readAccess(pick: (name: string) => Given | undefined, problems: string[], listenHost: string): AccessConfig {
  const adminUsers = [...new Set((pick('admin-user')?.value as string[] | undefined) ?? [])];
  const aclHttpHeader = String(pick('acl-http-header')?.value ?? 'X-Forwarded-User');
  if (!HEADER_NAME.test(aclHttpHeader))
    problems.push(`--acl-http-header=${JSON.stringify(aclHttpHeader)}: not an HTTP header name`);
  const aclTrustedProxies = list(pick, 'acl-trusted-proxy');
  for (const c of aclTrustedProxies) {
    if (parseCidr(c) === null) {
      const given = givenAs('acl-trusted-proxy', pick('acl-trusted-proxy'));
      problems.push(`${given}: ${JSON.stringify(c)} is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
    }
  }
  // nsqadmin believes the header from anyone, so anyone who can reach it directly is an admin
  if (adminUsers.length > 0 && aclTrustedProxies.length === 0) {
    problems.push(
      `--admin-user needs --acl-trusted-proxy: the CIDR ranges of the proxies that set or strip ${aclHttpHeader}; ` +
        'to believe the header from any client, as nsqadmin does, give --acl-trusted-proxy=0.0.0.0/0,::/0',
    );
  }
  const allowedHosts = list(pick, 'allowed-host').map((h) => h.toLowerCase());
  for (const h of allowedHosts) {
    const p = allowedHostProblem(h);
    if (p) problems.push(`${givenAs('allowed-host', pick('allowed-host'))}: ${JSON.stringify(h)}: ${p}`);
  }
  const listenName = listenHost.toLowerCase();
  if (listenName !== '' && isIP(listenName) === 0 && !allowedHosts.includes(listenName)) allowedHosts.push(listenName);
  const basicAuthUsers: AccessConfig['basicAuthUsers'] = [];
  for (const entry of (pick('basic-auth-user')?.value as string[] | undefined) ?? []) {
    const at = entry.indexOf(':');
    const name = at > 0 ? entry.slice(0, at) : '';
    const hash = at > 0 ? entry.slice(at + 1) : '';
    // the value is never echoed: it may be a password given by mistake
    if (!name || !isPasswordHash(hash)) {
      problems.push(
        `--basic-auth-user for ${JSON.stringify(name || '?')}: must be <name>:<hash> with a hash from \`npm run hash-password\``,
      );
    } else basicAuthUsers.push({ name, hash });
  }
  const readOnly = pick('read-only')?.value === true;
  if (readOnly && (adminUsers.length > 0 || basicAuthUsers.length > 0)) {
    problems.push(
      '--read-only: cannot be combined with --admin-user or --basic-auth-user (read-only allows no mutation at all)',
    );
  }
  return { readOnly, adminUsers, aclHttpHeader, aclTrustedProxies, basicAuthUsers, allowedHosts };
}

/** Header values must not be able to end the header (CR, LF) or carry other control characters. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * --alertmanager-url and --alert-webhook-url: http(s) URLs without credentials, which would be logged
 * with every failed delivery (Alertmanager behind basic auth is not supported yet).
 */
function readAlertDelivery(
  pick: (name: string) => Given | undefined,
  problems: string[],
): Pick<Config, 'alertmanagerUrls' | 'alertWebhookUrl'> {
  const check = (flagName: string, value: string, what: string): string | null => {
    const url = URL.canParse(value) ? new URL(value) : null;
    if (url && /^https?:$/.test(url.protocol) && url.username === '' && url.password === '' && url.hash === '')
      return value;
    problems.push(`--${flagName}=${JSON.stringify(redactUrl(value))}: must be ${what}, without credentials`);
    return null;
  };
  const alertmanagerUrls: string[] = [];
  for (const u of (pick('alertmanager-url')?.value as string[] | undefined) ?? []) {
    const ok = check('alertmanager-url', u, 'an http(s) URL of an Alertmanager, such as http://alertmanager:9093');
    if (ok !== null && new URL(ok).search !== '')
      problems.push(`--alertmanager-url=${JSON.stringify(redactUrl(u))}: must not have a query`);
    else if (ok !== null) alertmanagerUrls.push(ok.replace(/\/+$/, ''));
  }
  const hook = pick('alert-webhook-url')?.value;
  const alertWebhookUrl =
    typeof hook === 'string' && hook !== '' ? check('alert-webhook-url', hook, 'a fully qualified http(s) URL') : null;
  return { alertmanagerUrls: [...new Set(alertmanagerUrls)], alertWebhookUrl };
}

/**
 * --disable-message-tools and --trace-url-template. The template must be an http(s) URL with
 * {trace_id}: a template without it would send every message's link to the same place.
 */
function readMessageTools(pick: (name: string) => Given | undefined, problems: string[]): MessageToolsConfig {
  const template = pick('trace-url-template')?.value;
  let traceUrlTemplate: string | null = null;
  if (typeof template === 'string' && template !== '') {
    const sample = template.replaceAll('{trace_id}', '0').replaceAll('{span_id}', '0');
    const url = URL.canParse(sample) ? new URL(sample) : null;
    if (!template.includes('{trace_id}') || !url || !/^https?:$/.test(url.protocol)) {
      problems.push(
        `--trace-url-template=${JSON.stringify(template)}: must be an http(s) URL with {trace_id} in it, such as http://jaeger:16686/trace/{trace_id}`,
      );
    } else traceUrlTemplate = template;
  }
  return { enabled: pick('disable-message-tools')?.value !== true, traceUrlTemplate };
}

function readNotification(
  pick: (name: string) => Given | undefined,
  problems: string[],
): { endpoint: string | null; headers: Config['notificationHttpHeaders'] } {
  const given = pick('notification-http-endpoint')?.value;
  let endpoint: string | null = null;
  if (typeof given === 'string' && given !== '') {
    const url = URL.canParse(given) ? new URL(given) : null;
    if (!url || !/^https?:$/.test(url.protocol)) {
      // redacted: a webhook URL pasted without its scheme still holds its token
      problems.push(
        `--notification-http-endpoint=${JSON.stringify(redactUrl(given))}: must be a fully qualified http(s) URL`,
      );
    } else if (url.username !== '' || url.password !== '') {
      // they would be logged with every failure and shown wherever the URL is; the value is not echoed
      problems.push(
        '--notification-http-endpoint: must not carry credentials (user:password@); ' +
          'send them with --notification-http-header="Authorization: Basic ..." instead',
      );
    } else endpoint = given;
  }
  const headers: Config['notificationHttpHeaders'] = [];
  for (const entry of (pick('notification-http-header')?.value as string[] | undefined) ?? []) {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon).trim() : '';
    const value = colon > 0 ? entry.slice(colon + 1).trim() : '';
    // the value is never echoed: it is usually a credential
    if (!HEADER_NAME.test(name) || !HEADER_VALUE.test(value)) {
      problems.push(
        `--notification-http-header for ${JSON.stringify(name || '?')}: must be "<Header-Name>: <value>" with no line breaks`,
      );
    } else headers.push({ name, value });
  }
  return { endpoint, headers };
}

/** The launcher validates once and hands the result to the server runtime through this variable. */
export const RESOLVED_ENV = 'NSQ_CONSOLE_RESOLVED';

export function serialiseConfig(config: Config): string {
  return JSON.stringify(config);
}

/** The server runtime's config: the launcher's resolved copy, or (under `next dev`) the environment. */
export function runtimeConfig(env: Env = process.env): Config {
  const resolved = env[RESOLVED_ENV];
  if (resolved) return configSchema.parse(JSON.parse(resolved));
  return loadConfig([], env).config;
}
