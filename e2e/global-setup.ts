// One real cluster with traffic and the production console for the browser tests, plus a consumer
// whose IDENTIFY fields carry HTML and script, to prove the pages render NSQ's strings as text.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { startConsole } from '../scripts/console-server';
import { httpRequest, startCluster } from '../scripts/nsq-cluster';
import { consume, startTraffic } from '../scripts/traffic';
import { ALERTING, HOSTILE, PROBE, TRACE_URL_TEMPLATE } from './support';

export default async function globalSetup(_config: FullConfig) {
  const cluster = await startCluster({ e2eLatencyPercentiles: [0.5, 0.99] });
  const [first] = cluster.nsqds;
  if (!first) throw new Error('no nsqd');
  for (const path of [
    `/topic/create?topic=${PROBE.topic}`,
    `/channel/create?topic=${PROBE.topic}&channel=${PROBE.channel}`,
    `/topic/create?topic=${ALERTING.topic}`,
    `/channel/create?topic=${ALERTING.topic}&channel=${ALERTING.channel}`,
  ]) {
    await httpRequest('POST', `http://${first.httpAddress}${path}`);
  }
  const hostile = await consume({
    nsqdTcp: first.tcpAddress,
    topic: PROBE.topic,
    channel: PROBE.channel,
    count: 0,
    ...HOSTILE,
  });
  const traffic = await startTraffic({
    nsqdHttpAddresses: cluster.nsqds.map((n) => n.httpAddress),
    lookupdHttpAddresses: [cluster.lookupd.httpAddress],
  });
  // the alerts spec's rule: a low backlog threshold on a channel of its own, that nothing consumes
  const rules = join(mkdtempSync(join(tmpdir(), 'nsq-console-e2e-')), 'rules.toml');
  writeFileSync(
    rules,
    [
      '[[alert]]',
      `name = "${ALERTING.rule}"`,
      'kind = "backlog"',
      `topic = "${ALERTING.topic}"`,
      `channel = "${ALERTING.channel}"`,
      `threshold = ${ALERTING.threshold}`,
      'for = "1s"',
      'severity = "critical"',
      '',
    ].join('\n'),
  );
  const con = await startConsole([
    `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
    '--poll-interval=1s',
    `--alert-rules=${rules}`,
    `--trace-url-template=${TRACE_URL_TEMPLATE}`,
  ]);
  // Workers start after this and inherit the environment.
  process.env.CONSOLE_URL = con.url;
  process.env.NSQD_HTTP_ADDRESSES = cluster.nsqds.map((n) => n.httpAddress).join(',');
  process.env.LOOKUPD_HTTP_ADDRESS = cluster.lookupd.httpAddress;
  return async () => {
    await con.stop();
    await hostile.close();
    await traffic.stop();
    await cluster.stop();
  };
}
