// `npm run build && npm run bench:browser -- [--quick] [--scales=20x500x4,50x1000x4] [--loads=5]
//   [--filter-scale=3x10000x1] [--freshness-samples=20] [--skip=scales,filter,freshness]`
//
// The browser benchmarks of bench/browser.ts and bench/freshness.ts, nsq-console beside nsqadmin v1.3.0:
// 1. per scale NODESxTOPICSxCHANNELS, the large-cluster simulator (bench/sim) with the production
//    console (lookupd mode, --poll-interval=2s) and a real nsqadmin on it: the topic list's first row,
//    the topic page's first channel row and time to interactive, the topic list's first-load bytes;
// 2. at --filter-scale (10,000 topics): the topic list's first row for both apps, and keystroke →
//    filtered list on the console (nsqadmin has no filter);
// 3. freshness on a real cluster (1 nsqlookupd, 2 nsqd, the console polling every 2 s).
// Prints one JSON document and writes it to bench/results/browser.json. Without --quick: 5 loads per
// measurement, 20 freshness samples, 3 rounds of typing. --quick: one scale (20x500x4), 3 loads, 8
// freshness samples, 2 rounds of typing; about two minutes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { httpRequest, type NsqadminProcess, startNsqadmin } from '../scripts/nsq-cluster';
import { benchBrowser, benchTopicFilter, benchTopicListLoads, launchBrowser } from './browser';
import { benchFreshness } from './freshness';
import { parseScales } from './scales';
import type { SimSpec } from './sim/model';
import { type SimulatorProcess, spawnSimulator } from './sim/spawn';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scales: { type: 'string' },
    loads: { type: 'string' },
    'filter-scale': { type: 'string', default: '3x10000x1' },
    'freshness-samples': { type: 'string' },
    skip: { type: 'string', default: '' },
  },
});
const quick = values.quick === true;
const skip = new Set((values.skip ?? '').split(',').filter(Boolean));
const POLL_INTERVAL_MS = 2000;
const TOPIC = 'topic-00001';

function parseScale(s: string): SimSpec {
  const [scale] = parseScales(s);
  return { ...scale!, clientsPerChannel: 1, bigChannelClients: 100 };
}
const positive = (name: string, v: string | undefined, dflt: number) => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number from 1, got ${v}`);
  return n;
};
const scales = (values.scales ?? (quick ? '20x500x4' : '20x500x4,50x1000x4')).split(',').map(parseScale);
const filterScale = parseScale(values['filter-scale'] as string);
const loads = positive('loads', values.loads, quick ? 3 : 5);
const freshnessSamples = positive('freshness-samples', values['freshness-samples'], quick ? 8 : 20);
const filterRounds = quick ? 2 : 3;
const scaleName = (s: SimSpec) => `${s.nodes}x${s.topics}x${s.channels}`;

const started = performance.now();
const progress = (line: string) =>
  process.stderr.write(`[bench:browser ${Math.round((performance.now() - started) / 1000)}s] ${line}\n`);

interface SimEnv {
  sim: SimulatorProcess;
  con: ConsoleServer;
  adm: NsqadminProcess;
  /** the console's poll_duration_ms of consecutive snapshots before the measurements (how busy its server is) */
  pollDurations: number[];
}

/** The simulator, the console and nsqadmin on it, the console's first snapshot complete; all stopped after. */
async function onSimulator<T>(spec: SimSpec, fn: (env: SimEnv) => Promise<T>): Promise<T> {
  const sim = await spawnSimulator(spec);
  let con: ConsoleServer | undefined;
  let adm: NsqadminProcess | undefined;
  try {
    con = await startConsole([
      `--lookupd-http-address=${sim.lookupdHttpAddress}`,
      `--poll-interval=${POLL_INTERVAL_MS}ms`,
    ]);
    adm = await startNsqadmin({ lookupdHttpAddresses: [sim.lookupdHttpAddress] });
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await httpRequest('GET', `${con.url}/api/cluster/topics`, { timeoutMs: 30_000 });
      const count = res.status === 200 ? (JSON.parse(res.body) as { count?: number }).count : undefined;
      if (count === spec.topics) break;
      if (Date.now() > deadline) throw new Error(`the console lists ${count} topics, not ${spec.topics}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    // a few more polls, so that rates and history exist as they do on a console that has been running
    const polls = new Map<number, number>();
    while (polls.size < 3) {
      const res = await httpRequest('GET', `${con.url}/api/cluster?topics=false`, { timeoutMs: 30_000 });
      const snap = JSON.parse(res.body) as { taken_at: number; poll_duration_ms: number };
      polls.set(snap.taken_at, snap.poll_duration_ms);
      await new Promise((r) => setTimeout(r, 500));
    }
    progress(`${scaleName(spec)}: simulator, console and nsqadmin ready`);
    return await fn({ sim, con, adm, pollDurations: [...polls.values()] });
  } finally {
    await adm?.stop();
    await con?.stop();
    await sim.stop();
  }
}

const gitCommit = () => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};

const browser = await launchBrowser();
const result: Record<string, unknown> = {};
try {
  result.meta = {
    date: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    commit: gitCommit(),
    node: process.version,
    chromium: browser.version(),
    cpus: os.cpus().length,
    load_average_at_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
    viewport: '1280x900',
    loads_per_measurement: loads,
    poll_interval_ms: POLL_INTERVAL_MS,
  };

  const perScale: Record<string, unknown> = {};
  for (const spec of skip.has('scales') ? [] : scales) {
    perScale[scaleName(spec)] = await onSimulator(spec, async ({ con, adm, pollDurations }) => ({
      console_poll_duration_ms: pollDurations,
      ...(await benchBrowser({
        browser,
        consoleUrl: con.url,
        nsqadminAddress: adm.httpAddress,
        topic: TOPIC,
        loads,
        progress: (l) => progress(`${scaleName(spec)}: ${l}`),
      })),
    }));
  }
  result.scales = perScale;

  if (!skip.has('filter')) {
    result.topics_10k = await onSimulator(filterScale, async ({ con, adm, pollDurations }) => {
      const topicList = await benchTopicListLoads({
        browser,
        consoleUrl: con.url,
        nsqadminAddress: adm.httpAddress,
        loads,
      });
      progress(`${scaleName(filterScale)}: topic list loads measured`);
      const filter = await benchTopicFilter(browser, con.url, { rounds: filterRounds });
      progress(`${scaleName(filterScale)}: filter measured`);
      return {
        scale: scaleName(filterScale),
        console_poll_duration_ms: pollDurations,
        topic_list: topicList,
        filter,
        nsqadmin_filter: "none: nsqadmin's topic list has no search or filter",
      };
    });
  }

  if (!skip.has('freshness')) {
    result.freshness = await benchFreshness({
      browser,
      samples: freshnessSamples,
      pollIntervalMs: POLL_INTERVAL_MS,
      nsqdCount: 2,
      progress,
    });
  }

  // the targets of issue 6, judged on the figures above
  const targets: Record<string, unknown> = {};
  const t10k = result.topics_10k as
    | {
        topic_list: Record<string, { first_row_ms: { median: number }; first_row_painted_ms: { median: number } }>;
        filter: {
          keystrokes: { max: number; median: number }[];
          clear_to_all_rows_ms: { median: number; max: number };
        };
      }
    | undefined;
  if (t10k) {
    const c = t10k.topic_list['nsq-console'];
    targets.topic_list_10k_under_1500ms = {
      first_row_in_dom_median_ms: c?.first_row_ms.median,
      first_row_painted_median_ms: c?.first_row_painted_ms.median,
      met: (c?.first_row_painted_ms.median ?? Infinity) < 1500,
    };
    const medians = [...t10k.filter.keystrokes.map((k) => k.median), t10k.filter.clear_to_all_rows_ms.median];
    const maxes = [...t10k.filter.keystrokes.map((k) => k.max), t10k.filter.clear_to_all_rows_ms.max];
    targets.filter_under_100ms = {
      worst_median_ms: Math.max(...medians),
      worst_sample_ms: Math.max(...maxes),
      met_by_medians: Math.max(...medians) < 100,
      met_by_every_sample: Math.max(...maxes) < 100,
    };
  }
  const fresh = result.freshness as
    | Record<
        string,
        { publish_to_screen_ms: { p50: number; p95: number; max: number }; target_ms: number; over_target: number }
      >
    | undefined;
  if (fresh) {
    for (const view of ['channel_page', 'topic_page']) {
      const f = fresh[view];
      if (!f) continue;
      targets[`freshness_within_poll_plus_1s_${view}`] = {
        target_ms: f.target_ms,
        p50_ms: f.publish_to_screen_ms.p50,
        p95_ms: f.publish_to_screen_ms.p95,
        max_ms: f.publish_to_screen_ms.max,
        samples_over_target: f.over_target,
        met_at_p95: f.publish_to_screen_ms.p95 <= f.target_ms,
        met_by_every_sample: f.over_target === 0,
      };
    }
  }
  result.targets = targets;
  (result.meta as Record<string, unknown>).load_average_at_end = os.loadavg().map((l) => Math.round(l * 100) / 100);
  (result.meta as Record<string, unknown>).duration_s = Math.round((performance.now() - started) / 100) / 10;

  const json = `${JSON.stringify(result, null, 2)}\n`;
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}browser.json`, json);
  process.stdout.write(json);
  progress(`done; written to bench/results/browser.json`);
} finally {
  await browser.close();
}
