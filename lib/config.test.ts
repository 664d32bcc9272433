import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative as relativePath } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../test/tls-certs';
import { DEFAULT_RULES } from './alerts/rules';
import { hashPassword } from './auth/password';
import { ConfigError, type Env, loadConfig, runtimeConfig, serialiseConfig } from './config';

const problems = (argv: string[], env: Env = {}) => {
  try {
    loadConfig(argv, env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

function tomlFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'nsq-console-cfg-')), 'nsqadmin.cfg');
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('has nsqadmin defaults and ours', () => {
    const { config } = loadConfig(['--lookupd-http-address=127.0.0.1:4161'], {});
    expect(config).toEqual({
      mode: 'lookupd',
      lookupdHttpAddresses: ['127.0.0.1:4161'],
      nsqdHttpAddresses: [],
      httpAddress: { host: '0.0.0.0', port: 4171 },
      basePath: '/',
      httpClientConnectTimeoutMs: 2000,
      httpClientRequestTimeoutMs: 5000,
      pollIntervalMs: 2000,
      historyRetentionMs: 3_600_000,
      access: {
        readOnly: false,
        adminUsers: [],
        aclHttpHeader: 'X-Forwarded-User',
        aclTrustedProxies: [],
        basicAuthUsers: [],
        allowedHosts: [],
      },
      notificationHttpEndpoint: null,
      notificationHttpHeaders: [],
      logLevel: 'info',
      allowConfigFromCidr: '127.0.0.1/8',
      nsqdAllow: [],
      compat: {
        log_prefix: '[nsqadmin] ',
        verbose: false,
        dev_static_dir: '',
        graphite_url: '',
        proxy_graphite: false,
        statsd_prefix: 'nsq.%s',
        statsd_counter_format: 'stats.counters.%s.count',
        statsd_gauge_format: 'stats.gauges.%s',
        statsd_interval: '60s',
      },
      metrics: { excludeEphemeral: true, topicInclude: null, topicExclude: null },
      prometheusUrl: null,
      httpClientTls: { insecureSkipVerify: false, rootCaFile: null, certFile: null, keyFile: null },
      alertRulesFile: null,
      alertmanagerUrls: [],
      alertWebhookUrl: null,
      alertRules: DEFAULT_RULES,
      messageTools: { enabled: true, traceUrlTemplate: null },
    });
  });

  it('applies [[alert]] tables from the --config file, then from --alert-rules', () => {
    const config = tomlFile('nsqlookupd_http_addresses = ["l:4161"]\n[[alert]]\nname = "backlog"\nthreshold = 50\n');
    const rules = tomlFile('[[alert]]\nname = "orders-slow"\nkind = "consume_delay"\ntopic = "orders"\nfor = "30s"\n');
    const loaded = loadConfig([`--config=${config}`, `--alert-rules=${rules}`], {}).config;
    expect(loaded.alertRules.find((r) => r.name === 'backlog')?.threshold).toBe(50);
    expect(loaded.alertRules.find((r) => r.name === 'orders-slow')).toMatchObject({ topic: 'orders', for_ms: 30_000 });
    expect(loaded.alertRulesFile).toBe(rules);
  });

  it('takes Alertmanager and webhook URLs, and refuses ones that would leak credentials', () => {
    const config = loadConfig(
      [
        '--lookupd-http-address=l:4161',
        '--alertmanager-url=http://am-1:9093/',
        '--alertmanager-url=https://am-2.example.com/am',
        '--alert-webhook-url=https://hooks.example.com/T0K3N',
      ],
      {},
    ).config;
    expect(config.alertmanagerUrls).toEqual(['http://am-1:9093', 'https://am-2.example.com/am']);
    expect(config.alertWebhookUrl).toBe('https://hooks.example.com/T0K3N');
    const bad = problems([
      '--lookupd-http-address=l:4161',
      '--alertmanager-url=http://admin:s3cr3t@am:9093',
      '--alert-webhook-url=hooks.example.com/x',
    ]);
    expect(bad).toHaveLength(2);
    expect(bad[0]).toMatch(/^--alertmanager-url=.*: must be an http\(s\) URL of an Alertmanager/);
    expect(bad.join(' ')).not.toContain('s3cr3t');
    expect(bad[1]).toMatch(/^--alert-webhook-url=/);
  });

  it('takes a trace link template with {trace_id}, and the switch that disables the message tools', () => {
    const config = loadConfig(
      [
        '--lookupd-http-address=l:4161',
        '--trace-url-template=http://jaeger:16686/trace/{trace_id}',
        '--disable-message-tools',
      ],
      {},
    ).config;
    expect(config.messageTools).toEqual({ enabled: false, traceUrlTemplate: 'http://jaeger:16686/trace/{trace_id}' });
    for (const bad of ['http://jaeger:16686/search', 'javascript:alert({trace_id})', 'jaeger/{trace_id}'])
      expect(problems(['--lookupd-http-address=l:4161', `--trace-url-template=${bad}`])).toEqual([
        expect.stringMatching(/^--trace-url-template=.*: must be an http\(s\) URL with \{trace_id\} in it/),
      ]);
  });

  it('stops at a bad alert rule, naming the file, the rule, the field and the reason', () => {
    const rules = tomlFile('[[alert]]\nname = "orders-backlog"\nkind = "backlog"\nseverity = "loud"\n');
    expect(problems(['--lookupd-http-address=l:4161', `--alert-rules=${rules}`])).toEqual([
      expect.stringMatching(new RegExp(`^--alert-rules "${rules}": alert rule "orders-backlog": severity: `)),
    ]);
    const stray = tomlFile('poll_interval = "1s"\n');
    expect(problems(['--lookupd-http-address=l:4161', `--alert-rules=${stray}`])).toEqual([
      `--alert-rules "${stray}": poll_interval: only [[alert]] tables belong here`,
    ]);
  });

  it("reads --log-level with nsqadmin's names, any case", () => {
    const level = (v: string) => loadConfig(['--lookupd-http-address=a:1', `--log-level=${v}`], {}).config.logLevel;
    expect(level('debug')).toBe('debug');
    expect(level('WARN')).toBe('warn');
    expect(level('fatal')).toBe('fatal');
    expect(
      loadConfig([], { NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: 'a:1', NSQ_CONSOLE_LOG_LEVEL: 'error' }).config.logLevel,
    ).toBe('error');
    expect(problems(['--lookupd-http-address=a:1', '--log-level=verbose'])).toEqual([
      '--log-level="verbose": must be one of debug, info, warn, error, fatal',
    ]);
    expect(problems(['--lookupd-http-address=a:1'], { NSQ_CONSOLE_LOG_LEVEL: 'loud' })).toEqual([
      '--log-level="loud" (from NSQ_CONSOLE_LOG_LEVEL): must be one of debug, info, warn, error, fatal',
    ]);
  });

  it('validates --allow-config-from-cidr at start-up; empty disables the check', () => {
    const cidr = (v: string) =>
      loadConfig(['--lookupd-http-address=a:1', `--allow-config-from-cidr=${v}`], {}).config.allowConfigFromCidr;
    expect(cidr('10.0.0.0/8')).toBe('10.0.0.0/8');
    expect(cidr('fd00::/8')).toBe('fd00::/8');
    expect(cidr('')).toBe('');
    expect(problems(['--lookupd-http-address=a:1', '--allow-config-from-cidr=10.0.0.0'])).toEqual([
      '--allow-config-from-cidr="10.0.0.0": must be a CIDR range such as 127.0.0.1/8 or fd00::/8 (empty disables the check)',
    ]);
    expect(problems(['--lookupd-http-address=a:1'], { NSQ_CONSOLE_ALLOW_CONFIG_FROM_CIDR: '10.0.0.0/33' })[0]).toMatch(
      /^--allow-config-from-cidr="10.0.0.0\/33" \(from NSQ_CONSOLE_ALLOW_CONFIG_FROM_CIDR\): must be a CIDR range/,
    );
  });

  it('takes --nsqd-allow ranges, addresses and host patterns, repeated or from the environment', () => {
    const allow = (argv: string[], env = {}) =>
      loadConfig(['--lookupd-http-address=a:1', ...argv], env).config.nsqdAllow;
    expect(
      allow(['--nsqd-allow=10.0.0.0/8', '--nsqd-allow=nsqd-*.prod.example.com', '--nsqd-allow=127.0.0.1']),
    ).toEqual(['10.0.0.0/8', 'nsqd-*.prod.example.com', '127.0.0.1']);
    expect(allow([], { NSQ_CONSOLE_NSQD_ALLOW: 'fd00::/8, ::1' })).toEqual(['fd00::/8', '::1']);
    expect(problems(['--lookupd-http-address=a:1', '--nsqd-allow=10.0.*', '--nsqd-allow=10.0.0.0/33'])).toEqual([
      expect.stringMatching(/^--nsqd-allow="10\.0\.\*": must be a CIDR range \(10\.0\.0\.0\/8\), an IP address/),
      expect.stringMatching(/^--nsqd-allow="10\.0\.0\.0\/33": must be a CIDR range/),
    ]);
  });

  it('ignores the variables Kubernetes and Docker links add for a service named nsq-console', () => {
    const { config } = loadConfig([], {
      NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: 'l1:4161',
      NSQ_CONSOLE_SERVICE_HOST: '10.0.0.7',
      NSQ_CONSOLE_SERVICE_PORT: '4171',
      NSQ_CONSOLE_SERVICE_PORT_HTTP: '4171',
      NSQ_CONSOLE_PORT: 'tcp://10.0.0.7:4171',
      NSQ_CONSOLE_PORT_4171_TCP: 'tcp://10.0.0.7:4171',
      NSQ_CONSOLE_PORT_4171_TCP_PROTO: 'tcp',
      NSQ_CONSOLE_PORT_4171_TCP_PORT: '4171',
      NSQ_CONSOLE_PORT_4171_TCP_ADDR: '10.0.0.7',
    });
    expect(config.lookupdHttpAddresses).toEqual(['l1:4161']);
    expect(config.httpAddress.port).toBe(4171);
  });

  it('reads the access settings: nsqadmin’s admin users and header, ours for read-only and basic auth', () => {
    const hash = hashPassword('s3cret');
    const { config } = loadConfig(
      [
        '--lookupd-http-address=a:1',
        '--admin-user=alice',
        '--admin-user=bob',
        '--acl-http-header=X-Auth-User',
        '--acl-trusted-proxy=10.0.0.0/8,fd00::/8',
        '--acl-trusted-proxy=192.168.1.1/32',
        `--basic-auth-user=ops:${hash}`,
        '--allowed-host=NSQ.example.com',
        '--allowed-host=*.corp.example',
        '--http-address=console.internal:4171',
      ],
      {},
    );
    expect(config.access).toEqual({
      readOnly: false,
      adminUsers: ['alice', 'bob'],
      aclHttpHeader: 'X-Auth-User',
      aclTrustedProxies: ['10.0.0.0/8', 'fd00::/8', '192.168.1.1/32'],
      basicAuthUsers: [{ name: 'ops', hash }],
      allowedHosts: ['nsq.example.com', '*.corp.example', 'console.internal'],
    });
    expect(loadConfig(['--lookupd-http-address=a:1', '--read-only'], {}).config.access.readOnly).toBe(true);
  });

  it('refuses a basic-auth user given with a password instead of a hash, without echoing it', () => {
    const p = problems(['--lookupd-http-address=a:1', '--basic-auth-user=ops:hunter2']);
    expect(p).toEqual(['--basic-auth-user for "ops": must be <name>:<hash> with a hash from `npm run hash-password`']);
    expect(p.join()).not.toContain('hunter2');
    expect(
      problems(['--lookupd-http-address=a:1', '--read-only', `--basic-auth-user=ops:${hashPassword('x')}`])[0],
    ).toMatch(/^--read-only: cannot be combined/);
    expect(problems(['--lookupd-http-address=a:1', '--notification-http-endpoint=ftp://x'])).toEqual([
      '--notification-http-endpoint="ftp://x": must be a fully qualified http(s) URL',
    ]);
  });

  it('refuses --admin-user without --acl-trusted-proxy, naming the flag and how to get nsqadmin’s behaviour', () => {
    expect(problems(['--lookupd-http-address=a:1', '--admin-user=alice'])).toEqual([
      '--admin-user needs --acl-trusted-proxy: the CIDR ranges of the proxies that set or strip X-Forwarded-User; ' +
        'to believe the header from any client, as nsqadmin does, give --acl-trusted-proxy=0.0.0.0/0,::/0',
    ]);
    expect(
      loadConfig(['--lookupd-http-address=a:1', '--admin-user=alice', '--acl-trusted-proxy=0.0.0.0/0,::/0'], {}).config
        .access.aclTrustedProxies,
    ).toEqual(['0.0.0.0/0', '::/0']);
    expect(problems(['--lookupd-http-address=a:1', '--acl-trusted-proxy=10.0.0.1/33'])[0]).toMatch(
      /^--acl-trusted-proxy=.*"10\.0\.0\.1\/33" is not a CIDR range/,
    );
  });

  it('refuses an --allowed-host that is not a host name or *. pattern', () => {
    expect(problems(['--lookupd-http-address=a:1', '--allowed-host=nsq.example.com:4171'])[0]).toMatch(
      /without a port/,
    );
    expect(problems(['--lookupd-http-address=a:1', '--allowed-host=*'])[0]).toMatch(/must be a host name/);
    expect(
      loadConfig(['--lookupd-http-address=a:1'], { NSQ_CONSOLE_ALLOWED_HOST: 'a.example, b.example' }).config.access
        .allowedHosts,
    ).toEqual(['a.example', 'b.example']);
  });

  it('refuses credentials in the webhook URL without echoing them, and takes them as a header instead', () => {
    const p = problems([
      '--lookupd-http-address=a:1',
      '--notification-http-endpoint=https://hook:s3cr3t@hooks.example/x',
    ]);
    expect(p).toEqual([
      '--notification-http-endpoint: must not carry credentials (user:password@); send them with --notification-http-header="Authorization: Basic ..." instead',
    ]);
    const { config } = loadConfig(
      [
        '--lookupd-http-address=a:1',
        '--notification-http-endpoint=https://hooks.example/x',
        '--notification-http-header=Authorization: Bearer s3cr3t',
      ],
      {},
    );
    expect(config.notificationHttpHeaders).toEqual([{ name: 'Authorization', value: 'Bearer s3cr3t' }]);
    const bad = problems(['--lookupd-http-address=a:1', '--notification-http-header=X-Token s3cr3t']);
    expect(bad).toEqual(['--notification-http-header for "?": must be "<Header-Name>: <value>" with no line breaks']);
  });

  it('requires exactly one kind of address, with nsqadmin’s words', () => {
    expect(problems([])).toContain('--nsqd-http-address or --lookupd-http-address required');
    expect(problems(['--lookupd-http-address=a:1', '--nsqd-http-address=b:2'])).toContain(
      'use --nsqd-http-address or --lookupd-http-address not both',
    );
  });

  it('takes repeated flags, Go-style single dashes and space-separated values', () => {
    const { config } = loadConfig(
      ['-nsqd-http-address=a:4151', '--nsqd-http-address', 'b:4151', '-poll-interval', '5s'],
      {},
    );
    expect(config.mode).toBe('nsqd');
    expect(config.nsqdHttpAddresses).toEqual(['a:4151', 'b:4151']);
    expect(config.pollIntervalMs).toBe(5000);
  });

  it('reads NSQ_CONSOLE_* variables, with comma lists for repeatable flags', () => {
    const { config } = loadConfig([], {
      NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: 'l1:4161, l2:4161',
      NSQ_CONSOLE_HTTP_ADDRESS: '127.0.0.1:9000',
      NSQ_CONSOLE_HISTORY_RETENTION: '2h',
    });
    expect(config.lookupdHttpAddresses).toEqual(['l1:4161', 'l2:4161']);
    expect(config.httpAddress).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.historyRetentionMs).toBe(7_200_000);
  });

  it('reads nsqadmin’s TOML file, with flag > environment > file precedence', () => {
    const file = tomlFile(
      [
        'nsqlookupd_http_addresses = ["f1:4161", "f2:4161"]',
        'http_address = "0.0.0.0:5000"',
        'poll_interval = "3s"',
        'base_path = "/nsq"',
      ].join('\n'),
    );
    const { config } = loadConfig([`--config=${file}`, '--http-address=127.0.0.1:6000'], {
      NSQ_CONSOLE_POLL_INTERVAL: '4s',
    });
    expect(config.lookupdHttpAddresses).toEqual(['f1:4161', 'f2:4161']);
    expect(config.httpAddress.port).toBe(6000);
    expect(config.pollIntervalMs).toBe(4000);
    expect(config.basePath).toBe('/nsq');
  });

  it('names the setting, the value and the reason for a bad value', () => {
    expect(problems(['--lookupd-http-address=a:1', '--poll-interval=soon'])).toEqual([
      '--poll-interval="soon": is not a duration (use a Go duration such as 500ms, 2s, 1m, 1h)',
    ]);
    expect(problems(['--lookupd-http-address=a:1'], { NSQ_CONSOLE_HTTP_ADDRESS: 'localhost:99999' })).toEqual([
      '--http-address="localhost:99999" (from NSQ_CONSOLE_HTTP_ADDRESS): must be <host>:<port> with a port from 1 to 65535',
    ]);
    expect(problems(['--lookupd-http-address=nsqlookupd'])).toEqual([
      '--lookupd-http-address="nsqlookupd": must be <host>:<port> with a port from 1 to 65535',
    ]);
    expect(problems(['--lookupd-http-address=a:1', '--poll-interval=1m', '--history-retention=5m'])).toEqual([
      '--history-retention=5m: must hold at least 10 polls (--poll-interval=1m)',
    ]);
  });

  it('points at the file and key for a bad config file', () => {
    const file = tomlFile('nsqlookupd_http_addresses = "l1:4161"\nfavourite_colour = "blue"\n');
    expect(problems([`--config=${file}`])).toEqual([
      `nsqlookupd_http_addresses in ${file}: must be a list of strings, got "l1:4161"`,
      `favourite_colour in ${file}: not an nsqadmin or nsq-console setting`,
      '--nsqd-http-address or --lookupd-http-address required',
    ]);
    expect(problems(['--config=/nonexistent/nsqadmin.cfg', '--lookupd-http-address=a:1'])[0]).toMatch(
      /^--config "\/nonexistent\/nsqadmin.cfg": ENOENT/,
    );
  });

  it('rejects unknown flags and variables, but accepts nsqadmin flags it does not act on', () => {
    expect(problems(['--lookupd-http-address=a:1', '--lookupd-htp-address=b:1'])[0]).toMatch(
      /command line: .*lookupd-htp-address/,
    );
    expect(problems(['--lookupd-http-address=a:1'], { NSQ_CONSOLE_POLL: '1s' })).toEqual([
      'NSQ_CONSOLE_POLL: not a setting this console knows (see README "Configuration")',
    ]);
    const { notices, config } = loadConfig(
      ['--lookupd-http-address=a:1', '--graphite-url=http://graphite', '--proxy-graphite', '--log-prefix=[x] '],
      { NSQ_CONSOLE_STATSD_INTERVAL: '10s' },
    );
    const superseded =
      'accepted for nsqadmin compatibility; superseded by the built-in rates and history (no graphite or statsd needed)';
    expect(notices).toEqual([
      '--log-prefix: accepted for nsqadmin compatibility; not used by this version',
      `--graphite-url: ${superseded}`,
      `--proxy-graphite: ${superseded}`,
      `NSQ_CONSOLE_STATSD_INTERVAL: ${superseded}`,
    ]);
    expect(config.compat).toMatchObject({
      graphite_url: 'http://graphite',
      proxy_graphite: true,
      statsd_interval: '10s',
      log_prefix: '[x] ',
    });
    // nsqadmin's flags this console now acts on are not reported as unused
    expect(
      loadConfig(['--lookupd-http-address=a:1', '--log-level=warn', '--allow-config-from-cidr='], {}).notices,
    ).toEqual([]);
  });

  it('normalises --base-path like nsqadmin', () => {
    const base = (p: string) => loadConfig(['--lookupd-http-address=a:1', `--base-path=${p}`], {}).config.basePath;
    expect(base('nsq/')).toBe('/nsq');
    expect(base('/a//b/../c')).toBe('/a/c');
    expect(base('/')).toBe('/');
    expect(base('')).toBe('/');
    expect(base('/ops/nsq-1.0_a~b')).toBe('/ops/nsq-1.0_a~b');
  });

  it('refuses a base path it could not write into the built pages', () => {
    for (const p of ['/a b', '/nsq?x', '/a(b)', '/a"b', '/a%20b', '/a+b']) {
      expect(problems(['--lookupd-http-address=a:1', `--base-path=${p}`])[0]).toMatch(
        /^--base-path=".*": (must be a URL path|each part of the path may only have letters)/,
      );
    }
  });

  it('accepts IPv6 listen and upstream addresses', () => {
    const { config } = loadConfig(['--nsqd-http-address=[::1]:4151', '--http-address=[::]:4171'], {});
    expect(config.nsqdHttpAddresses).toEqual(['[::1]:4151']);
    expect(config.httpAddress).toEqual({ host: '::', port: 4171 });
  });

  it('reads the /metrics cardinality controls from flags, environment and file', () => {
    const metrics = (argv: string[], env: Env = {}) =>
      loadConfig(['--lookupd-http-address=a:1', ...argv], env).config.metrics;
    expect(metrics(['--metrics-topic-include=orders_.*', '--metrics-topic-exclude=.*_test'])).toEqual({
      excludeEphemeral: true,
      topicInclude: 'orders_.*',
      topicExclude: '.*_test',
    });
    // a flag that defaults to true is turned off the Go way, or through the environment or the file
    expect(metrics(['--metrics-exclude-ephemeral=false']).excludeEphemeral).toBe(false);
    expect(metrics(['-metrics-exclude-ephemeral=0']).excludeEphemeral).toBe(false);
    expect(metrics(['--metrics-exclude-ephemeral']).excludeEphemeral).toBe(true);
    expect(metrics([], { NSQ_CONSOLE_METRICS_EXCLUDE_EPHEMERAL: 'false' }).excludeEphemeral).toBe(false);
    const file = tomlFile('metrics_exclude_ephemeral = false\nmetrics_topic_exclude = "tmp_.*"\n');
    expect(metrics([`--config=${file}`])).toEqual({
      excludeEphemeral: false,
      topicInclude: null,
      topicExclude: 'tmp_.*',
    });
    // --read-only=true works like --read-only, as in Go
    expect(loadConfig(['--lookupd-http-address=a:1', '--read-only=true'], {}).config.access.readOnly).toBe(true);
  });

  it('refuses a topic pattern that is not a regular expression, and a bool that is not one', () => {
    expect(
      problems(['--lookupd-http-address=a:1', '--metrics-topic-include=orders_(', '--metrics-exclude-ephemeral=nope']),
    ).toEqual([
      '--metrics-exclude-ephemeral="nope": must be true or false',
      '--metrics-topic-include="orders_(": not a valid regular expression: Unterminated group',
    ]);
    expect(problems(['--lookupd-http-address=a:1'], { NSQ_CONSOLE_METRICS_TOPIC_EXCLUDE: '*x' })).toEqual([
      '--metrics-topic-exclude="*x" (from NSQ_CONSOLE_METRICS_TOPIC_EXCLUDE): not a valid regular expression: Nothing to repeat',
    ]);
  });

  it('takes --prometheus-url as an http(s) URL, without a trailing slash', () => {
    const url = (u: string) =>
      loadConfig(['--lookupd-http-address=a:1', `--prometheus-url=${u}`], {}).config.prometheusUrl;
    expect(url('http://prometheus:9090')).toBe('http://prometheus:9090');
    expect(url('https://monitoring.example.com/prometheus/')).toBe('https://monitoring.example.com/prometheus');
    const refused = {
      'prometheus:9090': 'prometheus:///***',
      'ftp://p:9090': 'ftp://p:9090',
      'http://p:9090/?x=1': 'http://p:9090/***',
      'http://user:pw@p:9090': 'http://***@p:9090',
      'not a url': '***',
    };
    for (const [bad, shown] of Object.entries(refused)) {
      expect(problems(['--lookupd-http-address=a:1', `--prometheus-url=${bad}`])).toEqual([
        `--prometheus-url=${JSON.stringify(shown)}: must be an http(s) URL of a Prometheus server, such as http://prometheus:9090 (no query, fragment or credentials)`,
      ]);
    }
  });

  it('hands the resolved config to the server runtime unchanged', () => {
    const { config } = loadConfig(
      [
        '--lookupd-http-address=a:1',
        '--poll-interval=750ms',
        '--log-level=debug',
        '--graphite-url=http://g',
        '--metrics-topic-exclude=x.*',
        '--prometheus-url=http://p:9090',
      ],
      {},
    );
    expect(runtimeConfig({ NSQ_CONSOLE_RESOLVED: serialiseConfig(config) })).toEqual(config);
  });

  describe('nsqadmin’s --http-client-tls-* flags', () => {
    const pki = makeTestPki();
    afterAll(() => pki.remove());
    const base = ['--lookupd-http-address=a:1'];

    it('takes the CA, the client certificate and key, and insecure-skip-verify, as absolute paths', () => {
      const { config, notices } = loadConfig(
        [
          ...base,
          `--http-client-tls-root-ca-file=${pki.caCert}`,
          `--http-client-tls-cert=${pki.clientCert}`,
          `--http-client-tls-key=${pki.clientKey}`,
          '--http-client-tls-insecure-skip-verify',
        ],
        {},
      );
      expect(config.httpClientTls).toEqual({
        insecureSkipVerify: true,
        rootCaFile: pki.caCert,
        certFile: pki.clientCert,
        keyFile: pki.clientKey,
      });
      expect(notices).toEqual([]);
      const relative = relativePath(process.cwd(), pki.caCert);
      expect(
        loadConfig([...base, `--http-client-tls-root-ca-file=${relative}`], {}).config.httpClientTls.rootCaFile,
      ).toBe(pki.caCert);
      expect(
        loadConfig(base, { NSQ_CONSOLE_HTTP_CLIENT_TLS_ROOT_CA_FILE: pki.caCert }).config.httpClientTls.rootCaFile,
      ).toBe(pki.caCert);
    });

    it('requires the certificate and the key together', () => {
      expect(problems([...base, `--http-client-tls-cert=${pki.clientCert}`])).toEqual([
        `--http-client-tls-cert="${pki.clientCert}": requires --http-client-tls-key`,
      ]);
      expect(problems([...base, `--http-client-tls-key=${pki.clientKey}`])).toEqual([
        `--http-client-tls-key="${pki.clientKey}": requires --http-client-tls-cert`,
      ]);
    });

    it('stops start-up for a missing file, PEM that does not parse, or a key of another certificate', () => {
      expect(problems([...base, '--http-client-tls-root-ca-file=/nonexistent/ca.pem'])[0]).toMatch(
        /^--http-client-tls-root-ca-file="\/nonexistent\/ca.pem": ENOENT/,
      );
      expect(problems([...base, `--http-client-tls-root-ca-file=${pki.clientKey}`])).toEqual([
        `--http-client-tls-root-ca-file="${pki.clientKey}": no PEM certificate ("-----BEGIN CERTIFICATE-----") in the file`,
      ]);
      const broken = join(pki.dir, 'broken.crt');
      writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
      expect(problems([...base, `--http-client-tls-root-ca-file=${broken}`])[0]).toMatch(
        /: certificate 1 does not parse: /,
      );
      expect(
        problems([...base, `--http-client-tls-cert=${pki.clientCert}`, `--http-client-tls-key=${pki.caCert}`])[0],
      ).toMatch(/^--http-client-tls-key=".*ca.crt": not a usable private key: /);
      expect(
        problems([...base, `--http-client-tls-cert=${pki.clientCert}`, `--http-client-tls-key=${pki.serverKey}`]),
      ).toEqual([`--http-client-tls-key="${pki.serverKey}": does not belong to the certificate in ${pki.clientCert}`]);
    });
  });
});
