// The first paint holds the data: a page's HTML, fetched without JavaScript, shows nsqd's own numbers
// for a topic, rendered on the server from the poller's snapshot (lib/queries/server.tsx).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsole } from '../../scripts/console-server';
import { type NsqCluster, startCluster } from '../../scripts/nsq-cluster';
import { publish } from '../../scripts/traffic';
import { eventually, getJson, nsqdTopic } from '../../test/http-json';
import type { TopicResponse } from '../api/read-api';
import { formatCount } from '../format';

let cluster: NsqCluster;
let con: ConsoleServer;

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1 });
  con = await startConsole([`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--poll-interval=500ms']);
});

afterAll(async () => {
  await con?.stop();
  await cluster?.stop();
});

/** The page's HTML as a client without JavaScript gets it. */
async function html(path: string): Promise<string> {
  const res = await fetch(`${con.url}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The text of the first element with this data-testid (React renders it as plain text inside). */
function textOf(markup: string, testId: string): string | undefined {
  return new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(markup)?.[1];
}

describe('a page without JavaScript', () => {
  it("shows nsqd's depth and message count for a topic, on the topic's page and in the topic list", async () => {
    const topic = `first_paint_${Math.random().toString(36).slice(2, 8)}`;
    const nsqd = (cluster.nsqds[0] as NsqCluster['nsqds'][number]).httpAddress;
    // more than a thousand, so the number is formatted as the page shows it ("1,234")
    await publish(
      nsqd,
      topic,
      Array.from({ length: 1234 }, (_, i) => `m${i}`),
    );
    const truth = await nsqdTopic(nsqd, topic);
    expect(truth?.message_count).toBe(1234);
    // once a poll has it; the page renders from the latest snapshot and never waits for one
    await eventually(
      async () => (await getJson<TopicResponse>(`${con.url}/api/cluster/topics/${topic}`)).body,
      (t) => t.message_count === truth?.message_count,
      `the console's snapshot to hold ${topic}`,
    );

    const page = await html(`/topics/${topic}`);
    expect(textOf(page, 'stat-depth')).toBe(formatCount(truth?.depth ?? -1));
    expect(textOf(page, 'stat-messages')).toBe(formatCount(truth?.message_count ?? -1));

    const list = await html('/topics');
    const at = list.indexOf(`data-topic="${topic}"`);
    expect(at, 'the topic row in the HTML').toBeGreaterThan(-1);
    const row = list.slice(at);
    expect(textOf(row, 'topic-depth')).toBe(formatCount(truth?.depth ?? -1));
    expect(textOf(row, 'topic-messages')).toBe(formatCount(truth?.message_count ?? -1));
  });
});
