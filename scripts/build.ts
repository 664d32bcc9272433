// `npm run build`: the two standalone builds that scripts/base-path.ts explains, then the launcher. The
// sub-path build (basePath = the placeholder) goes first and is moved to .next-base-path/; the root build
// goes last, so .next/ and its generated types are the root build's. The sources are type-checked once,
// in the first. Last, the launcher (scripts/start.ts, which serves either build) and the password hasher
// are bundled into single files beside the root build's server.js, so that the production server needs
// only node: no tsx, no TypeScript, no dev dependency. esbuild comes with tsx.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BASE_PATH_BUILD_DIR, BASE_PATH_PLACEHOLDER } from './base-path';

const next = join('node_modules', '.bin', 'next');

function nextBuild(what: string, env: Record<string, string>) {
  process.stdout.write(`\n▶ next build: ${what}\n`);
  const r = spawnSync(next, ['build'], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`build: next build (${what}) failed\n`);
    process.exit(r.status ?? 1);
  }
}

/**
 * Next's standalone output leaves static assets out (they are meant for a CDN); the console serves
 * them itself, so copy them beside the standalone server, as Next's documentation describes.
 */
function copyAssets() {
  if (!existsSync('.next/standalone')) {
    process.stderr.write('build: .next/standalone is missing; is output: "standalone" set?\n');
    process.exit(1);
  }
  cpSync('.next/static', '.next/standalone/.next/static', { recursive: true });
  if (existsSync('public')) cpSync('public', '.next/standalone/public', { recursive: true });
}

/** Files under dir that contain the placeholder. */
function withPlaceholder(dir: string, skip = ''): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(e.parentPath, e.name);
    if (!e.isFile() || (skip && path.startsWith(skip))) continue;
    if (readFileSync(path).includes(BASE_PATH_PLACEHOLDER)) n++;
  }
  return n;
}

nextBuild('for --base-path', { BUILD_BASE_PATH: BASE_PATH_PLACEHOLDER });
copyAssets();
const modules = join('.next', 'standalone', 'node_modules');
// The launcher copies everything but node_modules, which it links: the placeholder must not be there.
if (withPlaceholder(modules) > 0 || withPlaceholder('.next/standalone', modules) === 0) {
  process.stderr.write(`build: the base-path placeholder is not where scripts/base-path.ts expects it\n`);
  process.exit(1);
}
rmSync(BASE_PATH_BUILD_DIR, { recursive: true, force: true });
mkdirSync(BASE_PATH_BUILD_DIR, { recursive: true });
renameSync('.next/standalone', join(BASE_PATH_BUILD_DIR, 'standalone'));

nextBuild('at the root', { BUILD_SKIP_TYPECHECK: '1' });
copyAssets();

// start.mjs finds the base-path build itself (scripts/start.ts); one launcher serves both builds.
// The poll worker (lib/cluster/poll-worker.ts) is loaded by the server from beside the launcher too;
// it imports modules marked server-only, which React's server condition allows.
for (const [entry, out] of [
  ['scripts/start.ts', 'start.mjs'],
  ['scripts/hash-password.ts', 'hash-password.mjs'],
  ['lib/cluster/poll-worker.ts', 'poll-worker.mjs'],
] as const) {
  await build({
    entryPoints: [entry],
    conditions: ['react-server'],
    outfile: join('.next', 'standalone', out),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // the server itself is loaded at run time from beside the bundle (or the base-path copy), never
    // bundled; undici is in the standalone node_modules already (next.config.mjs serverExternalPackages)
    external: ['./server.js', 'undici'],
    // CommonJS dependencies bundled into an ES module still call require() for Node's own modules
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    legalComments: 'none',
    logLevel: 'warning',
  });
}
process.stdout.write(
  `\n▶ launcher: .next/standalone/start.mjs (serves .next/standalone and ${BASE_PATH_BUILD_DIR}/standalone)\n`,
);
