// Health rules against a real nsqlookupd, two real nsqd and a real Alertmanager: a backlog over a
// rule's threshold fires after its `for`, shows in /api/alerts and /metrics, reaches Alertmanager and
// the alert webhook, and resolves everywhere when the channel is emptied; a killed nsqd fires
// node_down by name and resolves when it is back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { freePort, httpRequest, type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { type AlertmanagerServer, startAlertmanager } from '../../test/alertmanager-server';
import { eventually, getJson, post } from '../../test/http-json';
import type { AlertsResponse } from '../api/alerts-api';
import type { AlertWebhookPayload } from './deliver';

const POLL = '500ms';
const TOPIC = 'alerts-orders';

let cluster: NsqCluster;
let con: ConsoleServer;
let alertmanager: AlertmanagerServer;
let hook: Server;
const received: AlertWebhookPayload[] = [];

interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  endsAt: string;
}
const inAlertmanager = async () => (await getJson<AlertmanagerAlert[]>(`${alertmanager.url}/api/v2/alerts`)).body;

const alerts = async () => (await getJson<AlertsResponse>(`${con.url}/api/alerts`)).body;
const metricsText = async () => (await httpRequest('GET', `${con.url}/metrics`)).body;

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 2, withLookupd: true });
  const nsqd = cluster.nsqds[0]!.httpAddress;
  await post(`http://${nsqd}/topic/create?topic=${TOPIC}`);
  await post(`http://${nsqd}/channel/create?topic=${TOPIC}&channel=work`);
  await post(`http://${nsqd}/channel/create?topic=${TOPIC}&channel=audit`);
  const rules = join(mkdtempSync(join(tmpdir(), 'nsq-console-rules-')), 'rules.toml');
  writeFileSync(
    rules,
    [
      '[[alert]]',
      'name = "orders-backlog"',
      'kind = "backlog"',
      `topic = "${TOPIC}"`,
      'channel = "work"',
      'threshold = 50',
      'for = "2s"',
      'severity = "critical"',
      '',
    ].join('\n'),
  );
  alertmanager = await startAlertmanager({ port: await freePort() });
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      received.push(JSON.parse(body) as AlertWebhookPayload);
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookPort = (hook.address() as { port: number }).port;
  con = await startConsole([
    `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
    `--poll-interval=${POLL}`,
    `--alert-rules=${rules}`,
    `--alertmanager-url=${alertmanager.url}`,
    `--alert-webhook-url=http://127.0.0.1:${hookPort}/hook`,
  ]);
}, 60_000);

afterAll(async () => {
  await con?.stop();
  await alertmanager?.stop();
  await new Promise((r) => hook?.close(r));
  await cluster?.stop();
});

it('fires a backlog rule after its `for`, reports it, and resolves it when the channel is emptied', async () => {
  const nsqd = cluster.nsqds[0]!.httpAddress;
  const published = Date.now();
  await publish(
    nsqd,
    TOPIC,
    Array.from({ length: 100 }, (_, i) => `m${i}`),
  );

  const pending = await eventually(alerts, (a) => a.pending.some((x) => x.rule === 'orders-backlog'), 'pending');
  expect(pending.firing.some((x) => x.rule === 'orders-backlog')).toBe(false);

  const firing = await eventually(alerts, (a) => a.firing.some((x) => x.rule === 'orders-backlog'), 'firing');
  const alert = firing.firing.find((x) => x.rule === 'orders-backlog');
  expect(alert).toMatchObject({
    kind: 'backlog',
    severity: 'critical',
    topic: TOPIC,
    channel: 'work',
    node: null,
    value: 100,
    threshold: 50,
    summary: 'backlog 100 > 50',
  });
  // held for the rule's 2 s before it fired; the audit channel has the same depth but is out of scope
  expect((alert?.fired_at ?? 0) - (alert?.since ?? 0)).toBeGreaterThanOrEqual(2000);
  expect(alert?.since).toBeGreaterThanOrEqual(published - 1000);
  expect(firing.firing.some((x) => x.channel === 'audit')).toBe(false);
  expect(await metricsText()).toContain(
    `nsq_console_alerts{rule="orders-backlog",topic="${TOPIC}",channel="work",node="",severity="critical",state="firing"} 1`,
  );
  // Alertmanager has it, with the labels routing and silences match on
  const pushed = await eventually(
    inAlertmanager,
    (list) => list.some((a) => a.labels.alertname === 'orders-backlog'),
    'the alert in Alertmanager',
  );
  expect(pushed.find((a) => a.labels.alertname === 'orders-backlog')).toMatchObject({
    labels: { severity: 'critical', topic: TOPIC, channel: 'work', kind: 'backlog', source: 'nsq-console' },
    annotations: { summary: 'backlog 100 > 50' },
  });
  const fired = await eventually(
    async () => received,
    (r) => r.some((p) => p.state === 'firing' && p.alert.rule === 'orders-backlog'),
    'the firing webhook',
  );
  expect(fired.filter((p) => p.alert.rule === 'orders-backlog').map((p) => p.state)).toEqual(['firing']);

  await post(`http://${nsqd}/channel/empty?topic=${TOPIC}&channel=work`);
  const resolved = await eventually(alerts, (a) => a.resolved.some((x) => x.rule === 'orders-backlog'), 'resolved');
  expect(resolved.firing.some((x) => x.rule === 'orders-backlog')).toBe(false);
  expect(resolved.resolved.find((x) => x.rule === 'orders-backlog')?.resolved_at).toBeGreaterThan(alert?.fired_at ?? 0);
  expect(await metricsText()).not.toContain('rule="orders-backlog"');
  // resolved in Alertmanager too: it no longer lists the alert as active
  await eventually(
    inAlertmanager,
    (list) => !list.some((a) => a.labels.alertname === 'orders-backlog'),
    'the alert resolved in Alertmanager',
  );
  const all = await eventually(
    async () => received,
    (r) => r.some((p) => p.state === 'resolved' && p.alert.rule === 'orders-backlog'),
    'the resolved webhook',
  );
  expect(all.filter((p) => p.alert.rule === 'orders-backlog').map((p) => p.state)).toEqual(['firing', 'resolved']);
}, 60_000);

it('fires node_down naming a killed nsqd, and resolves it when the nsqd is back', async () => {
  const victim = cluster.nsqds[1]!;
  await victim.kill();
  const down = await eventually(
    alerts,
    (a) => a.firing.some((x) => x.rule === 'node_down'),
    'node_down firing',
    30_000,
  );
  expect(down.firing.filter((x) => x.rule === 'node_down').map((x) => x.node)).toEqual([victim.httpAddress]);
  await victim.start();
  const back = await eventually(
    alerts,
    (a) => !a.firing.some((x) => x.rule === 'node_down'),
    'node_down resolved',
    30_000,
  );
  expect(back.resolved.find((x) => x.rule === 'node_down')?.node).toBe(victim.httpAddress);
}, 90_000);
