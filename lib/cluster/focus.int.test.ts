// What someone looks at is live at any scale. A real nsqd and nsqlookupd, beside the bench
// simulator's nodes as background load (bench/sim: 40 nodes × 1,000 topics × 4 channels, for scale
// only), so large that the console sweeps the whole cluster far less often than --poll-interval.
// A channel open in a browser must still show a depth change before the next sweep: the console
// reads a watched topic from its nodes every --poll-interval (lib/cluster/focus.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type SimulatorProcess, spawnSimulator } from '../../bench/sim/spawn';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { eventually, getJson, post } from '../../test/http-json';
import type { ClusterSnapshot } from './types';

const POLL_MS = 1000;

let cluster: NsqCluster;
let sim: SimulatorProcess;
let con: ConsoleServer;
let nsqd: string;

interface ChannelAnswer {
  channel: { depth: number };
  taken_at: number;
}
const sweep = async () =>
  (await getJson<ClusterSnapshot & { seq: number }>(`${con.url}/api/cluster?topics=false`)).body;
const channelPage = async () => (await getJson<ChannelAnswer>(`${con.url}/api/cluster/topics/watched/channels/c`)).body;

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1, withLookupd: true });
  nsqd = cluster.nsqds[0]!.httpAddress;
  await post(`http://${nsqd}/topic/create?topic=watched`);
  await post(`http://${nsqd}/channel/create?topic=watched&channel=c`);
  sim = await spawnSimulator({ nodes: 40, topics: 1000, channels: 4, clientsPerChannel: 1, bigChannelClients: 0 });
  con = await startConsole([
    `--lookupd-http-address=${cluster.lookupd!.httpAddress}`,
    `--lookupd-http-address=${sim.lookupdHttpAddress}`,
    `--poll-interval=${POLL_MS}ms`,
  ]);
  // the first sweep of 41 nodes takes a while, and requests wait for it: nothing else to show yet
  const firstSweep = () => sweep().catch(() => null);
  await eventually(firstSweep, (s) => s?.nodes?.length === 41, 'the first sweep of all 41 nodes', 90_000);
}, 120_000);

afterAll(async () => {
  await con?.stop();
  await sim?.stop();
  await cluster?.stop();
});

it('shows a depth change on an open channel before the next sweep of the whole cluster', async () => {
  // the cluster is large enough that sweeps are spaced out; otherwise this test shows nothing
  const spaced = await eventually(sweep, (s) => s.poll_interval_ms >= 3 * POLL_MS, 'sweeps spaced out', 150_000);
  expect(spaced.poll_interval_ms).toBeGreaterThan(spaced.configured_poll_interval_ms);

  // the channel page is open: it asks for the channel, and so the console watches its topic
  expect((await channelPage()).channel.depth).toBe(0);
  // just after a sweep, so the next one is seconds away
  const before = await sweep();
  const swept = await eventually(sweep, (s) => s.seq > before.seq, 'the next sweep', 150_000);
  const published = Date.now();
  await publish(nsqd, 'watched', ['1', '2', '3', '4', '5']);

  const seen = await eventually(channelPage, (c) => c.channel.depth === 5, 'the new depth on the channel page');
  expect((await sweep()).seq).toBe(swept.seq);
  // the page's freshness is its own read, after the publish, not the sweep's
  expect(seen.taken_at).toBeGreaterThanOrEqual(published);
  expect(swept.taken_at).toBeLessThan(published);
}, 400_000);
