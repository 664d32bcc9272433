// The rules export against the real promtool: a console started with an --alert-rules file serves
// GET /api/alerts/rules, which `promtool check rules` accepts, and whose expressions, run by
// `promtool test rules` over series shaped as the console's /metrics exports them, fire on the
// channels, topics and nodes the console's own evaluator would name. A broken rules file stops the
// console at start-up with its reason.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { promtoolBin } from '../../scripts/tools';
import { getJson } from '../../test/http-json';
import { requireBinary } from '../../test/temp-server';
import type { AlertsResponse } from '../api/alerts-api';

const RULES_TOML = [
  // a scope with globs: two regions' topics, channels "work" and one more character
  '[[alert]]',
  'name = "orders-backlog"',
  'kind = "backlog"',
  'topic = "orders.{eu,us}-*"',
  'channel = "work?"',
  'threshold = 50',
  'for = "2s"',
  'severity = "critical"',
  '',
  // a negated channel glob, ephemeral names watched, its own window and minimum
  '[[alert]]',
  'name = "slow-retries"',
  'kind = "retry_rate"',
  'topic = "jobs.*"',
  'channel = "!tmp-*"',
  'ephemeral = true',
  'threshold = 0.3',
  'window = "90s"',
  'min_messages = 10',
  '',
  '[[alert]]',
  'name = "consume_delay"',
  'topic = "queue.*"',
  '',
  '[[alert]]',
  'name = "node_down"',
  'for = "30s"',
  '',
  '[[alert]]',
  'name = "failure_rate"',
  'enabled = false',
  '',
].join('\n');

let cluster: NsqCluster;
let con: ConsoleServer;
let dir: string;

beforeAll(async () => {
  requireBinary(promtoolBin(), 'promtool', 'PROMTOOL_BIN');
  dir = mkdtempSync(join(tmpdir(), 'nsq-console-rules-export-'));
  writeFileSync(join(dir, 'rules.toml'), RULES_TOML);
  cluster = await startCluster({ nsqdCount: 1, withLookupd: false });
  con = await startConsole([
    `--nsqd-http-address=${cluster.nsqds[0]!.httpAddress}`,
    `--alert-rules=${join(dir, 'rules.toml')}`,
  ]);
}, 60_000);

afterAll(async () => {
  await con?.stop();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** promtool's exit code and output (stdout, then stderr). */
function promtool(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(promtoolBin(), args, { cwd: dir }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, out: `${stdout}${stderr}` });
    });
  });
}

/** The console's rules file, saved where promtool reads it. */
async function exportedRules(): Promise<string> {
  const res = await fetch(`${con.url}/api/alerts/rules`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
  const text = await res.text();
  writeFileSync(join(dir, 'rules.yml'), text);
  return text;
}

it('serves the rules in force as a file `promtool check rules` accepts', async () => {
  const text = await exportedRules();
  // every rule in force but lookupd_disagree, which the file says it leaves out
  const { body } = await getJson<AlertsResponse>(`${con.url}/api/alerts`);
  const inForce = body.rules.map((r) => r.name);
  expect(inForce).toContain('lookupd_disagree');
  expect(inForce).not.toContain('failure_rate');
  expect(text).toContain('# Left out: lookupd_disagree:');

  const { code, out } = await promtool('check', 'rules', 'rules.yml');
  expect(out).toContain(`SUCCESS: ${inForce.length - 1} rules found`);
  expect(code, out).toBe(0);
});

// series as /metrics exports them: per nsqd (`node`), from a console scraped as job "nsq", here twice
// for one node (a replica), which must count once
type Labels = Record<string, string>;
const series = (metric: string, labels: Labels, values: string) => ({
  series: `${metric}{${Object.entries({ job: 'nsq', instance: 'console-1:4171', ...labels })
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(',')}}`,
  values,
});
const flat = (v: number) => `${v}x15`;
const counting = (perMinute: number) => `0+${perMinute}x15`;
const channel = (topic: string, name: string, node = 'nsqd-a:4151') => ({ topic, channel: name, node });

/** Input for `promtool test rules`: 15 minutes of series, one sample a minute. */
function inputSeries() {
  const backlog = [
    // 30 on each of two nodes, and node a's again from a second console: 60, not 90
    series('nsq_channel_depth', channel('orders.eu-1', 'work1'), flat(30)),
    series('nsq_channel_depth', channel('orders.eu-1', 'work1', 'nsqd-b:4151'), flat(30)),
    series('nsq_channel_depth', { ...channel('orders.eu-1', 'work1'), instance: 'console-2:4171' }, flat(30)),
    // out of scope: the channel glob, the literal dot, an ephemeral topic
    series('nsq_channel_depth', channel('orders.eu-1', 'audit'), flat(100)),
    series('nsq_channel_depth', channel('ordersXeu-1', 'work1'), flat(100)),
    series('nsq_channel_depth', channel('orders.eu-3#ephemeral', 'work1'), flat(100)),
    // a topic's own depth counts only where it has no channel
    series('nsq_topic_depth', { topic: 'orders.eu-1', node: 'nsqd-a:4151' }, flat(500)),
    series('nsq_topic_depth', { topic: 'orders.us-2', node: 'nsqd-a:4151' }, flat(70)),
  ];
  const retries = (c: Labels, messages: number, requeues: number) => [
    series('nsq_channel_message_count_total', c, counting(messages)),
    series('nsq_channel_requeue_count_total', c, counting(requeues)),
  ];
  const consume = (c: Labels, depth: number, clients: number, messagesPerMinute: number, p99?: number) => [
    series('nsq_channel_depth', c, flat(depth)),
    series('nsq_channel_client_count', c, flat(clients)),
    series('nsq_channel_message_count_total', c, counting(messagesPerMinute)),
    series('nsq_channel_in_flight_count', c, flat(0)),
    series('nsq_channel_deferred_count', c, flat(0)),
    ...(p99 === undefined
      ? []
      : [series('nsq_channel_e2e_processing_latency_seconds', { ...c, quantile: '0.99' }, flat(p99))]),
  ];
  return [
    ...backlog,
    ...retries(channel('jobs.a', 'main'), 20, 10),
    ...retries(channel('jobs.b#ephemeral', 'main'), 20, 10),
    // excluded by the negated glob; too few messages; a retry rate under the threshold
    ...retries(channel('jobs.a', 'tmp-1'), 20, 10),
    ...retries(channel('jobs.a', 'rare'), 2, 1),
    ...retries(channel('jobs.a', 'calm'), 20, 2),
    // messages and no consumer; nsqd's p99 over and under 5 minutes; 6,000 at 10 a second
    ...consume(channel('queue.idle', 'c'), 100, 0, 0),
    ...consume(channel('queue.e2e', 'c'), 10, 1, 60, 400),
    ...consume(channel('queue.fast', 'c'), 10, 1, 60, 2),
    ...consume(channel('queue.slow', 'c'), 6000, 1, 600),
    ...consume(channel('queue.empty', 'c'), 0, 0, 0),
    series('nsq_node_up', { node: 'nsqd-a:4151' }, flat(1)),
    series('nsq_node_up', { node: 'nsqd-b:4151' }, '1 1 0x13'),
  ];
}

const alert = (labels: Labels, summary: string) => ({
  exp_labels: { source: 'nsq-console', ...labels },
  exp_annotations: { summary },
});

it('fires, under the real Prometheus engine, where the console would', async () => {
  await exportedRules();
  const backlog = { kind: 'backlog', severity: 'critical' };
  const retry = { kind: 'retry_rate', severity: 'warning' };
  const delay = { kind: 'consume_delay', severity: 'warning' };
  const tests = {
    rule_files: ['rules.yml'],
    evaluation_interval: '1m',
    tests: [
      {
        interval: '1m',
        input_series: inputSeries(),
        alert_rule_test: [
          {
            eval_time: '10m',
            alertname: 'orders-backlog',
            exp_alerts: [
              alert({ ...backlog, topic: 'orders.eu-1', channel: 'work1' }, 'backlog 60 > 50'),
              alert({ ...backlog, topic: 'orders.us-2' }, 'backlog 70 > 50'),
            ],
          },
          {
            eval_time: '10m',
            alertname: 'slow-retries',
            exp_alerts: [
              alert({ ...retry, topic: 'jobs.a', channel: 'main' }, 'retry rate 50% > 30.0 %'),
              alert({ ...retry, topic: 'jobs.b#ephemeral', channel: 'main' }, 'retry rate 50% > 30.0 %'),
            ],
          },
          {
            eval_time: '10m',
            alertname: 'consume_delay',
            exp_alerts: [
              alert({ ...delay, topic: 'queue.idle', channel: 'c' }, 'consume delay +Inf > 5m'),
              alert({ ...delay, topic: 'queue.e2e', channel: 'c' }, 'consume delay 6m 40s > 5m'),
              alert({ ...delay, topic: 'queue.slow', channel: 'c' }, 'consume delay 10m 0s > 5m'),
            ],
          },
          {
            eval_time: '10m',
            alertname: 'node_down',
            exp_alerts: [
              alert({ kind: 'node_down', severity: 'critical', node: 'nsqd-b:4151' }, 'node nsqd-b:4151 not answering'),
            ],
          },
          // down from 2 m on: not yet held for its 30 s `for`, so pending, not firing
          { eval_time: '2m', alertname: 'node_down', exp_alerts: [] },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'rules.test.yml'), stringify(tests));

  const { code, out } = await promtool('test', 'rules', 'rules.test.yml');
  expect(out).toContain('SUCCESS');
  expect(code, out).toBe(0);
});

it('refuses to start with a broken rules file, naming the rule, the field and why', async () => {
  const broken = join(dir, 'broken.toml');
  writeFileSync(broken, ['[[alert]]', 'name = "slow-retries"', 'kind = "retry_rate"', 'threshold = 20', ''].join('\n'));
  const failure = await startConsole([
    `--nsqd-http-address=${cluster.nsqds[0]!.httpAddress}`,
    `--alert-rules=${broken}`,
  ]).then(
    async (started) => {
      await started.stop();
      return 'started';
    },
    (e: Error) => e.message,
  );
  expect(failure).toContain('nsq-console exited during start-up (exit code 1)');
  expect(failure).toContain(
    `--alert-rules "${broken}": alert rule "slow-retries": threshold: a retry_rate threshold is a ratio from 0 to 1 (0.05 = 5 %)`,
  );
});
