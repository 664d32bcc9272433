// `npm run bench:server -- [--scales=50x1000x4] [--minutes=2] [--out=server-cost]`: bench/server-cost.ts at
// each scale, written to bench/results/<out>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_SCALES, parseScales } from './scales';
import { measureServerCost } from './server-cost';

const { values } = parseArgs({
  options: { scales: { type: 'string' }, minutes: { type: 'string', default: '2' }, out: { type: 'string', default: 'server-cost' } },
});
if (!/^[\w-]+$/.test(values.out)) throw new Error(`--out must be a file name without extension, got ${values.out}`);
const scales = values.scales ? parseScales(values.scales) : ALL_SCALES;
const windowMs = Number(values.minutes) * 60_000;
if (!(windowMs > 0)) throw new Error(`--minutes must be a positive number, got ${values.minutes}`);
const results = [];
for (const s of scales) {
  const r = await measureServerCost(s, { warmupMs: 10_000, windowMs, sampleEveryMs: Math.min(5_000, windowMs / 4) });
  process.stderr.write(`${JSON.stringify(r)}\n`);
  results.push(r);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/${values.out}.json`, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
