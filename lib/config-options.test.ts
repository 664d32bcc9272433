import { afterAll, describe, expect, it } from 'vitest';
import { makeTestPki } from '../test/tls-certs';
import { hashPassword } from './auth/password';
import { loadConfig } from './config';
import { configOptions, OPTION_NAMES } from './config-options';
import { redactUrl } from './redact-url';

describe('configOptions', () => {
  const hash = hashPassword('hunter2');
  const { config } = loadConfig(
    [
      '--lookupd-http-address=l1:4161',
      `--basic-auth-user=ops:${hash}`,
      '--admin-user=alice',
      '--acl-trusted-proxy=10.0.0.0/8',
      '--allowed-host=nsq.example.com',
      '--notification-http-header=Authorization: Bearer t0k3n',
      '--notification-http-endpoint=https://hooks.example.com/services/T0/B0/s3cr3t?token=abc',
      '--graphite-url=http://user:pw@graphite:8080',
      '--statsd-interval=10s',
      '--http-address=[::]:4171',
    ],
    {},
  );
  const options = configOptions(config, { lookupdHttpAddresses: ['l2:4161'], logLevel: 'warn' });

  it('answers every nsqadmin option and ours by config name', () => {
    expect(Object.keys(options).sort()).toEqual([...OPTION_NAMES].sort());
    expect(OPTION_NAMES).toContain('nsqlookupd_http_addresses');
    expect(OPTION_NAMES).toContain('statsd_prefix');
    expect(OPTION_NAMES).not.toContain('config');
  });

  it("uses nsqadmin's shapes: lists, strings, durations in nanoseconds", () => {
    expect(options).toMatchObject({
      nsqlookupd_http_addresses: ['l2:4161'],
      nsqd_http_addresses: [],
      http_address: '[::]:4171',
      http_client_connect_timeout: 2_000_000_000,
      poll_interval: 2_000_000_000,
      statsd_interval: 10_000_000_000,
      statsd_prefix: 'nsq.%s',
      admin_users: ['alice'],
      acl_http_header: 'X-Forwarded-User',
      acl_trusted_proxies: ['10.0.0.0/8'],
      allowed_hosts: ['nsq.example.com'],
      allow_config_from_cidr: '127.0.0.1/8',
      log_level: 'warn',
    });
  });

  it('never gives a hash, a password or a token', () => {
    expect(options.basic_auth_users).toEqual(['ops']);
    expect(options.notification_http_endpoint).toBe('https://hooks.example.com/***');
    expect(options.graphite_url).toBe('http://***@graphite:8080');
    expect(options.notification_http_headers).toEqual(['Authorization: ***']);
    const all = JSON.stringify(options);
    for (const secret of [hash, 'hunter2', 's3cr3t', 'abc', 'pw@', 't0k3n']) expect(all).not.toContain(secret);
  });
});

describe('configOptions for /metrics, Prometheus and TLS to nsqd', () => {
  const pki = makeTestPki();
  afterAll(() => pki.remove());

  it('reports the defaults while unset', () => {
    const { config } = loadConfig(['--lookupd-http-address=l1:4161'], {});
    expect(configOptions(config, { lookupdHttpAddresses: ['l1:4161'], logLevel: 'info' })).toMatchObject({
      metrics_exclude_ephemeral: true,
      metrics_topic_include: '',
      metrics_topic_exclude: '',
      prometheus_url: '',
      http_client_tls_insecure_skip_verify: false,
      http_client_tls_root_ca_file: '',
      http_client_tls_cert: '',
      http_client_tls_key: '',
    });
  });

  it('reports the values in force: file paths, never the key, and the Prometheus URL without its path', () => {
    const { config } = loadConfig(
      [
        '--lookupd-http-address=l1:4161',
        '--metrics-exclude-ephemeral=false',
        '--metrics-topic-include=orders_.*',
        '--metrics-topic-exclude=.*_test',
        '--prometheus-url=https://monitoring.example.com/prom-s3cr3t/',
        `--http-client-tls-root-ca-file=${pki.caCert}`,
        `--http-client-tls-cert=${pki.clientCert}`,
        `--http-client-tls-key=${pki.clientKey}`,
        '--http-client-tls-insecure-skip-verify',
      ],
      {},
    );
    const options = configOptions(config, { lookupdHttpAddresses: ['l1:4161'], logLevel: 'info' });
    expect(Object.keys(options).sort()).toEqual([...OPTION_NAMES].sort());
    expect(options).toMatchObject({
      metrics_exclude_ephemeral: false,
      metrics_topic_include: 'orders_.*',
      metrics_topic_exclude: '.*_test',
      prometheus_url: 'https://monitoring.example.com/***',
      http_client_tls_insecure_skip_verify: true,
      http_client_tls_root_ca_file: pki.caCert,
      http_client_tls_cert: pki.clientCert,
      http_client_tls_key: pki.clientKey,
    });
    const all = JSON.stringify(options);
    expect(all).not.toContain('s3cr3t');
    expect(all).not.toContain('PRIVATE KEY');
  });
});

describe('redactUrl', () => {
  it('keeps scheme and host only', () => {
    expect(redactUrl('')).toBe('');
    expect(redactUrl('http://graphite:8080')).toBe('http://graphite:8080');
    expect(redactUrl('http://graphite:8080/')).toBe('http://graphite:8080');
    expect(redactUrl('https://a:b@h/p?q=1#f')).toBe('https://***@h/***');
    expect(redactUrl('not a url')).toBe('***');
  });
});
