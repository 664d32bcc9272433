// `npm run build && npm run bench:live [-- --scale=100x2000x5 --seconds=120 --poll-interval=2s --skip=counter]`:
// what a user of a large cluster feels while the console sweeps it.
//  1. API latency of every route the pages use, sequential, with sweeps running all along (requests
//     must never wait for a sweep): p50/p95/p99 per route, and the sweeps seen meanwhile.
//  2. Freshness of an open channel: a real nsqd and nsqlookupd beside the simulator's nodes (bench/sim,
//     scale only); the channel's API route is read as its page reads it (again after next_poll_ms +
//     250 ms), messages are published to the real nsqd at random moments, and the time from the
//     /pub answer to the first answer with the new depth is recorded (target: --poll-interval + 1 s).
// Prints JSON on stdout and writes bench/results/live.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startConsole } from '../scripts/console-server';
import { startCluster } from '../scripts/nsq-cluster';
import { publish } from '../scripts/traffic';
import { post } from '../test/http-json';
import { cpuSeconds, HttpClient, round, rssMiB, sleep, summarize, waitForPoll } from './bench-util';
import { parseScales } from './scales';
import { spawnSimulator } from './sim/spawn';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '100x2000x5' },
    seconds: { type: 'string', default: '120' },
    'poll-interval': { type: 'string', default: '2s' },
    samples: { type: 'string', default: '20' },
    // routes to leave out, by a part of their name, comma-separated: e.g. `--skip=counter` shows what
    // the other routes do when a million-entry answer is not built between them
    skip: { type: 'string', default: '' },
  },
});
const skipped = values.skip.split(',').filter((s) => s !== '');
const scale = parseScales(values.scale)[0]!;
const SECONDS = Number(values.seconds);
const SAMPLES = Number(values.samples);
const log = (m: string) => process.stderr.write(`[bench:live ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

const cluster = await startCluster({ nsqdCount: 1, withLookupd: true });
const nsqd = cluster.nsqds[0]!.httpAddress;
await post(`http://${nsqd}/topic/create?topic=watched`);
await post(`http://${nsqd}/channel/create?topic=watched&channel=c`);
log(`simulator ${values.scale}`);
const sim = await spawnSimulator({
  nodes: scale.nodes,
  topics: scale.topics,
  channels: scale.channels,
  clientsPerChannel: 1,
  bigChannelClients: 1000,
});
const con = await startConsole([
  `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
  `--lookupd-http-address=${sim.lookupdHttpAddress}`,
  `--poll-interval=${values['poll-interval']}`,
]);
const client = new HttpClient(4);
try {
  const first = await waitForPoll(client, con.url, 0, 600_000);
  await waitForPoll(client, con.url, first.seq, 600_000);
  const node = sim.nsqdHttpAddresses[0]!;
  const allRoutes: [string, string][] = [
    ['header: /api/cluster?topics=false', '/api/cluster?topics=false'],
    ['topic list: /api/cluster/topics', '/api/cluster/topics'],
    ['nodes page: /api/cluster?topics=false&node_topics=true', '/api/cluster?topics=false&node_topics=true'],
    ['API only: /api/cluster (every topic in full)', '/api/cluster?node_topics=false'],
    ['topic page: /api/cluster/topics/{topic}', '/api/cluster/topics/topic-00001'],
    [
      'channel page: /api/cluster/topics/{topic}/channels/{channel}',
      '/api/cluster/topics/topic-00000/channels/channel-0',
    ],
    ['home: /api/cluster/backlog', '/api/cluster/backlog'],
    ['nsqadmin: /api/topics', '/api/topics'],
    ['nsqadmin: /api/topics/{topic}', '/api/topics/topic-00001'],
    ['nsqadmin: /api/topics/{topic}/{channel}', '/api/topics/topic-00000/channel-0'],
    ['nsqadmin: /api/nodes', '/api/nodes'],
    [`nsqadmin: /api/nodes/{node}`, `/api/nodes/${node}`],
    ['nsqadmin: /api/counter', '/api/counter'],
  ];
  const routes = allRoutes.filter(([name]) => !skipped.some((s) => name.includes(s)));

  // 1. every route in turn, over SECONDS, while sweeps run
  log(`API latency for ${SECONDS} s`);
  const times = new Map<string, number[]>(routes.map(([name]) => [name, []]));
  const errors = new Map<string, number>();
  const cpu0 = cpuSeconds(con.pid);
  const sweepsBefore = await waitForPoll(client, con.url, 0);
  const until = Date.now() + SECONDS * 1000;
  while (Date.now() < until) {
    for (const [name, path] of routes) {
      const r = await client.get(`${con.url}${path}`, { timeoutMs: 30_000 });
      if (r.status === 200) times.get(name)!.push(r.ms);
      else errors.set(name, (errors.get(name) ?? 0) + 1);
    }
  }
  const sweepsAfter = await waitForPoll(client, con.url, 0);
  const latency = routes.map(([name]) => ({
    route: name,
    ms: summarize(times.get(name)!),
    errors: errors.get(name) ?? 0,
  }));
  const cpuShare = (cpuSeconds(con.pid) - cpu0) / SECONDS;
  for (const l of latency) log(`${l.route}: p50 ${l.ms.p50} p95 ${l.ms.p95} p99 ${l.ms.p99} ms (n ${l.ms.n})`);

  // 2. freshness of the open channel page
  log(`freshness, ${SAMPLES} samples`);
  const channelUrl = `${con.url}/api/cluster/topics/watched/channels/c`;
  let depth = 0;
  const fresh: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(Math.random() * 3000);
    const added = 1 + Math.floor(Math.random() * 5);
    await publish(
      nsqd,
      'watched',
      Array.from({ length: added }, (_, k) => `m${i}-${k}`),
    );
    const published = performance.now();
    depth += added;
    // the page: it asks again when the answer says newer numbers are due, plus 250 ms
    for (;;) {
      const r = await client.get(channelUrl, { timeoutMs: 30_000, keepBody: true });
      const body = JSON.parse(r.body?.toString('utf8') ?? '{}') as {
        channel?: { depth: number };
        next_poll_ms?: number;
      };
      if (body.channel?.depth === depth) break;
      await sleep((body.next_poll_ms ?? 1000) + 250);
    }
    fresh.push(performance.now() - published);
  }
  const freshness = summarize(fresh);
  log(`freshness p50 ${freshness.p50} p95 ${freshness.p95} max ${freshness.max} ms`);

  const info = await waitForPoll(client, con.url, 0);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, load: os.loadavg().map((x) => round(x, 2)) },
    scale: values.scale,
    skipped_routes: skipped,
    poll_interval: values['poll-interval'],
    sweeps_during_latency: sweepsAfter.seq - sweepsBefore.seq,
    sweep_interval_ms: info.poll_interval_ms,
    sweep_duration_ms: info.poll_duration_ms,
    server_cpu_share_of_one_core_during_latency: round(cpuShare, 3),
    rss_mib: rssMiB(con.pid),
    latency,
    freshness_ms: freshness,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/live.json', `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await client.close();
  await con.stop();
  await sim.stop();
  await cluster.stop();
}
