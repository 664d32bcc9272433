// One real cluster with traffic and the production console for every browser test.
import type { FullConfig } from '@playwright/test';
import { startCluster } from '../scripts/nsq-cluster';
import { startTraffic } from '../scripts/traffic';
import { startConsole } from '../scripts/console-server';

export default async function globalSetup(_config: FullConfig) {
  const cluster = await startCluster();
  const traffic = await startTraffic({
    nsqdHttpAddresses: cluster.nsqds.map((n) => n.httpAddress),
    lookupdHttpAddresses: [cluster.lookupd.httpAddress],
  });
  const con = await startConsole([`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--poll-interval=1s']);
  // Workers start after this and inherit the environment.
  process.env.CONSOLE_URL = con.url;
  process.env.NSQD_HTTP_ADDRESSES = cluster.nsqds.map((n) => n.httpAddress).join(',');
  return async () => {
    await con.stop();
    await traffic.stop();
    await cluster.stop();
  };
}
