// Serving under nsqadmin's --base-path, which is only known at start-up, with Next.js, where basePath is
// a build-time option inlined into the client bundles, the server chunks, the prerendered pages and the
// manifests.
//
// The design, and why:
// - `npm run build` makes two standalone builds (scripts/build.ts): `.next/standalone` with no basePath,
//   for the root, and `.next-base-path/standalone` with basePath set to BASE_PATH_PLACEHOLDER.
// - For --base-path=/nsq the launcher copies the second build's `.next/` and `server.js` into a fresh
//   directory, replacing the placeholder with "/nsq" in every file, links its node_modules, and runs that
//   server. Next then handles the base path natively everywhere: routing of pages, API routes and /ping,
//   static assets, <Link> and the router (client-side navigation, prefetch), usePathname, redirects.
//   Only our own fetch wrapper and raw <a href> need it, from lib/base-path.ts (inlined the same way).
// - Why not the alternatives: a front server that strips the prefix while Next believes it is at the
//   root leaves Next's client router (which matches learnt routes by pathname), usePathname (server and
//   client would disagree) and Next's own redirects wrong; building at start-up needs the sources and
//   minutes; one placeholder build for every base path, the root included, fails because a root build
//   is not a placeholder build with "" substituted: Next links the home page as the basePath itself
//   (href="/nsq"), which would become href="", and adds a "/nsq/" → "/nsq" redirect that would become
//   "/" → "". A non-empty base path substitutes uniformly, because every occurrence of the placeholder
//   is a path prefix or the whole base path.
// - What keeps the substitution sound: the placeholder is a string nothing else contains; base paths
//   are limited to letters, digits, "-", ".", "_" and "~" per segment (lib/config.ts), so the value is
//   the same in JSON, JS strings, HTML attributes and the manifests' regular expressions; the build
//   checks the placeholder is there and absent from node_modules; and e2e/base-path.spec.ts browses
//   every page under /nsq/ and fails on any request outside it.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** basePath of the sub-path build; only [a-z_/] so that it reads the same in every file format */
export const BASE_PATH_PLACEHOLDER = '/__nsq_console_base_path__';

/** Where scripts/build.ts leaves the placeholder build, relative to the project root. */
export const BASE_PATH_BUILD_DIR = '.next-base-path';

/** Every occurrence of the placeholder in buf replaced with basePath; null when there is none. */
export function substitute(buf: Buffer, basePath: string): { out: Buffer; count: number } | null {
  const needle = Buffer.from(BASE_PATH_PLACEHOLDER);
  let at = buf.indexOf(needle);
  if (at === -1) return null;
  const replacement = Buffer.from(basePath);
  const parts: Buffer[] = [];
  let from = 0;
  let count = 0;
  while (at !== -1) {
    parts.push(buf.subarray(from, at), replacement);
    from = at + needle.length;
    count++;
    at = buf.indexOf(needle, from);
  }
  parts.push(buf.subarray(from));
  return { out: Buffer.concat(parts), count };
}

function copyTree(from: string, to: string, basePath: string): number {
  mkdirSync(to, { recursive: true });
  let count = 0;
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) count += copyTree(src, dst, basePath);
    // as they are: Turbopack's aliases of external packages (.next/node_modules/undici-<hash> →
    // ../../node_modules/undici) then resolve in the copy, through its node_modules link
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (entry.isFile()) {
      const r = substitute(readFileSync(src), basePath);
      if (r) {
        writeFileSync(dst, r.out);
        count += r.count;
      } else copyFileSync(src, dst);
    }
  }
  return count;
}

export interface ServedBuild {
  /** the standalone server.js to run */
  serverJs: string;
  /** how many occurrences were replaced */
  replaced: number;
  /** removes the copy (synchronous, for process 'exit') */
  remove(): void;
}

/**
 * The placeholder build made ready to serve under basePath (normalised, e.g. "/nsq"; not "/"): a copy
 * of its server.js, package.json, public/ and .next/ with the placeholder replaced, and a link to its
 * node_modules (which never contains the placeholder; scripts/build.ts checks). About 6 MB, under the
 * system's temporary directory, so a read-only installation works too.
 */
export function prepareBasePathBuild(root: string, basePath: string): ServedBuild {
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) throw new Error(`not a usable base path: ${JSON.stringify(basePath)}`);
  const standalone = join(root, BASE_PATH_BUILD_DIR, 'standalone');
  if (!existsSync(join(standalone, 'server.js'))) {
    throw new Error(`no build for --base-path found in ${BASE_PATH_BUILD_DIR}/; run \`npm run build\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'nsq-console-base-path-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    let replaced = 0;
    for (const entry of readdirSync(standalone, { withFileTypes: true })) {
      const src = join(standalone, entry.name);
      const dst = join(dir, entry.name);
      if (entry.name === 'node_modules') symlinkSync(src, dst, 'dir');
      else if (entry.isDirectory()) replaced += copyTree(src, dst, basePath);
      else {
        const r = substitute(readFileSync(src), basePath);
        writeFileSync(dst, r ? r.out : readFileSync(src));
        replaced += r?.count ?? 0;
      }
    }
    if (replaced === 0)
      throw new Error(`${BASE_PATH_BUILD_DIR}/standalone has no base-path placeholder; run \`npm run build\` again`);
    return { serverJs: join(dir, 'server.js'), replaced, remove };
  } catch (e) {
    remove();
    throw e;
  }
}
