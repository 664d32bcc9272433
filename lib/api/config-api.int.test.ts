// nsqadmin's /config/:opt on the production build: GET by config name, PUT of the nsqlookupd list
// (used by the next poll) and of the log level, secrets never shown, and the CIDR check on the TCP
// peer, which no request header can talk round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { freePort, httpRequest, type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { hashPassword } from '../auth/password';
import { OPTION_NAMES } from '../config-options';

const SETTLE = { timeout: 15_000, interval: 200 };
const HASH = hashPassword('hunter2');
const WEBHOOK = 'https://hooks.example.com/services/T000/B000/s3cr3tt0k3n';

let cluster: NsqCluster;
let con: ConsoleServer;
let fenced: ConsoleServer;
let deadLookupd: string;

const call = async (
  server: ConsoleServer,
  method: 'GET' | 'PUT',
  opt: string,
  body?: string,
  headers: Record<string, string> = {},
) => {
  const r = await httpRequest(method, `${server.url}/config/${opt}`, { body, headers, timeoutMs: 10_000 });
  let parsed: unknown = r.body;
  try {
    parsed = JSON.parse(r.body);
  } catch {
    // left as text
  }
  return { status: r.status, body: parsed as unknown, raw: r.body };
};
const getJson = async <T>(path: string) =>
  JSON.parse((await httpRequest('GET', `${con.url}${path}`, { timeoutMs: 10_000 })).body) as T;

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1 });
  // nothing listens there: the console starts pointed at the wrong nsqlookupd
  deadLookupd = `127.0.0.1:${await freePort()}`;
  con = await startConsole([
    `--lookupd-http-address=${deadLookupd}`,
    '--poll-interval=500ms',
    `--basic-auth-user=ops:${HASH}`,
    `--notification-http-endpoint=${WEBHOOK}`,
    '--graphite-url=http://graphite-user:graphite-pw@graphite:8080',
    '--statsd-prefix=nsq.%s.x',
    '--metrics-topic-exclude=tmp_.*',
    '--prometheus-url=http://prometheus.invalid:9090/prom-s3cr3t',
  ]);
  fenced = await startConsole([`--lookupd-http-address=${deadLookupd}`, '--allow-config-from-cidr=10.0.0.0/8']);
});

afterAll(async () => {
  await con?.stop();
  await fenced?.stop();
  await cluster?.stop();
});

describe('GET /config/:opt', () => {
  it('answers every option by its config name, in JSON', async () => {
    for (const opt of OPTION_NAMES) {
      const r = await call(con, 'GET', opt);
      expect(r.status, opt).toBe(200);
    }
    expect((await call(con, 'GET', 'nsqlookupd_http_addresses')).body).toEqual([deadLookupd]);
    expect((await call(con, 'GET', 'poll_interval')).body).toBe(500_000_000);
    expect((await call(con, 'GET', 'statsd_prefix')).body).toBe('nsq.%s.x');
    expect((await call(con, 'GET', 'allow_config_from_cidr')).body).toBe('127.0.0.1/8');
    expect((await call(con, 'GET', 'log_level')).body).toBe('info');
    expect((await call(con, 'GET', 'metrics_exclude_ephemeral')).body).toBe(true);
    expect((await call(con, 'GET', 'metrics_topic_exclude')).body).toBe('tmp_.*');
    expect((await call(con, 'GET', 'metrics_topic_include')).body).toBe('');
    expect((await call(con, 'GET', 'http_client_tls_insecure_skip_verify')).body).toBe(false);
    expect((await call(con, 'GET', 'http_client_tls_root_ca_file')).body).toBe('');
  });

  it('never shows a password hash, a credential or a webhook token', async () => {
    expect((await call(con, 'GET', 'basic_auth_users')).body).toEqual(['ops']);
    expect((await call(con, 'GET', 'notification_http_endpoint')).body).toBe('https://hooks.example.com/***');
    expect((await call(con, 'GET', 'graphite_url')).body).toBe('http://***@graphite:8080');
    expect((await call(con, 'GET', 'prometheus_url')).body).toBe('http://prometheus.invalid:9090/***');
    const everything = (await Promise.all(OPTION_NAMES.map(async (o) => (await call(con, 'GET', o)).raw))).join('\n');
    for (const secret of [HASH, 'hunter2', 's3cr3tt0k3n', 'graphite-pw', 'prom-s3cr3t'])
      expect(everything).not.toContain(secret);
  });

  it('answers 400 INVALID_OPTION for a name it does not know', async () => {
    expect(await call(con, 'GET', 'no_such_option')).toMatchObject({
      status: 400,
      body: { message: 'INVALID_OPTION' },
    });
    expect(await call(con, 'GET', 'config')).toMatchObject({ status: 400, body: { message: 'INVALID_OPTION' } });
  });
});

describe('PUT /config/:opt', () => {
  it('refuses what it cannot change, and bad lists, with the reason', async () => {
    expect(await call(con, 'PUT', 'http_address', '"0.0.0.0:1"')).toMatchObject({
      status: 400,
      body: { message: 'INVALID_OPTION' },
    });
    expect(await call(con, 'PUT', 'no_such_option', 'x')).toMatchObject({
      status: 400,
      body: { message: 'INVALID_OPTION' },
    });
    for (const bad of ['l1:4161', '"l1:4161"', '[1]', '[]', '["nsqlookupd"]', '["l1:99999"]']) {
      const r = await call(con, 'PUT', 'nsqlookupd_http_addresses', bad);
      expect(r, bad).toMatchObject({ status: 400, body: { message: 'INVALID_VALUE' } });
    }
    expect((await call(con, 'PUT', 'nsqlookupd_http_addresses', '["nsqlookupd"]')).body).toMatchObject({
      reason: '"nsqlookupd": must be <host>:<port> with a port from 1 to 65535',
    });
    expect(await call(con, 'PUT', 'log_level', 'loud')).toMatchObject({
      status: 400,
      body: { message: 'INVALID_VALUE' },
    });
    expect((await call(con, 'GET', 'nsqlookupd_http_addresses')).body).toEqual([deadLookupd]);
  });

  it('a new nsqlookupd list is what the next poll asks', async () => {
    await expect.poll(async () => (await httpRequest('GET', `${con.url}/ready`)).status, SETTLE).toBe(503);
    const put = await call(con, 'PUT', 'nsqlookupd_http_addresses', JSON.stringify([cluster.lookupd.httpAddress]));
    expect(put).toMatchObject({ status: 200, body: [cluster.lookupd.httpAddress] });
    expect((await call(con, 'GET', 'nsqlookupd_http_addresses')).body).toEqual([cluster.lookupd.httpAddress]);
    await expect
      .poll(
        async () =>
          (await getJson<{ lookupds: { address: string; status: string }[] }>('/api/cluster?topics=false')).lookupds,
        SETTLE,
      )
      .toEqual([expect.objectContaining({ address: cluster.lookupd.httpAddress, status: 'up' })]);
    await expect.poll(async () => (await getJson<{ nodes: unknown[] }>('/api/nodes')).nodes.length, SETTLE).toBe(1);
    await expect.poll(async () => (await httpRequest('GET', `${con.url}/ready`)).status, SETTLE).toBe(200);
    expect(con.output()).toContain(
      '"level":"audit","msg":"audit","audit":{"action":"config","method":"PUT","option":"nsqlookupd_http_addresses"',
    );
  });

  it('a new log level applies at once', async () => {
    expect(con.output()).not.toContain('"level":"debug"');
    expect(await call(con, 'PUT', 'log_level', 'DEBUG\n')).toMatchObject({ status: 200, body: 'debug' });
    expect((await call(con, 'GET', 'log_level')).body).toBe('debug');
    await expect.poll(() => con.output(), SETTLE).toContain('"level":"debug","msg":"poll"');
    expect(await call(con, 'PUT', 'log_level', 'error')).toMatchObject({ status: 200, body: 'error' });
    const mark = con.output().length;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(con.output().slice(mark)).not.toContain('"level":"debug"');
  });
});

describe('--allow-config-from-cidr', () => {
  it('answers 403 FORBIDDEN to a peer outside the range, for GET and PUT', async () => {
    expect(await call(fenced, 'GET', 'log_level')).toMatchObject({ status: 403, body: { message: 'FORBIDDEN' } });
    expect(await call(fenced, 'PUT', 'log_level', 'debug')).toMatchObject({
      status: 403,
      body: { message: 'FORBIDDEN' },
    });
    expect(await call(fenced, 'GET', 'no_such_option')).toMatchObject({ status: 403 });
    expect((await httpRequest('GET', `${fenced.url}/ping`)).status).toBe(200);
  });

  it('judges the TCP peer: no header makes 127.0.0.1 look like 10.x', async () => {
    const forged: Record<string, string>[] = [
      { 'X-Forwarded-For': '10.1.2.3' },
      { 'X-Real-IP': '10.1.2.3' },
      { 'X-NSQ-Console-Peer': '10.1.2.3' },
    ];
    for (const headers of forged) {
      expect((await call(fenced, 'GET', 'log_level', undefined, headers)).status, JSON.stringify(headers)).toBe(403);
    }
    // the audit line of an admin action names the TCP peer beside the header's claim
    await httpRequest('POST', `${fenced.url}/api/topics`, {
      body: JSON.stringify({ topic: 'audited' }),
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '10.1.2.3' },
      timeoutMs: 10_000,
    });
    await expect
      .poll(() => fenced.output(), SETTLE)
      .toMatch(/"msg":"audit".*"peer":"127\.0\.0\.1","forwarded_for":"10\.1\.2\.3"/);
    // and the other way round: a forged header does not shut out a peer that is inside
    expect(
      (
        await call(con, 'GET', 'log_level', undefined, {
          'X-NSQ-Console-Peer': '10.1.2.3',
          'X-Forwarded-For': '10.1.2.3',
        })
      ).status,
    ).toBe(200);
  });
});
