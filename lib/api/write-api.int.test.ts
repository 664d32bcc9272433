// Admin actions against a real cluster (1 nsqlookupd, 2 nsqd) through the production console, in each
// access mode, with a webhook receiver, and side by side with the real nsqadmin v1.3.0.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import {
  freePort,
  type NsqadminProcess,
  type NsqCluster,
  startCluster,
  startNsqadmin,
} from '../../scripts/nsq-cluster';
import { publish, startTraffic } from '../../scripts/traffic';
import { eventually, getJson, nsqdTopic, post } from '../../test/http-json';
import { hashPassword } from '../auth/password';

let cluster: NsqCluster;
let open: ConsoleServer;
let admin: ConsoleServer;
let readOnly: ConsoleServer;
let deadHook: ConsoleServer;
let nsqadmin: NsqadminProcess;
let receiver: http.Server;
const received: Record<string, unknown>[] = [];
const unique = (name: string) => `${name}_${Math.random().toString(36).slice(2, 8)}`;
const nsqds = () => cluster.nsqds.map((n) => n.httpAddress);
const lookupd = () => cluster.lookupd.httpAddress;

async function send(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : {}) as {
      message: string;
      status?: string;
      results?: { target: string; ok: boolean }[];
      reason?: string;
    },
  };
}

/** A topic with channel c on both nsqds and a few messages on each. */
async function seed(topic: string) {
  for (const n of nsqds()) {
    await post(`http://${n}/topic/create?topic=${topic}`);
    await post(`http://${n}/channel/create?topic=${topic}&channel=c`);
    await publish(n, topic, ['1', '2', '3']);
  }
}

const channelOn = async (n: string, topic: string) =>
  (await nsqdTopic(n, topic))?.channels.find((c) => c.channel_name === 'c');

beforeAll(async () => {
  cluster = await startCluster();
  receiver = http.createServer((req, res) => {
    let b = '';
    req.on('data', (d: Buffer) => (b += d.toString()));
    req.on('end', () => {
      received.push({ ...JSON.parse(b), _contentType: req.headers['content-type'] });
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const base = [`--lookupd-http-address=${lookupd()}`, '--poll-interval=500ms'];
  [open, admin, readOnly, deadHook, nsqadmin] = await Promise.all([
    startConsole([...base, `--notification-http-endpoint=${hook}`]),
    startConsole([
      ...base,
      '--admin-user=alice',
      '--acl-trusted-proxy=127.0.0.1/32',
      `--basic-auth-user=ops:${hashPassword('pw')}`,
    ]),
    startConsole([...base, '--read-only']),
    startConsole([...base, `--notification-http-endpoint=http://127.0.0.1:${await freePort()}/nobody`]),
    startNsqadmin({ lookupdHttpAddresses: [lookupd()] }),
  ]);
});

afterAll(async () => {
  await Promise.all([open, admin, readOnly, deadHook].map((c) => c?.stop()));
  await nsqadmin?.stop();
  await new Promise((r) => receiver?.close(r));
  await cluster?.stop();
});

describe('actions change every nsqd (and lookupd where nsqadmin does)', () => {
  it('pausing a channel stops delivery to a running consumer; unpausing resumes it', async () => {
    const topic = unique('flow');
    await seed(topic);
    const traffic = await startTraffic({
      nsqdHttpAddresses: nsqds(),
      lookupdHttpAddresses: [lookupd()],
      scenario: { topics: [{ name: topic, publishPerSecond: 20, channels: [{ name: 'c', consumePerSecond: 50 }] }] },
    });
    try {
      await eventually(
        async () => traffic.consumed(),
        (n) => n > 10,
        'the consumer receiving',
      );
      const r = await send(open.url, 'POST', `/api/topics/${topic}/c`, { action: 'pause' });
      expect(r).toMatchObject({ status: 200, body: { message: '', status: 'ok' } });
      expect(r.body.results?.map((x) => x.target).sort()).toEqual([...nsqds()].sort());
      for (const n of nsqds()) expect((await channelOn(n, topic))?.paused).toBe(true);
      // in-flight messages may still finish; then nothing more arrives while publishing goes on
      await new Promise((res) => setTimeout(res, 1000));
      const atPause = traffic.consumed();
      await new Promise((res) => setTimeout(res, 2000));
      expect(traffic.consumed()).toBe(atPause);

      expect((await send(open.url, 'POST', `/api/topics/${topic}/c`, { action: 'unpause' })).status).toBe(200);
      for (const n of nsqds()) expect((await channelOn(n, topic))?.paused).toBe(false);
      await eventually(
        async () => traffic.consumed(),
        (n) => n > atPause + 10,
        'delivery resuming',
      );
    } finally {
      await traffic.stop();
    }
  });

  it('empty makes the depth 0 on every node, and the console shows it at once', async () => {
    const topic = unique('full');
    await seed(topic);
    expect((await send(open.url, 'POST', `/api/topics/${topic}/c`, { action: 'empty' })).body.status).toBe('ok');
    for (const n of nsqds()) expect((await channelOn(n, topic))?.depth).toBe(0);
    // the answer came after a fresh poll: the API already shows it, no waiting for the next interval
    const t = await getJson<{ channels: { depth: number; rates: { consume_rate: number | null } }[] }>(
      `${open.url}/api/cluster/topics/${topic}`,
    );
    expect(t.body.channels[0]?.depth).toBe(0);
    // emptying is not consumption: no rate is made up from the drop
    expect(t.body.channels[0]?.rates.consume_rate ?? 0).toBe(0);
  });

  it('delete removes a channel, then the topic, from every nsqd and from lookupd', async () => {
    const topic = unique('gone');
    await seed(topic);
    await post(`http://${lookupd()}/channel/create?topic=${topic}&channel=c`);
    expect((await send(open.url, 'DELETE', `/api/topics/${topic}/c`)).body.status).toBe('ok');
    for (const n of nsqds()) expect(await channelOn(n, topic)).toBeUndefined();
    expect(
      (await getJson<{ channels: string[] }>(`http://${lookupd()}/channels?topic=${topic}`)).body.channels,
    ).toEqual([]);

    expect((await send(open.url, 'DELETE', `/api/topics/${topic}`)).body.status).toBe('ok');
    for (const n of nsqds()) expect(await nsqdTopic(n, topic)).toBeUndefined();
    expect((await getJson<{ topics: string[] }>(`http://${lookupd()}/topics`)).body.topics).not.toContain(topic);
    expect((await getJson(`${open.url}/api/topics/${topic}`)).status).toBe(404);
  });

  it('deletes a channel registered only in lookupd (an inactive topic), and 404s one registered nowhere', async () => {
    const topic = unique('inactive');
    await post(`http://${lookupd()}/topic/create?topic=${topic}`);
    await post(`http://${lookupd()}/channel/create?topic=${topic}&channel=idle`);
    await eventually(
      () => getJson(`${open.url}/api/topics/${topic}`),
      (r) => r.status === 200,
      'the console to see the topic',
    );
    expect((await send(open.url, 'DELETE', `/api/topics/${topic}/idle`)).body.status).toBe('ok');
    expect(
      (await getJson<{ channels: string[] }>(`http://${lookupd()}/channels?topic=${topic}`)).body.channels,
    ).toEqual([]);
    expect((await send(open.url, 'DELETE', `/api/topics/${topic}/idle`)).status).toBe(404);
    await post(`http://${lookupd()}/topic/delete?topic=${topic}`);
  });

  it('create makes the topic and channel exist on every nsqd and in lookupd', async () => {
    const topic = unique('new');
    const r = await send(open.url, 'POST', '/api/topics', { topic, channel: 'first' });
    expect(r).toMatchObject({ status: 200, body: { message: '', status: 'ok' } });
    for (const n of nsqds())
      expect((await nsqdTopic(n, topic))?.channels.map((c) => c.channel_name)).toEqual(['first']);
    expect((await getJson<{ topics: string[] }>(`http://${lookupd()}/topics`)).body.topics).toContain(topic);
    expect(
      (await getJson<{ channels: string[] }>(`http://${lookupd()}/channels?topic=${topic}`)).body.channels,
    ).toEqual(['first']);
  });

  it('tombstone stops lookupd handing out the node for the topic and deletes the topic there, as nsqadmin does', async () => {
    const topic = unique('tomb');
    await seed(topic);
    const [victim, other] = nsqds() as [string, string];
    const r = await send(open.url, 'DELETE', `/api/nodes/${victim}`, { topic });
    expect(r.body.status).toBe('ok');
    expect(await nsqdTopic(victim, topic)).toBeUndefined();
    expect(await nsqdTopic(other, topic)).toBeDefined();
    const lookup = await getJson<{ producers: { http_port: number }[] }>(`http://${lookupd()}/lookup?topic=${topic}`);
    expect(lookup.body.producers.map((x) => `127.0.0.1:${x.http_port}`)).toEqual([other]);
  });

  it('a node that is not in the topology is never contacted', async () => {
    const r = await send(open.url, 'DELETE', '/api/nodes/169.254.169.254:80', { topic: 'anything' });
    expect(r).toMatchObject({ status: 404, body: { message: 'NODE_NOT_FOUND' } });
  });
});

describe('bad input', () => {
  it('answers 400 with the rule for invalid names, and nothing is sent', async () => {
    for (const [path, body, message] of [
      ['/api/topics', { topic: 'no spaces' }, 'INVALID_TOPIC'],
      ['/api/topics', { topic: 'ok', channel: 'x'.repeat(65) }, 'INVALID_CHANNEL'],
      [`/api/topics/${encodeURIComponent('<script>')}`, { action: 'pause' }, 'INVALID_TOPIC'],
    ] as const) {
      const r = await send(open.url, 'POST', path, body);
      expect(r.status, path).toBe(400);
      expect(r.body.message).toBe(message);
      expect(r.body.reason).toContain('1 to 64 characters');
    }
    expect((await send(open.url, 'POST', '/api/topics/ok', { action: 'explode' })).body.message).toBe('INVALID_ACTION');
    const notJson = await fetch(`${open.url}/api/topics/ok`, {
      method: 'POST',
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });
});

describe('access', () => {
  const pausedOn = async (topic: string) => Promise.all(nsqds().map(async (n) => (await channelOn(n, topic))?.paused));

  it('admin mode: no identity, a non-admin, or a cross-site request get 403 and nothing changes', async () => {
    const topic = unique('guarded');
    await seed(topic);
    await eventually(
      async () => (await getJson(`${admin.url}/api/topics/${topic}`)).status,
      (s) => s === 200,
      'the topic polled',
    );
    const attempts: Record<string, string>[] = [
      {},
      { 'X-Forwarded-User': 'mallory' },
      { Authorization: `Basic ${Buffer.from('ops:wrong').toString('base64')}` },
      { 'X-Forwarded-User': 'alice', Origin: 'https://evil.example' },
      { 'X-Forwarded-User': 'alice', 'Sec-Fetch-Site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const r = await send(admin.url, 'POST', `/api/topics/${topic}/c`, { action: 'pause' }, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(r.body.message).toBe('FORBIDDEN');
    }
    expect(await pausedOn(topic)).toEqual([false, false]);
  });

  it('admin mode: the ACL header of a named admin, or a basic-auth admin, works like a plain curl', async () => {
    const topic = unique('allowed');
    await seed(topic);
    await eventually(
      async () => (await getJson(`${admin.url}/api/topics/${topic}`)).status,
      (s) => s === 200,
      'the topic polled',
    );
    expect(
      (await send(admin.url, 'POST', `/api/topics/${topic}/c`, { action: 'pause' }, { 'X-Forwarded-User': 'alice' }))
        .status,
    ).toBe(200);
    expect(await pausedOn(topic)).toEqual([true, true]);
    const ops = { Authorization: `Basic ${Buffer.from('ops:pw').toString('base64')}` };
    expect((await send(admin.url, 'POST', `/api/topics/${topic}/c`, { action: 'unpause' }, ops)).status).toBe(200);
    expect(await pausedOn(topic)).toEqual([false, false]);
    const who = await getJson<{ mode: string; can_mutate: boolean }>(`${admin.url}/api/access`);
    expect(who.body).toMatchObject({ mode: 'admin', can_mutate: false });
  });

  it('read-only mode refuses every mutation; open mode refuses only cross-site ones', async () => {
    const topic = unique('ro');
    await seed(topic);
    await eventually(
      async () => (await getJson(`${readOnly.url}/api/topics/${topic}`)).status,
      (s) => s === 200,
      'the topic polled',
    );
    for (const [method, path, body] of [
      ['POST', `/api/topics/${topic}/c`, { action: 'empty' }],
      ['DELETE', `/api/topics/${topic}`, undefined],
      ['POST', '/api/topics', { topic: unique('x') }],
    ] as const) {
      expect((await send(readOnly.url, method, path, body)).status).toBe(403);
    }
    for (const n of nsqds()) expect((await channelOn(n, topic))?.depth).toBe(3);
    expect(
      (await send(open.url, 'POST', `/api/topics/${topic}/c`, { action: 'empty' }, { Origin: 'http://evil.example' }))
        .status,
    ).toBe(403);
    for (const n of nsqds()) expect((await channelOn(n, topic))?.depth).toBe(3);
  });
});

describe('notifications', () => {
  it('POSTs nsqadmin’s payload for what happened', async () => {
    const topic = unique('hooked');
    await seed(topic);
    received.length = 0;
    await send(open.url, 'POST', `/api/topics/${topic}/c`, { action: 'pause' }, { 'User-Agent': 'ops-script/1.0' });
    await eventually(
      async () => received.length,
      (n) => n >= 1,
      'the webhook',
    );
    expect(received[0]).toMatchObject({
      action: 'pause_channel',
      topic,
      channel: 'c',
      remote_ip: expect.stringMatching(/^127\.0\.0\.1/),
      user_agent: 'ops-script/1.0',
      url: `${open.url}/api/topics/${topic}/c`,
      via: expect.any(String),
      _contentType: 'application/json',
    });
    expect(Math.abs((received[0]?.timestamp as number) - Date.now() / 1000)).toBeLessThan(10);
    expect(received[0]).not.toHaveProperty('node');
  });

  it('with the endpoint down, actions still succeed and the console keeps running', async () => {
    const topic = unique('nohook');
    await seed(topic);
    await eventually(
      async () => (await getJson(`${deadHook.url}/api/topics/${topic}`)).status,
      (s) => s === 200,
      'the topic polled',
    );
    for (const action of ['pause', 'unpause', 'empty']) {
      expect((await send(deadHook.url, 'POST', `/api/topics/${topic}/c`, { action })).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect((await getJson(`${deadHook.url}/api/cluster`)).status).toBe(200);
    expect(deadHook.output()).toContain('notification failed');
  });
});

describe('side by side with nsqadmin v1.3.0', () => {
  it('the same requests have the same effect on NSQ and compatible answers', async () => {
    for (const base of [`http://${nsqadmin.httpAddress}`, open.url]) {
      const topic = unique('twin');
      await seed(topic);
      await eventually(
        async () => (await getJson(`${base}/api/topics/${topic}`)).status,
        (s) => s === 200,
        'the topic',
      );
      const paused = await send(base, 'POST', `/api/topics/${topic}/c`, { action: 'pause' });
      expect(paused.status, base).toBe(200);
      expect(paused.body.message, base).toBe('');
      for (const n of nsqds()) expect((await channelOn(n, topic))?.paused, base).toBe(true);
      const emptied = await send(base, 'POST', `/api/topics/${topic}/c`, { action: 'empty' });
      expect(emptied.status, base).toBe(200);
      for (const n of nsqds()) expect((await channelOn(n, topic))?.depth, base).toBe(0);
      const bad = await send(base, 'POST', `/api/topics/${topic}`, { action: 'explode' });
      expect(bad, base).toMatchObject({ status: 400, body: { message: 'INVALID_ACTION' } });
      const deleted = await send(base, 'DELETE', `/api/topics/${topic}`);
      expect(deleted.status, base).toBe(200);
      for (const n of nsqds()) expect(await nsqdTopic(n, topic), base).toBeUndefined();
    }
  });
});

describe('a node that is down', () => {
  it('is reported as failed while the others succeed, as partial, never as success', async () => {
    const topic = unique('half');
    await seed(topic);
    await eventually(
      async () => (await getJson(`${open.url}/api/topics/${topic}`)).status,
      (s) => s === 200,
      'the topic',
    );
    const victim = cluster.nsqds[1];
    if (!victim) throw new Error('need two nsqd');
    await victim.kill();
    try {
      await eventually(
        async () => (await getJson<{ nodes: { node: string; status: string }[] }>(`${open.url}/api/nodes`)).body.nodes,
        (nodes) => nodes.find((n) => n.node === victim.httpAddress)?.status === 'down',
        'the node down',
      );
      const r = await send(open.url, 'POST', `/api/topics/${topic}/c`, { action: 'pause' });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('partial');
      expect(r.body.message).toMatch(new RegExp(`^WARNING: nsqd ${victim.httpAddress.replace(/\./g, '\\.')}: `));
      expect(r.body.results).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ target: victim.httpAddress, ok: false }),
          expect.objectContaining({ target: cluster.nsqds[0]?.httpAddress, ok: true }),
        ]),
      );
      expect((await channelOn(cluster.nsqds[0]?.httpAddress as string, topic))?.paused).toBe(true);
    } finally {
      await victim.start();
    }
  });
});
