import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE_PATH_BUILD_DIR, BASE_PATH_PLACEHOLDER as P, prepareBasePathBuild, substitute } from './base-path';

describe('substitute', () => {
  it('replaces every occurrence, in any context, and leaves a file without one alone', () => {
    const text = `<a href="${P}">home</a><script src="${P}/_next/static/a.js"></script>{"basePath":"${P}","regex":"^${P}/$"}`;
    const r = substitute(Buffer.from(text), '/ops/nsq');
    expect(r?.count).toBe(4);
    expect(r?.out.toString()).toBe(
      '<a href="/ops/nsq">home</a><script src="/ops/nsq/_next/static/a.js"></script>{"basePath":"/ops/nsq","regex":"^/ops/nsq/$"}',
    );
    expect(substitute(Buffer.from('nothing here'), '/nsq')).toBeNull();
  });
});

describe('prepareBasePathBuild', () => {
  const root = mkdtempSync(join(tmpdir(), 'nsq-console-bp-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const standalone = join(root, BASE_PATH_BUILD_DIR, 'standalone');

  it('copies the build with the base path written in and links node_modules', () => {
    mkdirSync(join(standalone, '.next', 'static', 'chunks'), { recursive: true });
    mkdirSync(join(standalone, 'node_modules', 'next'), { recursive: true });
    writeFileSync(join(standalone, 'server.js'), `const nextConfig = {"basePath":"${P}"}`);
    writeFileSync(join(standalone, '.next', 'static', 'chunks', 'a.js'), `let n="${P}";`);
    writeFileSync(join(standalone, '.next', 'BUILD_ID'), 'abc');
    mkdirSync(join(standalone, '.next', 'node_modules'));
    symlinkSync('../../node_modules/next', join(standalone, '.next', 'node_modules', 'next-1234'));
    const served = prepareBasePathBuild(root, '/nsq');
    try {
      const dir = join(served.serverJs, '..');
      expect(served.replaced).toBe(2);
      expect(readFileSync(served.serverJs, 'utf8')).toBe('const nextConfig = {"basePath":"/nsq"}');
      expect(readFileSync(join(dir, '.next', 'static', 'chunks', 'a.js'), 'utf8')).toBe('let n="/nsq";');
      expect(readFileSync(join(dir, '.next', 'BUILD_ID'), 'utf8')).toBe('abc');
      expect(readlinkSync(join(dir, 'node_modules'))).toBe(join(standalone, 'node_modules'));
      expect(realpathSync(join(dir, '.next', 'node_modules', 'next-1234'))).toBe(
        realpathSync(join(standalone, 'node_modules', 'next')),
      );
      // the build itself is untouched, for the next start with another base path
      expect(readFileSync(join(standalone, 'server.js'), 'utf8')).toContain(P);
    } finally {
      served.remove();
    }
  });

  it('refuses a build without the placeholder, and a missing build', () => {
    writeFileSync(join(standalone, 'server.js'), 'const nextConfig = {"basePath":""}');
    writeFileSync(join(standalone, '.next', 'static', 'chunks', 'a.js'), 'let n="";');
    expect(() => prepareBasePathBuild(root, '/nsq')).toThrow(/has no base-path placeholder/);
    expect(() => prepareBasePathBuild(join(root, 'nowhere'), '/nsq')).toThrow(/run `npm run build` first/);
  });
});
