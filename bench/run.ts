// `npm run bench [-- --quick] [-- --no-build]`: every benchmark of issue 6, one after another, then
// bench/results/summary.md with the figures against the targets. Each part is its own command too:
//
//   bench:server   the production console's CPU, interval, bytes and RSS while it polls (bench/server-cost.ts)
//   bench:scale    upstream load with 0-50 viewers and API latency, beside nsqadmin (bench/scale.ts)
//   bench:browser  topic list, topic page, first-load bytes, 10,000-topic filter, freshness (bench/browser-run.ts)
//
// The full run takes about half an hour on this project's 2-core machine; --quick about five minutes
// (smaller scales, shorter windows, fewer samples). RSS after an hour of history is its own run:
// `npm run bench:server -- --scales=50x1000x4 --minutes=60 --out=server-cost-hour`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, 'no-build': { type: 'boolean', default: false } },
});
const quick = values.quick === true;

const PARTS: { name: string; script: string; args: string[] }[] = [
  { name: 'server', script: 'bench:server', args: quick ? ['--scales=20x500x4', '--minutes=0.3'] : ['--minutes=1.5'] },
  { name: 'scale', script: 'bench:scale', args: quick ? ['--quick', '--scales=20x500x4'] : [] },
  { name: 'browser', script: 'bench:browser', args: quick ? ['--quick'] : [] },
];

const started = Date.now();
const say = (line: string) => process.stderr.write(`[bench ${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);
function run(script: string, args: string[]): void {
  say(`npm run ${script}${args.length ? ` -- ${args.join(' ')}` : ''}`);
  const r = spawnSync('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`npm run ${script} failed (exit ${r.status ?? r.signal})`);
}

if (!values['no-build'] || !existsSync('.next/standalone/start.mjs')) run('build', []);
for (const p of PARTS) run(p.script, p.args);

// ---- the summary: each target beside the figure that decides it ----
const read = <T>(name: string): T | null => {
  const file = `bench/results/${name}.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : null;
};
type Row = [string, string, string, string];
const rows: Row[] = [];
const verdict = (met: boolean | null) => (met === null ? 'n/a' : met ? 'met' : '**missed**');

interface ServerCost {
  scale: string;
  server_cpu_share_of_one_core: number;
  polling_cpu_share_of_one_core: number;
  poll_interval_ms_in_use: number[];
  rss_mb_end: number;
  rss_mb_peak: number;
  window_s: number;
}
const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;
for (const s of read<ServerCost[]>('server-cost') ?? []) {
  const at = s.poll_interval_ms_in_use.map((i) => `${i / 1000} s`).join('/');
  rows.push([
    `polling's CPU, no viewers (${s.scale})`,
    `${pct(s.polling_cpu_share_of_one_core)} of a core at ${at} (server in all ${pct(s.server_cpu_share_of_one_core)})`,
    '≤ 10 %',
    verdict(s.polling_cpu_share_of_one_core <= 0.1),
  ]);
}
for (const s of read<ServerCost[]>('server-cost-hour') ?? []) {
  rows.push([
    `RSS after ${Math.round(s.window_s / 60)} min of history (${s.scale})`,
    `${s.rss_mb_end} MB (peak ${s.rss_mb_peak} MB)`,
    '< 300 MB',
    verdict(s.rss_mb_peak < 300),
  ]);
}
interface ScaleDoc {
  scales: {
    scale: string;
    upstream_load?: { ratios: { label: string; nsqd_stats: number | null }[] };
    api_latency?: {
      routes: { side: string; name: string; path: string; sequential: { latency_ms: { p95: number } } }[];
    };
  }[];
}
for (const s of read<ScaleDoc>('scale')?.scales ?? []) {
  const at50 = s.upstream_load?.ratios.find((r) => r.label.startsWith('50 '));
  if (at50)
    rows.push([
      `nsqd /stats requests at 50 viewers, nsqadmin ÷ console (${s.scale})`,
      `${at50.nsqd_stats}×`,
      '≥ 20×',
      verdict((at50.nsqd_stats ?? 0) >= 20),
    ]);
  const own = (s.api_latency?.routes ?? []).filter((r) => r.side.startsWith('console'));
  if (own.length > 0) {
    const worst = own.reduce((a, b) => (b.sequential.latency_ms.p95 > a.sequential.latency_ms.p95 ? b : a));
    const p95 = worst.sequential.latency_ms.p95;
    rows.push([
      `console API p95, slowest route (${s.scale})`,
      `${p95} ms (\`${worst.path}\`)`,
      s.scale === '50x1000x4' ? '< 50 ms' : '(target at 50×1,000×4)',
      s.scale === '50x1000x4' ? verdict(p95 < 50) : 'n/a',
    ]);
  }
}
interface BrowserResult {
  targets?: {
    topic_list_10k_under_1500ms?: { first_row_painted_median_ms: number; met: boolean };
    filter_under_100ms?: { worst_median_ms: number; worst_sample_ms: number; met_by_medians: boolean };
  };
  freshness?: Record<string, { publish_to_screen_ms?: { p50: number; p95: number; max: number }; target_ms?: number }>;
}
const b = read<BrowserResult>('browser');
const list = b?.targets?.topic_list_10k_under_1500ms;
if (list)
  rows.push([
    'topic list showing data at 10,000 topics (median, painted)',
    `${list.first_row_painted_median_ms} ms`,
    '< 1,500 ms',
    verdict(list.met),
  ]);
const filter = b?.targets?.filter_under_100ms;
if (filter)
  rows.push([
    'keystroke → filtered list at 10,000 topics (worst median; worst sample)',
    `${filter.worst_median_ms} ms; ${filter.worst_sample_ms} ms`,
    '< 100 ms',
    verdict(filter.met_by_medians),
  ]);
for (const [page, f] of Object.entries(b?.freshness ?? {})) {
  if (!f.publish_to_screen_ms || f.target_ms === undefined) continue;
  const { p50, p95, max } = f.publish_to_screen_ms;
  rows.push([
    `freshness, ${page.replace('_', ' ')}: nsqd depth change → number on screen (p50 / p95 / max)`,
    `${p50} / ${p95} / ${max} ms`,
    `≤ ${f.target_ms} ms (poll interval + 1 s)`,
    verdict(max <= f.target_ms),
  ]);
}

const summary = [
  `# Benchmark summary (${quick ? 'quick' : 'full'} run)`,
  '',
  `${new Date().toISOString()} · ${os.cpus().length} cores · ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} · ${Math.round((Date.now() - started) / 1000)} s`,
  '',
  '| target | measured | wanted | |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  'Details: bench/results/*.json. What each figure means and how it is measured: BENCHMARKS.md.',
  '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/summary.md', summary);
process.stdout.write(summary);
