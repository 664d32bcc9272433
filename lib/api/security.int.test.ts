// The security review's findings, against the production console and a real nsqd/nsqlookupd: DNS
// rebinding, a forged admin header, the headers that keep pages out of frames, password checks that
// must not stall the server, bodies read only after authorization and never past a cap, and audit
// lines and webhook logs that can be trusted.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { httpRequest, type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { eventually, getJson, nsqdTopic, post } from '../../test/http-json';
import { hashPassword } from '../auth/password';

const SETTLE = { timeout: 15_000, interval: 200 };
const TOKEN = 's3cr3tt0k3n';
const REBOUND = 'rebind.attacker.example:4171';

let cluster: NsqCluster;
/** open mode, --log-level=error, a webhook that answers 500 at a URL with a token in its path */
let open: ConsoleServer;
/** admin mode behind a proxy on this host, under any name of *.example.com */
let named: ConsoleServer;
/** admin mode whose trusted proxies are elsewhere (10.0.0.0/8), with a basic-auth user */
let guarded: ConsoleServer;
let based: ConsoleServer;
let hook: http.Server;
const hookCalls: { url: string; authorization?: string; body: Record<string, unknown> }[] = [];

const unique = (name: string) => `${name}_${Math.random().toString(36).slice(2, 8)}`;
const nsqd = () => cluster.nsqds[0]!.httpAddress;
const basic = (name: string, pw: string) => `Basic ${Buffer.from(`${name}:${pw}`).toString('base64')}`;
const json = { 'Content-Type': 'application/json' };

async function call(
  server: ConsoleServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const r = await httpRequest(method, `${server.url}${path}`, {
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...json, ...headers },
    timeoutMs: 15_000,
  });
  return {
    status: r.status,
    body: (r.body.startsWith('{') ? JSON.parse(r.body) : r.body) as { message?: string; reason?: string },
  };
}

/** A topic with channel c on the nsqd, polled by every console. */
async function seed(topic: string) {
  await post(`http://${nsqd()}/topic/create?topic=${topic}`);
  await post(`http://${nsqd()}/channel/create?topic=${topic}&channel=c`);
  await publish(nsqd(), topic, ['1', '2', '3']);
  for (const c of [open, named, guarded]) {
    await eventually(
      async () => (await getJson(`${c.url}/api/topics/${topic}`)).status,
      (s) => s === 200,
      'the topic polled',
    );
  }
}

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1 });
  hook = http.createServer((req, res) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString()));
    req.on('end', () => {
      hookCalls.push({ url: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(b) });
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T0/B0/${TOKEN}`;
  const base = [`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--poll-interval=500ms'];
  [open, named, guarded, based] = await Promise.all([
    startConsole([
      ...base,
      '--log-level=error',
      `--notification-http-endpoint=${hookUrl}`,
      `--notification-http-header=Authorization: Bearer ${TOKEN}-header`,
    ]),
    startConsole([...base, '--admin-user=alice', '--acl-trusted-proxy=127.0.0.1/32', '--allowed-host=*.example.com']),
    startConsole([
      ...base,
      '--admin-user=alice',
      '--acl-trusted-proxy=10.0.0.0/8',
      `--basic-auth-user=ops:${hashPassword('pw')}`,
    ]),
    startConsole([...base, '--base-path=/nsq']),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([open, named, guarded, based].map((c) => c?.stop()));
  await new Promise((r) => hook?.close(r));
  await cluster?.stop();
});

describe('DNS rebinding', () => {
  it('refuses a change addressed to a name the console does not know, and nsqd is untouched', async () => {
    const topic = unique('rebound');
    await seed(topic);
    const r = await call(
      open,
      'POST',
      `/api/topics/${topic}`,
      { action: 'pause' },
      { Host: REBOUND, Origin: `http://${REBOUND}` },
    );
    expect(r.status).toBe(403);
    expect(r.body.reason).toContain('--allowed-host=rebind.attacker.example');
    expect((await nsqdTopic(nsqd(), topic))?.paused).toBe(false);

    const level = await httpRequest('PUT', `${open.url}/config/log_level`, {
      body: 'debug',
      headers: { Host: REBOUND, Origin: `http://${REBOUND}` },
    });
    expect(level.status).toBe(403);
    expect(JSON.parse((await httpRequest('GET', `${open.url}/config/log_level`)).body)).toBe('error');

    // reads stay open, whatever the name
    expect((await httpRequest('GET', `${open.url}/api/topics/${topic}`, { headers: { Host: REBOUND } })).status).toBe(
      200,
    );
  });

  it('refuses sign-in under an unknown name', async () => {
    const r = await httpRequest('GET', `${guarded.url}/api/login`, {
      headers: { Host: REBOUND, Authorization: basic('ops', 'pw') },
    });
    expect(r.status).toBe(403);
  });

  it('accepts a name given with --allowed-host (*.example.com), and IP literals', async () => {
    const topic = unique('named');
    await seed(topic);
    const alice = { 'X-Forwarded-User': 'alice' };
    const r = await call(
      named,
      'POST',
      `/api/topics/${topic}`,
      { action: 'pause' },
      { ...alice, Host: 'nsq.example.com', Origin: 'http://nsq.example.com' },
    );
    expect(r.status).toBe(200);
    expect((await nsqdTopic(nsqd(), topic))?.paused).toBe(true);
    expect((await call(named, 'POST', `/api/topics/${topic}`, { action: 'unpause' }, alice)).status).toBe(200);
    expect((await nsqdTopic(nsqd(), topic))?.paused).toBe(false);
    expect(
      (
        await call(
          named,
          'POST',
          `/api/topics/${topic}`,
          { action: 'pause' },
          { ...alice, Host: 'example.com.evil:80' },
        )
      ).status,
    ).toBe(403);
  });
});

describe('the ACL header', () => {
  it('is refused from a peer outside --acl-trusted-proxy and believed from one inside', async () => {
    const topic = unique('forged');
    await seed(topic);
    const forged = await call(
      guarded,
      'POST',
      `/api/topics/${topic}/c`,
      { action: 'pause' },
      { 'X-Forwarded-User': 'alice' },
    );
    expect(forged.status).toBe(403);
    expect(forged.body.reason).toContain('--acl-trusted-proxy');
    expect((await nsqdTopic(nsqd(), topic))?.channels[0]?.paused).toBe(false);

    expect(
      (await call(named, 'POST', `/api/topics/${topic}/c`, { action: 'pause' }, { 'X-Forwarded-User': 'alice' }))
        .status,
    ).toBe(200);
    expect((await nsqdTopic(nsqd(), topic))?.channels[0]?.paused).toBe(true);
  });

  it('--admin-user without --acl-trusted-proxy stops start-up, naming the flag', async () => {
    await expect(
      startConsole([`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--admin-user=alice']),
    ).rejects.toThrow(/--admin-user needs --acl-trusted-proxy.*--acl-trusted-proxy=0\.0\.0\.0\/0,::\/0/);
  });
});

describe('security headers', () => {
  const expectHeaders = (res: Response, what: string) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "'strict-dynamic'"])
      expect(csp, what).toContain(d);
    expect(res.headers.get('x-frame-options'), what).toBe('DENY');
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(res.headers.get('referrer-policy'), what).toBe('same-origin');
  };

  it('are on pages, API routes, static files and 404s, at the root and under --base-path', async () => {
    for (const [server, prefix] of [
      [open, ''],
      [based, '/nsq'],
    ] as const) {
      const home = await fetch(`${server.origin}${prefix}/`);
      expectHeaders(home, `${prefix}/`);
      const html = await home.text();
      const asset = new RegExp(`${prefix}/_next/static/[^"]+\\.js`).exec(html)?.[0];
      expect(asset, 'the page links its scripts').toBeDefined();
      for (const path of [
        `${prefix}/topics`,
        `${prefix}/api/nodes`,
        `${prefix}/ping`,
        `${prefix}/no-such-page`,
        asset as string,
      ]) {
        const res = await fetch(`${server.origin}${path}`);
        await res.arrayBuffer();
        expectHeaders(res, path);
      }
    }
  });

  it('give every page its own nonce, and every script of the page carries it', async () => {
    const [a, b] = await Promise.all([fetch(`${open.url}/topics`), fetch(`${open.url}/topics`)]);
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get('content-security-policy') ?? '')?.[1];
    expect(nonceOf(a)).toBeDefined();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    const html = await a.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toContain(`nonce="${nonceOf(a)}"`);
  });

  it('replace a policy the client sent', async () => {
    const res = await fetch(`${open.url}/`, {
      headers: { 'Content-Security-Policy': "script-src 'nonce-chosenbyclient'" },
    });
    const html = await res.text();
    expect(html).not.toContain('chosenbyclient');
  });
});

describe('password checks', () => {
  it('keep /ping fast while 30 wrong passwords are tried, then make the guesser wait', async () => {
    // both routes warmed up first: a first request's module loading and JIT are not what is measured
    expect((await httpRequest('GET', `${guarded.url}/api/access`)).status).toBe(200);
    for (let i = 0; i < 20; i++) await httpRequest('GET', `${guarded.url}/ping`);
    const wrong = Array.from({ length: 30 }, (_, i) =>
      httpRequest('GET', `${guarded.url}/api/access`, {
        headers: { Authorization: basic(i % 2 ? 'ops' : `nobody${i}`, `guess${i}`) },
        timeoutMs: 30_000,
      }),
    );
    let done = false;
    const all = Promise.all(wrong).finally(() => {
      done = true;
    });
    const times: number[] = [];
    while (!done || times.length < 200) {
      const t = performance.now();
      expect((await httpRequest('GET', `${guarded.url}/ping`)).status).toBe(200);
      times.push(performance.now() - t);
    }
    const statuses = (await all).map((r) => r.status);
    times.sort((x, y) => x - y);
    const p99 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] as number;
    expect(p99, `ping times (ms): ${times.map((x) => x.toFixed(0)).join(' ')}`).toBeLessThan(100);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);

    const next = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http
        .get(`${guarded.url}/api/access`, { headers: { Authorization: basic('ops', 'pw') } }, resolve)
        .on('error', reject);
    });
    next.resume();
    expect(next.statusCode).toBe(429);
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);
  });
});

/** A POST whose body is written in chunks and never ended; resolves with the answer's status. */
function endlessPost(
  server: ConsoleServer,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const req = http.request(`${server.url}${path}`, { method: 'POST', agent: false, headers }, (res) => {
      clearInterval(timer);
      res.resume();
      resolve({ status: res.statusCode ?? 0, sent });
      req.destroy();
    });
    req.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    const chunk = Buffer.alloc(4096, 0x20);
    timer = setInterval(() => {
      if (sent < 4 * 1024 * 1024) {
        req.write(chunk);
        sent += chunk.length;
      }
    }, 5);
  });
}

describe('request bodies', () => {
  it('answer 413 for a declared 1 MB body before it is sent', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${open.url}/api/topics`,
        { method: 'POST', agent: false, headers: { ...json, 'Content-Length': String(1024 * 1024) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      // only the first bytes: the answer must not wait for the rest
      req.write('{"topic":"');
    });
    expect(r).toBe(413);
  });

  it('answer 413 to an endless chunked body as soon as it passes 16 KiB', async () => {
    const r = await endlessPost(open, '/api/topics', { ...json, 'Transfer-Encoding': 'chunked' });
    expect(r.status).toBe(413);
    // the client was still sending: nothing waited for the end
    expect(r.sent).toBeLessThan(4 * 1024 * 1024);
  });

  it('are not read at all before the caller is authorized', async () => {
    const r = await endlessPost(guarded, '/api/topics', { ...json, 'Transfer-Encoding': 'chunked' });
    expect(r.status).toBe(403);
  });

  it('must be JSON: a form post is refused with the header to send', async () => {
    const topic = unique('form');
    await seed(topic);
    const r = await httpRequest('POST', `${open.url}/api/topics/${topic}`, {
      body: 'action=pause',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.body).reason).toContain('Content-Type: application/json');
    expect((await nsqdTopic(nsqd(), topic))?.paused).toBe(false);
  });
});

describe('records', () => {
  it('audit lines are written at --log-level=error, for actions and /config, naming the peer and a claimed user', async () => {
    const topic = unique('audited');
    await seed(topic);
    expect(
      (await call(open, 'POST', `/api/topics/${topic}`, { action: 'pause' }, { 'X-Forwarded-User': 'mallory' })).status,
    ).toBe(200);
    await expect
      .poll(() => open.output(), SETTLE)
      .toMatch(
        new RegExp(
          `"level":"audit","msg":"audit","audit":\\{"action":"pause_topic","topic":"${topic}","claimed_user":"mallory","peer":"127\\.0\\.0\\.1"`,
        ),
      );
    expect((await httpRequest('PUT', `${open.url}/config/log_level`, { body: 'error' })).status).toBe(200);
    expect(open.output()).toMatch(
      /"audit":\{"action":"config","method":"PUT","option":"log_level","peer":"127\.0\.0\.1",.*"outcome":"ok","before":"error","after":"error"/,
    );
    const refused = await call(open, 'POST', `/api/topics/${topic}`, { action: 'empty' }, { Host: REBOUND });
    expect(refused.status).toBe(403);
    await expect.poll(() => open.output(), SETTLE).toMatch(/"action":"topic_action".*"outcome":"forbidden"/);
  });

  it('webhook payloads mark an unverified name as claimed and carry the peer; failures never log the URL’s secret', async () => {
    const topic = unique('hooked');
    await seed(topic);
    hookCalls.length = 0;
    await call(
      open,
      'POST',
      `/api/topics/${topic}`,
      { action: 'pause' },
      { 'X-Forwarded-User': 'mallory', 'X-Forwarded-For': '10.9.9.9' },
    );
    await expect.poll(() => hookCalls.length, SETTLE).toBeGreaterThan(0);
    expect(hookCalls[0]).toMatchObject({
      authorization: `Bearer ${TOKEN}-header`,
      body: { action: 'pause_topic', topic, claimed_user: 'mallory', remote_ip: '127.0.0.1' },
    });
    expect(hookCalls[0]?.body).not.toHaveProperty('user');
    // --log-level=error hides the warning; at warn it is written with the URL redacted
    expect((await httpRequest('PUT', `${open.url}/config/log_level`, { body: 'warn' })).status).toBe(200);
    await call(open, 'POST', `/api/topics/${topic}`, { action: 'unpause' });
    await expect.poll(() => open.output(), SETTLE).toContain('"msg":"notification failed"');
    expect(open.output()).toMatch(
      /"msg":"notification failed","endpoint":"http:\/\/127\.0\.0\.1:\d+\/\*\*\*".*"status":500/,
    );
    expect(open.output()).not.toContain(TOKEN);
  });
});
