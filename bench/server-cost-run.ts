// `npm run bench:server -- [--scales=50x1000x4] [--minutes=2] [--out=server-cost] [--malloc=image|default]
// [--busy=0.4]`:
// bench/server-cost.ts at each scale, written to bench/results/<out>.json. First the same server polling
// one node with one topic, sampled the same way: what it costs when polling costs next to nothing
// (Next.js idle, this benchmark's own requests). Each scale's polling share is its server CPU less that.
// The server runs with glibc's allocator set as the image sets it, or with `--malloc=default` as glibc
// comes. `--busy` is the simulator's share of topics with traffic (default a tenth).
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_SCALES, parseScales } from './scales';
import { IMAGE_MALLOC_ENV, measureServerCost } from './server-cost';
import { DEFAULT_BUSY_SHARE, parseBusyShare } from './sim/model';

const { values } = parseArgs({
  options: {
    scales: { type: 'string' },
    minutes: { type: 'string', default: '2' },
    out: { type: 'string', default: 'server-cost' },
    malloc: { type: 'string', default: 'image' },
    busy: { type: 'string', default: String(DEFAULT_BUSY_SHARE) },
  },
});
if (values.malloc !== 'image' && values.malloc !== 'default')
  throw new Error(`--malloc must be image or default, got ${values.malloc}`);
if (!/^[\w-]+$/.test(values.out)) throw new Error(`--out must be a file name without extension, got ${values.out}`);
const scales = values.scales ? parseScales(values.scales) : ALL_SCALES;
const windowMs = Number(values.minutes) * 60_000;
if (!(windowMs > 0)) throw new Error(`--minutes must be a positive number, got ${values.minutes}`);
const busyShare = parseBusyShare(values.busy);
const opts = {
  warmupMs: 10_000,
  sampleEveryMs: Math.min(5_000, windowMs / 4),
  env: values.malloc === 'image' ? IMAGE_MALLOC_ENV : {},
};
const idle = await measureServerCost(
  { nodes: 1, topics: 1, channels: 1 },
  { ...opts, windowMs: Math.min(windowMs, 60_000) },
);
const idleShare = idle.server_cpu_share_of_one_core;
process.stderr.write(`idle: ${JSON.stringify(idle)}\n`);
const results = [];
for (const s of scales) {
  const r = await measureServerCost(s, { ...opts, windowMs, busyShare });
  const withIdle = {
    ...r,
    busy_share: busyShare,
    malloc: values.malloc,
    idle_server_cpu_share_of_one_core: idleShare,
    polling_cpu_share_of_one_core: Math.round((r.server_cpu_share_of_one_core - idleShare) * 1000) / 1000,
  };
  process.stderr.write(`${JSON.stringify(withIdle)}\n`);
  results.push(withIdle);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/${values.out}.json`, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
