// Part of `npm run build`: bundles the launcher (scripts/start.ts) and the password hasher into
// single files beside Next's standalone server, so that the production server needs only node: no
// tsx, no TypeScript, no dev dependency. esbuild comes with tsx.
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

const target = '.next/standalone';
if (!existsSync(`${target}/server.js`)) {
  console.error('build-launcher: .next/standalone/server.js is missing; run `next build` first');
  process.exit(1);
}

for (const [entry, out] of [
  ['scripts/start.ts', 'start.mjs'],
  ['scripts/hash-password.ts', 'hash-password.mjs'],
]) {
  await build({
    entryPoints: [entry],
    outfile: `${target}/${out}`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // the server itself is loaded at run time from beside the bundle, never bundled into it
    external: ['./server.js'],
    legalComments: 'none',
    logLevel: 'warning',
  });
}
