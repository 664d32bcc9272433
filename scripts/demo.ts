// `npm run demo`: a real local NSQ v1.3.0 cluster (one nsqlookupd, two nsqd) with traffic, the
// console on http://localhost:4171 and nsqadmin beside it for comparison. Ctrl-C stops everything.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startConsole } from './console-server';
import { startCluster, startNsqadmin } from './nsq-cluster';
import { startTraffic } from './traffic';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { port: { type: 'string', default: '4171' } } });
const port = Number(values.port);

function run(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run('bash', ['scripts/install-nsq.sh']);
// Always rebuild: a stale build would show yesterday's code.
run('npm', ['run', 'build']);

const cluster = await startCluster();
const lookupd = cluster.lookupd.httpAddress;
const traffic = await startTraffic({
  nsqdHttpAddresses: cluster.nsqds.map((n) => n.httpAddress),
  lookupdHttpAddresses: [lookupd],
});
const nsqadmin = await startNsqadmin({ lookupdHttpAddresses: [lookupd] });
const con = await startConsole([`--lookupd-http-address=${lookupd}`], { port, echo: true });

process.stdout.write(
  [
    '',
    `nsq-console   http://localhost:${port}`,
    `nsqadmin      http://${nsqadmin.httpAddress}   (the reference, on the same cluster)`,
    `nsqlookupd    http://${lookupd}`,
    ...cluster.nsqds.map((n) => `${n.name.padEnd(13)} http://${n.httpAddress}   tcp ${n.tcpAddress}`),
    '',
    'Traffic: orders (billing drains, shipping backs up, archive has no consumer), payments (requeues), clicks.',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  process.stdout.write('\nstopping…\n');
  await con.stop();
  await nsqadmin.stop();
  await traffic.stop();
  await cluster.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
