// What the image runs, without Docker: the standalone output copied on its own into an empty
// directory (as the Dockerfile's final stage copies it, so nothing can be found in the repository's
// node_modules), started with the Dockerfile's CMD in that directory, configured only through the
// environment, against a real nsqlookupd and two nsqd. Needs `npm run build`.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, envOf, execForm, find, healthcheckCommand, readDockerfile } from './dockerfile';
import { type NsqCluster, freePort, httpRequest, startCluster, waitForHttp } from './nsq-cluster';

const stages = readDockerfile();
const final = stages.at(-1) as (typeof stages)[number];
const cmd = execForm(find(final, 'CMD').at(-1)?.args ?? '[]');
const STANDALONE = path.join(ROOT, '.next', 'standalone');
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
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: appDir, ...envOf(final), ...extra };
  return env as NodeJS.ProcessEnv;
}

function run(command: string[], extraEnv: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const c = spawn(command[0] as string, command.slice(1), { cwd: appDir, env: containerEnv(extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    c.stdout.on('data', (b: Buffer) => (out += b));
    c.stderr.on('data', (b: Buffer) => (out += b));
    c.on('exit', (code) => resolve({ code, out }));
  });
}

function get(pathname: string, agent?: http.Agent): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${url}${pathname}`, { agent: agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
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
  // the final stage: COPY --from=build /src/.next/standalone ./ into an empty WORKDIR
  appDir = mkdtempSync(path.join(tmpdir(), 'nsq-console-image-'));
  cpSync(STANDALONE, appDir, { recursive: true, verbatimSymlinks: true });
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  env = {
    NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: cluster.lookupd.httpAddress,
    NSQ_CONSOLE_HTTP_ADDRESS: `127.0.0.1:${port}`,
    NSQ_CONSOLE_POLL_INTERVAL: '500ms',
  };
  server = spawn(cmd[0] as string, cmd.slice(1), { cwd: appDir, env: containerEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
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

  it("answers the API from the cluster named in the environment", async () => {
    await expect.poll(async () => (await json<{ nodes: unknown[] }>('/api/nodes')).body.nodes.length, SETTLE).toBe(2);
    const { status, body } = await json<{ lookupds: { address: string; status: string }[] }>('/api/cluster?topics=false');
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
    expect(r.out).toContain('--lookupd-http-address="nsqlookupd" (from NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS): must be <host>:<port>');
    expect(r.out).toContain('--log-level="loud" (from NSQ_CONSOLE_LOG_LEVEL): must be one of debug, info, warn, error, fatal');
  });
});
