// `npm run bench:local`: poll duration and API response times of the production console against a
// real local cluster (1 nsqlookupd, 2 nsqd, the demo's traffic), and in Chromium the home page's
// totals, navigation start → in the DOM and painted, over fresh page loads. Prints one JSON document.
import { startConsole } from '../scripts/console-server';
import { httpRequest, startCluster } from '../scripts/nsq-cluster';
import { startTraffic } from '../scripts/traffic';
import { launchBrowser, visitFirstShown } from './browser';
import { medianSummary } from './stats';

const SAMPLES = 300;
const POLLS = 15;
/** fresh page loads of the home page, after one that warms the server up */
const HOME_LOADS = 10;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    n: s.length,
    p50: r(quantile(s, 0.5)),
    p95: r(quantile(s, 0.95)),
    p99: r(quantile(s, 0.99)),
    max: r(s.at(-1) ?? NaN),
  };
};

const cluster = await startCluster();
const traffic = await startTraffic({
  nsqdHttpAddresses: cluster.nsqds.map((n) => n.httpAddress),
  lookupdHttpAddresses: [cluster.lookupd.httpAddress],
});
const con = await startConsole([`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--poll-interval=2s']);

try {
  const snapshot = async () =>
    JSON.parse((await httpRequest('GET', `${con.url}/api/cluster`)).body) as { seq: number; poll_duration_ms: number };
  // warm up: the first requests compile nothing in production, but let a few polls fill history
  await new Promise((r) => setTimeout(r, 6000));

  const pollDurations = new Map<number, number>();
  while (pollDurations.size < POLLS) {
    const s = await snapshot();
    pollDurations.set(s.seq, s.poll_duration_ms);
    await new Promise((r) => setTimeout(r, 500));
  }

  const results: Record<string, ReturnType<typeof summary> & { bytes: number }> = {};
  for (const path of [
    '/api/cluster',
    '/api/topics',
    '/api/topics/orders',
    '/api/topics/orders/billing',
    '/api/nodes',
    '/api/counter',
  ]) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      const res = await httpRequest('GET', `${con.url}${path}`);
      times.push(performance.now() - t0);
      bytes = res.body.length;
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    }
    results[path] = { ...summary(times), bytes };
  }
  const browser = await launchBrowser();
  const home = { shown: [] as number[], painted: [] as number[] };
  try {
    for (let i = 0; i <= HOME_LOADS; i++) {
      const visit = await visitFirstShown(browser, `${con.url}/`, '[data-testid="total-topics"]');
      if (i === 0) continue;
      home.shown.push(visit.shown_ms);
      home.painted.push(visit.painted_ms);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        cluster: '1 nsqlookupd, 2 nsqd, demo traffic (3 topics, 5 channels, ~75 msg/s)',
        poll_duration_ms: summary([...pollDurations.values()]),
        response_ms: results,
        home_totals_ms: { in_dom: medianSummary(home.shown), painted: medianSummary(home.painted) },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await con.stop();
  await traffic.stop();
  await cluster.stop();
}
