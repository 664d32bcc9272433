// What the image runs, without Docker: the standalone outputs copied on their own into an empty
// directory (as the Dockerfile's final stage copies them, so nothing can be found in the repository's
// node_modules), started with the Dockerfile's CMD in that directory, configured only through the
// environment, against a real nsqlookupd and two nsqd; at the root and under a base path. Needs
// `npm run build`.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiesOf, envOf, execForm, find, healthcheckCommand, ROOT, readDockerfile, workdirOf } from './dockerfile';
import { freePort, httpRequest, type NsqCluster, startCluster, waitForHttp } from './nsq-cluster';

const stages = readDockerfile();
const final = stages.at(-1) as (typeof stages)[number];
const cmd = execForm(find(final, 'CMD').at(-1)?.args ?? '[]');
const STANDALONE = path.join(ROOT, '.next', 'standalone');
/** the build stage's WORKDIR, where the build context (this repository) is */
const BUILD_DIR = workdirOf(stages[0] as (typeof stages)[number]);
const APP_DIR = workdirOf(final);
const SETTLE = { timeout: 15_000, interval: 200 };

let cluster: NsqCluster;
let appDir: string;
let server: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let output = '';
let url: string;
let env: Record<string, string>;

/** The environment of the container: the image's ENV and the operator's -e, nothing from this test process. */
function containerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: appDir,
    ...envOf(final),
    ...extra,
  };
  return env as NodeJS.ProcessEnv;
}

function run(command: string[], extraEnv: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(command[0] as string, command.slice(1), {
      cwd: appDir,
      env: containerEnv(extraEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    c.stdout.on('data', (b: Buffer) => (out += b));
    c.stderr.on('data', (b: Buffer) => (out += b));
    c.on('exit', (code) => resolve({ code, out }));
  });
}

/** The final stage's COPY --from=build instructions, done from this repository into appDir. */
function copyAsTheImageDoes(): void {
  for (const c of copiesOf(final, stages)) {
    const dest = path.join(appDir, path.posix.relative(APP_DIR, c.dest));
    for (const src of c.sources) {
      const from = path.join(ROOT, path.posix.relative(BUILD_DIR, src));
      expect(existsSync(from), `${from} (run \`npm run build\` first)`).toBe(true);
      cpSync(from, dest, { recursive: true, verbatimSymlinks: true });
    }
  }
}

function get(
  pathname: string,
  agent?: http.Agent,
  opts: { base?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${opts.base ?? url}${pathname}`, { agent: agent ?? false, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${pathname} timed out`)));
    req.on('error', reject);
  });
}

const json = async <T = Record<string, unknown>>(pathname: string) => {
  const r = await get(pathname);
  return { status: r.status, body: JSON.parse(r.body) as T };
};

beforeAll(async () => {
  expect(existsSync(path.join(STANDALONE, 'start.mjs')), 'run `npm run build` first').toBe(true);
  cluster = await startCluster();
  // the final stage: its COPY --from=build instructions into an empty WORKDIR
  appDir = mkdtempSync(path.join(tmpdir(), 'nsq-console-image-'));
  copyAsTheImageDoes();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  env = {
    NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: cluster.lookupd.httpAddress,
    NSQ_CONSOLE_HTTP_ADDRESS: `127.0.0.1:${port}`,
    NSQ_CONSOLE_POLL_INTERVAL: '500ms',
  };
  server = spawn(cmd[0] as string, cmd.slice(1), {
    cwd: appDir,
    env: containerEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => (output += b));
  server.stderr?.on('data', (b: Buffer) => (output += b));
  exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));
  await Promise.race([
    waitForHttp(`${url}/ping`, 30_000),
    exited.then(() => {
      throw new Error(`the server exited during start-up:\n${output}`);
    }),
  ]);
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await exited;
  }
  await cluster?.stop();
  if (appDir) rmSync(appDir, { recursive: true, force: true });
});

describe('the image under NSQ_CONSOLE_BASE_PATH', () => {
  let based: ChildProcess;
  let basedExited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let basedOutput = '';
  let origin: string;
  let basedEnv: Record<string, string>;
  /** the container's /tmp, where the launcher writes its copy of the base-path build */
  let tmp: string;
  const copies = () => readdirSync(tmp).filter((n) => n.startsWith('nsq-console-base-path-'));
  const at = (pathname: string, headers?: Record<string, string>) =>
    get(pathname, undefined, { base: origin, headers });

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'nsq-console-image-tmp-'));
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    basedEnv = {
      NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: cluster.lookupd.httpAddress,
      NSQ_CONSOLE_HTTP_ADDRESS: `127.0.0.1:${port}`,
      NSQ_CONSOLE_POLL_INTERVAL: '500ms',
      NSQ_CONSOLE_BASE_PATH: 'nsq/',
      // /config only from 10.0.0.0/8: this test's requests come from 127.0.0.1 whatever they claim
      NSQ_CONSOLE_ALLOW_CONFIG_FROM_CIDR: '10.0.0.0/8',
      TMPDIR: tmp,
    };
    based = spawn(cmd[0] as string, cmd.slice(1), {
      cwd: appDir,
      env: containerEnv(basedEnv),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    based.stdout?.on('data', (b: Buffer) => (basedOutput += b));
    based.stderr?.on('data', (b: Buffer) => (basedOutput += b));
    basedExited = new Promise((resolve) => based.once('exit', (code, signal) => resolve({ code, signal })));
    await Promise.race([
      waitForHttp(`${origin}/nsq/ping`, 30_000),
      basedExited.then(() => {
        throw new Error(`the server exited during start-up:\n${basedOutput}`);
      }),
    ]);
  });

  afterAll(async () => {
    if (based && based.exitCode === null && based.signalCode === null) {
      based.kill('SIGKILL');
      await basedExited;
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the base-path build from a copy in /tmp, without dev dependencies', () => {
    expect(copies()).toHaveLength(1);
    const modules = path.join(appDir, '.next-base-path', 'standalone', 'node_modules');
    expect(existsSync(path.join(modules, 'next'))).toBe(true);
    expect(existsSync(path.join(modules, 'tsx'))).toBe(false);
    expect(existsSync(path.join(modules, 'typescript'))).toBe(false);
  });

  it('serves pages, assets, the API, /ready and /metrics under the base path, and nothing outside it', async () => {
    for (const page of ['/nsq', '/nsq/topics', '/nsq/nodes']) {
      const r = await at(page);
      expect(r.status, page).toBe(200);
      expect(r.type, page).toMatch(/^text\/html/);
    }
    const home = await at('/nsq');
    const asset = /\/nsq\/_next\/static\/[^"]+\.(?:js|css)/.exec(home.body)?.[0];
    expect(asset, 'the home page links its assets under /nsq').toBeDefined();
    expect((await at(asset as string)).status).toBe(200);
    await expect.poll(async () => (await at('/nsq/ready')).status, SETTLE).toBe(200);
    await expect.poll(async () => JSON.parse((await at('/nsq/api/nodes')).body).nodes?.length, SETTLE).toBe(2);
    const metrics = await at('/nsq/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('nsq_node_up{');
    expect((await at('/ping')).status).toBe(404);
    expect((await at('/api/nodes')).status).toBe(404);
  });

  it('records the TCP peer for /config/*, whatever the client claims', async () => {
    const r = await at('/nsq/config/log_level', { 'x-nsq-console-peer': '10.1.2.3', 'x-forwarded-for': '10.1.2.3' });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toEqual({ message: 'FORBIDDEN' });
    expect(basedOutput).toMatch(
      /"audit":\{"action":"config","method":"GET","option":"log_level","peer":"127\.0\.0\.1",.*"outcome":"forbidden"/,
    );
  });

  it("passes the Dockerfile's HEALTHCHECK, which asks under NSQ_CONSOLE_BASE_PATH", async () => {
    const check = healthcheckCommand(final);
    const ok = await run(check, basedEnv);
    expect(ok.code, ok.out).toBe(0);
    const root = await run(check, { ...basedEnv, NSQ_CONSOLE_BASE_PATH: '' });
    expect(root.code, 'nothing answers /ping at the root').toBe(1);
  });

  it('stops on SIGTERM within 10 s with exit code 0, and removes its copy', async () => {
    const t0 = Date.now();
    based.kill('SIGTERM');
    const { code, signal } = await basedExited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(basedOutput).toContain('"msg":"shutting down"');
    expect(copies()).toEqual([]);
  });

  it('logs JSON lines only, with the base path in the address', () => {
    const lines = basedOutput.split('\n').filter((l) => l.trim() !== '');
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(
      lines.map((l) => JSON.parse(l) as { msg: string; address?: string }).find((l) => l.msg === 'listening')?.address,
    ).toBe(`${origin}/nsq`);
  });
});

describe('the image, run as its Dockerfile says', () => {
  it("runs the bundled launcher with node, without tsx or the repository's node_modules", () => {
    expect(cmd).toEqual(['node', 'start.mjs']);
    expect(existsSync(path.join(appDir, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(path.join(appDir, 'node_modules', 'typescript'))).toBe(false);
    expect(existsSync(path.join(appDir, 'node_modules', 'next'))).toBe(true);
  });

  it('serves the pages as HTML and static assets', async () => {
    for (const page of ['/', '/topics', '/nodes', '/lookup']) {
      const r = await get(page);
      expect(r.status, page).toBe(200);
      expect(r.type, page).toMatch(/^text\/html/);
      expect(r.body, page).toMatch(/^<!DOCTYPE html>/i);
    }
    const home = await get('/');
    const asset = /\/_next\/static\/[^"]+\.(?:js|css)/.exec(home.body)?.[0];
    expect(asset, 'the home page links its assets').toBeDefined();
    expect((await get(asset as string)).status).toBe(200);
  });

  it('answers the API from the cluster named in the environment', async () => {
    await expect.poll(async () => (await json<{ nodes: unknown[] }>('/api/nodes')).body.nodes.length, SETTLE).toBe(2);
    const { status, body } = await json<{ lookupds: { address: string; status: string }[] }>(
      '/api/cluster?topics=false',
    );
    expect(status).toBe(200);
    expect(body.lookupds).toEqual([expect.objectContaining({ address: cluster.lookupd.httpAddress, status: 'up' })]);
  });

  it("passes the Dockerfile's HEALTHCHECK, which fails when nothing answers", async () => {
    const check = healthcheckCommand(final);
    const ok = await run(check, env);
    expect(ok.code, ok.out).toBe(0);
    const nobody = await run(check, { ...env, NSQ_CONSOLE_HTTP_ADDRESS: `127.0.0.1:${await freePort()}` });
    expect(nobody.code).toBe(1);
  });

  it('is ready while NSQ answers', async () => {
    await expect.poll(async () => (await get('/ready')).status, SETTLE).toBe(200);
    const { body } = await json('/ready');
    expect(body).toMatchObject({ status: 'ready', mode: 'lookupd', lookupds_up: 1, nodes_up: 2 });
  });

  it('logs JSON lines only (no start-up banner)', () => {
    const lines = output.split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('listening');
  });

  it('is not ready, with the reason, once the cluster is gone; /ping still answers', async () => {
    await cluster.stop();
    await expect.poll(async () => (await get('/ready')).status, SETTLE).toBe(503);
    const { body } = await json<{ status: string; reason: string }>('/ready');
    expect(body.status).toBe('not ready');
    expect(body.reason).toContain(`no nsqlookupd answered the last poll (${cluster.lookupd.httpAddress}:`);
    expect((await get('/ping')).body).toBe('OK');
  });

  it('stops on SIGTERM within 10 s with exit code 0, an idle keep-alive connection open', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get('/ping', agent)).status).toBe(200);
    const t0 = Date.now();
    server.kill('SIGTERM');
    const { code, signal } = await exited;
    const took = Date.now() - t0;
    agent.destroy();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(took).toBeLessThan(10_000);
    expect(output).toContain('"msg":"shutting down"');
    await expect(httpRequest('GET', `${url}/ping`, { timeoutMs: 1_000 })).rejects.toThrow();
  });

  it('refuses a bad configuration with exit code 1 and the reason', async () => {
    const r = await run(cmd, { NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: 'nsqlookupd', NSQ_CONSOLE_LOG_LEVEL: 'loud' });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '--lookupd-http-address="nsqlookupd" (from NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS): must be <host>:<port>',
    );
    expect(r.out).toContain(
      '--log-level="loud" (from NSQ_CONSOLE_LOG_LEVEL): must be one of debug, info, warn, error, fatal',
    );
  });
});
