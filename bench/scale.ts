// `npm run build && npm run bench:scale [-- --scales=3x20x3,20x500x4 --quick]`: nsq-console and the
// real nsqadmin v1.3.0 side by side on one simulated cluster per scale (nodes × topics × channels;
// bench/sim, every channel with 1 client and topic-00000/channel-0 with 1,000): upstream requests per
// minute with 0, 1, 10 and 50 viewers (bench/upstream-load.ts) and API latency
// (bench/api-latency.ts). Prints one JSON document on stdout, writes it to bench/results/scale.json,
// and prints markdown tables of the headline figures on stderr along with the progress.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { type NsqadminProcess, startNsqadmin } from '../scripts/nsq-cluster';
import { type ApiLatencyResult, measureApiLatency } from './api-latency';
import { cpuSeconds, HttpClient, pollsSeen, round, rssMiB, summarize, waitForPoll } from './bench-util';
import { expandTemplate, type PageRecording, type PageToRecord, recordPages } from './record-pages';
import { parseScales, type Scale } from './scales';
import { type SimulatorProcess, spawnSimulator } from './sim/spawn';
import { measureUpstreamLoad, type UpstreamLoadResult } from './upstream-load';

const { values: flags } = parseArgs({
  options: {
    scales: { type: 'string', default: '3x20x3,20x500x4,50x1000x4,100x2000x5' },
    quick: { type: 'boolean', default: false },
  },
});

const QUICK = flags.quick === true;
const POLL_INTERVAL_MS = 2000;
const SETTINGS = QUICK
  ? {
      recordMs: 6_000,
      windowMs: 4_000,
      warmupMs: 1_000,
      latency: { sequential: 30, concurrent: 60 },
      latencyCapMs: 3_000,
    }
  : {
      recordMs: 10_000,
      windowMs: 30_000,
      warmupMs: 4_000,
      latency: { sequential: 150, concurrent: 200 },
      latencyCapMs: 10_000,
    };
const CONCURRENCY = 10;
const RESULTS = fileURLToPath(new URL('./results/scale.json', import.meta.url));

const log = (m: string) => process.stderr.write(`[bench:scale ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

/** The benchmark asks topic-00001 and a channel of every topic: a scale needs 2 topics and a channel. */
function scalesToRun(text: string): Scale[] {
  const scales = parseScales(text);
  const bad = scales.find((s) => s.topics < 2 || s.channels < 1);
  if (bad)
    throw new Error(`--scales: ${bad.nodes}x${bad.topics}x${bad.channels} needs at least 2 topics and 1 channel`);
  return scales;
}

const topicName = (j: number) => `topic-${String(j).padStart(5, '0')}`;
/** the simulator's busy channel: 1,000 clients spread over the nodes */
const BIG = { topic: topicName(0), channel: 'channel-0' };
/** the topic page every single-topic measurement uses */
const TOPIC = topicName(1);

interface ScaleResult {
  scale: string;
  nodes: number;
  topics: number;
  channels: number;
  clients_per_channel: number;
  big_channel_clients: number;
  started_ms?: { nsqadmin: number; console: number; console_first_poll: number };
  console_poll_duration_ms?: ReturnType<typeof summarize>;
  upstream_load?: UpstreamLoadResult;
  api_latency?: ApiLatencyResult;
  processes_at_end?: {
    console: { cpu_seconds: number; rss_mib: number };
    nsqadmin: { cpu_seconds: number; rss_mib: number };
  };
  duration_s?: number;
  error?: string;
}

const stoppers = new Set<() => Promise<void>>();
async function stopAll() {
  for (const stop of [...stoppers].reverse()) {
    await stop().catch((e: unknown) => log(`stop failed: ${String(e)}`));
    stoppers.delete(stop);
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    void stopAll().finally(() => process.exit(130));
  });
}

const channelNames = (n: number) => Array.from({ length: n }, (_, k) => `channel-${k}`);

const PAGES = (channels: number): PageToRecord[] => [
  { name: 'topic_list', path: '/topics' },
  { name: 'topic_page', path: `/topics/${TOPIC}`, topic: TOPIC, topicChannels: channelNames(channels) },
  { name: 'channel_page', path: `/topics/${BIG.topic}/${BIG.channel}`, topic: BIG.topic, channel: BIG.channel },
  { name: 'nodes', path: '/nodes' },
];

interface RecordingRun {
  cluster: string;
  duration_s: number;
  pages: PageRecording[];
}

/**
 * What the console's pages fetch, recorded once per run in Chromium against a small simulated
 * cluster of its own (3 nodes, 20 topics, as many channels as the largest scale), where the pages
 * poll at their designed pace: on a large cluster a loaded console answers late and the pages'
 * cadence would be the server's, not the page's. The one request per channel of the topic page is
 * kept as one {each_channel} template and expanded for each scale.
 */
async function recordOnce(channels: number): Promise<RecordingRun> {
  const spec = { nodes: 3, topics: 20, channels, clientsPerChannel: 1, bigChannelClients: 1000 };
  const cluster = `${spec.nodes}x${spec.topics}x${spec.channels}`;
  log(
    `recording the console's pages in Chromium on a ${cluster} simulator, ${SETTINGS.recordMs} ms from each page's first /api request`,
  );
  const t0 = performance.now();
  const client = new HttpClient(2);
  const sim = await spawnSimulator(spec);
  stoppers.add(sim.stop);
  let con: ConsoleServer | undefined;
  try {
    con = await startConsole([
      `--lookupd-http-address=${sim.lookupdHttpAddress}`,
      `--poll-interval=${POLL_INTERVAL_MS / 1000}s`,
    ]);
    stoppers.add(con.stop);
    const first = await waitForPoll(client, con.url, 0, 60_000);
    // a second poll gives the pages rates and history to show, as on a console that has run a while
    await waitForPoll(client, con.url, first.seq, 60_000);
    const pages = await recordPages(con.url, PAGES(channels), SETTINGS.recordMs);
    for (const r of pages) {
      if (r.api.length === 0) throw new Error(`the console's ${r.path} made no /api request while recorded`);
      log(
        `  ${r.path}: ${r.api.map((q) => `${q.template} ×${q.count}${q.per_channel ? ` (×${q.per_channel} channels)` : ''} every ${q.interval_ms ?? '-'} ms`).join(', ')}`,
      );
    }
    return { cluster, duration_s: Math.round((performance.now() - t0) / 1000), pages };
  } finally {
    await client.close();
    for (const p of [con, sim]) {
      if (!p) continue;
      stoppers.delete(p.stop);
      await p.stop();
    }
  }
}

async function runScale(scale: Scale, recordings: PageRecording[]): Promise<ScaleResult> {
  const label = `${scale.nodes}x${scale.topics}x${scale.channels}`;
  const result: ScaleResult = { scale: label, ...scale, clients_per_channel: 1, big_channel_clients: 1000 };
  const t0 = performance.now();
  let sim: SimulatorProcess | undefined;
  let admin: NsqadminProcess | undefined;
  let con: ConsoleServer | undefined;
  const client = new HttpClient(4);
  pollsSeen.clear();
  try {
    log(`${label}: simulator`);
    sim = await spawnSimulator({ ...scale, clientsPerChannel: 1, bigChannelClients: 1000 });
    const s = sim;
    stoppers.add(s.stop);
    let t = performance.now();
    admin = await startNsqadmin({ lookupdHttpAddresses: [sim.lookupdHttpAddress] });
    const a = admin;
    stoppers.add(a.stop);
    const adminMs = performance.now() - t;
    t = performance.now();
    con = await startConsole([
      `--lookupd-http-address=${sim.lookupdHttpAddress}`,
      `--poll-interval=${POLL_INTERVAL_MS / 1000}s`,
    ]);
    const c = con;
    stoppers.add(c.stop);
    const consoleMs = performance.now() - t;
    await waitForPoll(client, con.url, 0, 180_000);
    result.started_ms = {
      nsqadmin: Math.round(adminMs),
      console: Math.round(consoleMs),
      console_first_poll: Math.round(performance.now() - t),
    };

    const byName = new Map(recordings.map((r) => [r.name, r]));
    const channels = channelNames(scale.channels);
    const viewerTopics = Array.from({ length: Math.min(scale.topics - 1, 25) }, (_, i) => topicName(i + 1));
    result.upstream_load = await measureUpstreamLoad({
      sim,
      nodes: scale.nodes,
      consoleUrl: con.url,
      consolePid: con.pid,
      nsqadminAddress: admin.httpAddress,
      nsqadminPid: admin.pid,
      recordings: { topic_list: byName.get('topic_list')!, topic_page: byName.get('topic_page')! },
      topics: viewerTopics,
      channels,
      windowMs: SETTINGS.windowMs,
      warmupMs: SETTINGS.warmupMs,
      pollIntervalMs: POLL_INTERVAL_MS,
      log,
    });

    const ownRoutes = new Map<string, string>();
    for (const r of recordings) {
      const page = PAGES(scale.channels).find((p) => p.name === r.name)!;
      for (const q of r.api) {
        for (const path of expandTemplate(q.template, { topic: page.topic, channel: page.channel, channels })) {
          if (!ownRoutes.has(path)) ownRoutes.set(path, `${r.name}: ${q.template}`);
        }
      }
    }
    result.api_latency = await measureApiLatency({
      consoleUrl: con.url,
      nsqadminAddress: admin.httpAddress,
      ownRoutes: [...ownRoutes].map(([path, name]) => ({ name, path })),
      topic: TOPIC,
      channelTopic: BIG.topic,
      channel: BIG.channel,
      samples: SETTINGS.latency,
      maxMsPerVariant: SETTINGS.latencyCapMs,
      concurrency: CONCURRENCY,
      log,
    });
    result.processes_at_end = {
      console: { cpu_seconds: round(cpuSeconds(con.pid), 1), rss_mib: rssMiB(con.pid) },
      nsqadmin: { cpu_seconds: round(cpuSeconds(admin.pid ?? -1), 1), rss_mib: rssMiB(admin.pid ?? -1) },
    };
  } catch (e) {
    result.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log(`${label}: FAILED: ${result.error}`);
    if (con) result.error += `\n--- console output (tail) ---\n${con.output().slice(-2000)}`;
  } finally {
    result.console_poll_duration_ms = summarize([...pollsSeen.values()]);
    await client.close();
    for (const p of [con, admin, sim]) {
      if (!p) continue;
      stoppers.delete(p.stop);
      await p.stop().catch((e: unknown) => log(`stop failed: ${String(e)}`));
    }
    result.duration_s = Math.round((performance.now() - t0) / 1000);
    log(`${label}: done in ${result.duration_s} s`);
  }
  return result;
}

const fmt = (n: number | null | undefined) =>
  n === null || n === undefined || Number.isNaN(n)
    ? '–'
    : n >= 100
      ? Math.round(n).toLocaleString('en')
      : String(round(n, 1));
const kb = (bytes: number) =>
  bytes >= 1_048_576 ? `${round(bytes / 1_048_576, 1)} MB` : `${round(bytes / 1024, 1)} KB`;

/** The headline figures as markdown, for BENCHMARKS.md. */
function markdown(results: ScaleResult[]): string {
  const out: string[] = [];
  out.push('### nsqd `/stats` requests per minute (nsqadmin ÷ console)', '');
  out.push(
    '| scale (nodes×topics×channels) | viewers | console polls/min | console /stats/min | nsqadmin /stats/min | ratio | console nsqd MB/min | nsqadmin nsqd MB/min | console lookupd req/min | nsqadmin lookupd req/min | nsqadmin page loads/min done (modelled) |',
  );
  out.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    if (!r.upstream_load) continue;
    const labels = [...new Set(r.upstream_load.windows.map((w) => w.label))];
    for (const l of labels) {
      const c = r.upstream_load.windows.find((w) => w.side === 'console' && w.label === l);
      const a = r.upstream_load.windows.find((w) => w.side === 'nsqadmin' && w.label === l);
      const ratio = r.upstream_load.ratios.find((x) => x.label === l);
      out.push(
        `| ${r.scale} | ${l} | ${c?.console_polls ? fmt((c.console_polls.started * 60_000) / c.window_ms) : '–'} | ${fmt(c?.upstream.nsqd_stats_per_min)} | ${a ? fmt(a.upstream.nsqd_stats_per_min) : '–'} | ${ratio?.nsqd_stats ?? '–'} | ` +
          `${c ? round(c.upstream.nsqd_bytes_per_min / 1_048_576, 1) : '–'} | ${a ? round(a.upstream.nsqd_bytes_per_min / 1_048_576, 1) : '–'} | ` +
          `${fmt(c?.upstream.lookupd_requests_per_min)} | ${a ? fmt(a.upstream.lookupd_requests_per_min) : '–'} | ${a?.page_loads ? `${fmt(a.page_loads.done_per_min)} (${fmt(a.page_loads.modelled_per_min)})` : '–'} |`,
      );
    }
  }
  out.push('', '### Upstream requests of one page load', '');
  out.push('| scale | page | console: nsqd /stats, lookupd | nsqadmin: nsqd /stats, lookupd | nsqadmin nsqd bytes |');
  out.push('|---|---|---|---|---|');
  for (const r of results) {
    for (const page of ['topic_list', 'topic_page'] as const) {
      const c = r.upstream_load?.per_page_load.find((p) => p.side === 'console' && p.page === page);
      const a = r.upstream_load?.per_page_load.find((p) => p.side === 'nsqadmin' && p.page === page);
      if (!c || !a) continue;
      out.push(
        `| ${r.scale} | ${page.replace('_', ' ')} | ${c.nsqd_stats}, ${c.lookupd_requests} | ${a.nsqd_stats}, ${a.lookupd_requests} | ${a.nsqd_bytes === null ? '–' : kb(a.nsqd_bytes)} |`,
      );
    }
  }
  out.push('', '### API latency, ms (sequential p50 / p95 / p99; 10 in flight p50 / p99), body', '');
  out.push(
    '| scale | server | route | sequential p50 / p95 / p99 (n) | 10 concurrent p50 / p99 (n) | errors | body (gzip) |',
  );
  out.push('|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const q of r.api_latency?.routes ?? []) {
      const s = q.sequential;
      const c = q.concurrent;
      out.push(
        `| ${r.scale} | ${q.side} | ${q.side === 'console, own routes' ? `\`${q.path}\`` : `${q.name} \`${q.path}\``} | ${fmt(s.latency_ms.p50)} / ${fmt(s.latency_ms.p95)} / ${fmt(s.latency_ms.p99)} (${s.latency_ms.n}${s.capped ? ', capped' : ''}) | ` +
          `${fmt(c.latency_ms.p50)} / ${fmt(c.latency_ms.p99)} (${c.latency_ms.n}${c.capped ? ', capped' : ''}) | ${s.errors + c.errors || ''} | ${kb(q.body_bytes)} (${kb(q.wire_bytes)}) |`,
      );
    }
  }
  out.push('', '### Console poll and processes', '');
  out.push(
    '| scale | console poll p50 / max (n) | console CPU s/min, 0 viewers → 50 | nsqadmin CPU s/min, 1 → 50 viewers | RSS console / nsqadmin at end |',
  );
  out.push('|---|---|---|---|---|');
  for (const r of results) {
    const w = r.upstream_load?.windows ?? [];
    const con = w.filter((x) => x.side === 'console');
    const adm = w.filter((x) => x.side === 'nsqadmin');
    const p = r.console_poll_duration_ms;
    out.push(
      `| ${r.scale} | ${p ? `${fmt(p.p50)} / ${fmt(p.max)} (${p.n})` : '–'} | ${con.map((x) => fmt(x.process.cpu_seconds_per_min)).join(' → ')} | ${adm.map((x) => fmt(x.process.cpu_seconds_per_min)).join(' → ')} | ` +
        `${r.processes_at_end ? `${r.processes_at_end.console.rss_mib} / ${r.processes_at_end.nsqadmin.rss_mib} MiB` : '–'} |`,
    );
  }
  const failed = results.flatMap((r) =>
    (r.upstream_load?.checks ?? []).filter((c) => !c.ok).map((c) => `- ${r.scale}: ${c.name}: ${c.detail}`),
  );
  const errors = results.flatMap((r) =>
    (r.upstream_load?.windows ?? [])
      .filter((x) => x.viewer_requests.errors > 0)
      .map(
        (x) =>
          `- ${r.scale}, ${x.side}, ${x.label}: ${x.viewer_requests.errors} of ${x.viewer_requests.sent} viewer requests failed (${x.viewer_requests.error_samples.join('; ')})`,
      ),
  );
  if (failed.length) out.push('', 'Sanity checks that did not hold:', ...failed);
  if (errors.length) out.push('', 'Viewer request errors:', ...errors);
  for (const r of results) if (r.error) out.push('', `${r.scale} FAILED: ${r.error.split('\n')[0]}`);
  return out.join('\n');
}

const started = Date.now();
const scales = scalesToRun(flags.scales!);
const loadBefore = os.loadavg();
const results: ScaleResult[] = [];
let recording: RecordingRun | undefined;
let recordingError: string | undefined;
try {
  recording = await recordOnce(Math.max(3, ...scales.map((s) => s.channels)));
  for (const scale of scales) results.push(await runScale(scale, recording.pages));
} catch (e) {
  recordingError = e instanceof Error ? (e.stack ?? e.message) : String(e);
  log(`FAILED: ${recordingError}`);
} finally {
  await stopAll();
}
const doc = {
  benchmark: 'bench:scale: nsq-console vs nsqadmin v1.3.0 on a simulated cluster',
  mode: QUICK ? 'quick' : 'full',
  settings: { ...SETTINGS, poll_interval_ms: POLL_INTERVAL_MS, concurrency: CONCURRENCY },
  machine: {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_gib: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    loadavg_before: loadBefore.map((x) => round(x, 2)),
    loadavg_after: os.loadavg().map((x) => round(x, 2)),
  },
  started_at: new Date(started).toISOString(),
  duration_s: Math.round((Date.now() - started) / 1000),
  recording: recording && {
    ...recording,
    pages: recording.pages.map(({ other, ...r }) => ({
      ...r,
      other: { document: other.document, static: other.static, rsc: other.rsc, rest: other.rest.length },
    })),
  },
  ...(recordingError ? { error: recordingError } : {}),
  scales: results,
};
const json = `${JSON.stringify(doc, null, 2)}\n`;
mkdirSync(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
writeFileSync(RESULTS, json);
process.stdout.write(json);
const tables = markdown(results);
writeFileSync(RESULTS.replace(/\.json$/, '.md'), `${tables}\n`);
process.stderr.write(`\n${tables}\n\nwritten to ${RESULTS} (${doc.duration_s} s)\n`);
if (recordingError || results.some((r) => r.error)) process.exitCode = 1;
