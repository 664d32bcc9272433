// Who may use the message tools, against a real nsqd: nobody in read-only mode, only admins in admin
// mode, and nothing at all with --disable-message-tools; every refusal leaves nsqd as it was. The
// tools' paths also stay nsqadmin's routes for channels that happen to be named "tail" or "messages".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { httpRequest, type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish as nsqdPublish } from '../../scripts/traffic';
import { eventually, getJson, nsqdTopic, post } from '../../test/http-json';
import { openSse } from '../../test/sse';
import type { AccessResponse } from '../api/write-api';

let cluster: NsqCluster;
let nsqd: string;
let readOnly: ConsoleServer;
let admin: ConsoleServer;
let disabled: ConsoleServer;

const ALICE = { 'x-forwarded-user': 'alice' };
const BOB = { 'x-forwarded-user': 'bob' };

async function send(method: 'POST' | 'DELETE', url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await httpRequest(method, url, {
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    timeoutMs: 15_000,
  });
  return { status: res.status, body: JSON.parse(res.body) as { message?: string; reason?: string } };
}

/** Everything nsqd would show if a tool had done something: counts, depths and channel names. */
async function nsqdState() {
  const [work, dlq] = await Promise.all([nsqdTopic(nsqd, 'work'), nsqdTopic(nsqd, 'work-dlq')]);
  return {
    work: { messages: work?.message_count, channels: work?.channels.map((c) => c.channel_name).sort() },
    dlq: dlq?.channels.map((c) => ({ name: c.channel_name, depth: c.depth, in_flight: c.in_flight_count })),
  };
}

const letter = (i: number) => JSON.stringify({ original_topic: 'work', body: `job ${i}` });

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1, withLookupd: false });
  nsqd = cluster.nsqds[0]!.httpAddress;
  for (const t of ['work', 'work-dlq']) await post(`http://${nsqd}/topic/create?topic=${t}`);
  for (const c of ['jobs', 'tail', 'messages']) await post(`http://${nsqd}/channel/create?topic=work&channel=${c}`);
  await post(`http://${nsqd}/channel/create?topic=work-dlq&channel=dead`);
  await nsqdPublish(nsqd, 'work-dlq', [0, 1, 2, 3, 4].map(letter));
  const base = [`--nsqd-http-address=${nsqd}`, '--poll-interval=500ms'];
  [readOnly, admin, disabled] = await Promise.all([
    startConsole([...base, '--read-only']),
    startConsole([...base, '--admin-user=alice', '--acl-trusted-proxy=127.0.0.1/32']),
    startConsole([...base, '--disable-message-tools']),
  ]);
  for (const con of [readOnly, admin, disabled])
    await eventually(
      () => getJson(`${con.url}/api/topics/work-dlq`),
      (r) => r.status === 200,
      'the console to see the topics',
    );
}, 60_000);

afterAll(async () => {
  await Promise.all([readOnly, admin, disabled].map((c) => c?.stop()));
  await cluster?.stop();
});

describe('refused', () => {
  const cases = [
    { mode: 'read-only', con: () => readOnly, headers: ALICE, status: 403, publishStatus: 403 },
    { mode: 'admin, as a user who is not an admin', con: () => admin, headers: BOB, status: 403, publishStatus: 403 },
    { mode: 'admin, as nobody in particular', con: () => admin, headers: {}, status: 403, publishStatus: 403 },
    // without the tools, POST .../messages is nsqadmin's action route for a channel, and a message
    // is no action
    { mode: 'disabled', con: () => disabled, headers: ALICE, status: 404, publishStatus: 400 },
  ];

  it.each(cases)(
    '$mode: tail, publish, redrive and its cancel are refused, and nsqd shows nothing changed',
    async ({ con, headers, status, publishStatus }) => {
      const before = await nsqdState();
      const tail = await openSse(`${con().url}/api/topics/work/tail`, headers);
      expect(tail.status).toBe(status);
      const pub = await send('POST', `${con().url}/api/topics/work/messages`, { body: 'not allowed' }, headers);
      expect(pub.status).toBe(publishStatus);
      const batch = await send('POST', `${con().url}/api/topics/work/messages`, { messages: ['a', 'b'] }, headers);
      expect(batch.status).toBe(publishStatus);
      const redrive = await send('POST', `${con().url}/api/topics/work-dlq/dead/redrive`, { max: 5 }, headers);
      expect(redrive.status).toBe(status);
      const cancel = await send('DELETE', `${con().url}/api/topics/work-dlq/dead/redrive`, undefined, headers);
      expect(cancel.status).toBe(status);
      // time for anything that slipped through to show in nsqd
      await new Promise((r) => setTimeout(r, 500));
      expect(await nsqdState()).toEqual(before);
      expect(before.dlq).toEqual([{ name: 'dead', depth: 5, in_flight: 0 }]);
    },
  );

  it('tells the UI whether the tools exist', async () => {
    expect((await getJson<AccessResponse>(`${disabled.url}/api/access`)).body.message_tools).toBe(false);
    expect((await getJson<AccessResponse>(`${readOnly.url}/api/access`)).body).toMatchObject({
      message_tools: true,
      can_mutate: false,
    });
  });
});

describe('allowed', () => {
  it('lets an admin publish, as a control for the refusals above', async () => {
    const before = (await nsqdTopic(nsqd, 'work'))?.message_count ?? 0;
    const pub = await send('POST', `${admin.url}/api/topics/work/messages`, { body: 'from alice' }, ALICE);
    expect(pub.status).toBe(200);
    expect((await nsqdTopic(nsqd, 'work'))?.message_count).toBe(before + 1);
  });
});

describe("nsqadmin's routes for channels named like the tools", () => {
  it.each(['tail', 'messages'])('GET /api/topics/work/%s is still the channel', async (channel) => {
    for (const con of [admin, disabled]) {
      const res = await getJson<{ channel_name?: string }>(`${con.url}/api/topics/work/${channel}`);
      expect(res.status).toBe(200);
      expect(res.body.channel_name).toBe(channel);
    }
  });

  it('POST {"action": "pause"} to /api/topics/work/messages pauses the channel named "messages"', async () => {
    const res = await send('POST', `${admin.url}/api/topics/work/messages`, { action: 'pause' }, ALICE);
    expect(res.status).toBe(200);
    const channel = (await nsqdTopic(nsqd, 'work'))?.channels.find((c) => c.channel_name === 'messages');
    expect(channel?.paused).toBe(true);
  });
});
