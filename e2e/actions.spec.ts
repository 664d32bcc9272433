// Admin actions through the UI against a cluster of their own (never the shared one other specs read):
// each action's effect is checked on every nsqd's /stats and on nsqlookupd, not on the page alone.
// The test that kills an nsqd runs last.
import type { Page } from '@playwright/test';
import type { NodesResponse } from '../lib/api/read-api';
import { hashPassword } from '../lib/auth/password';
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { httpRequest, type NsqCluster, startCluster } from '../scripts/nsq-cluster';
import { publish, startTraffic } from '../scripts/traffic';
import { expect, test } from './fixtures';
import { expectAccessible, nsqdTopic, screenshot } from './support';

let cluster: NsqCluster;
let con: ConsoleServer;

const nsqds = () => cluster.nsqds.map((n) => n.httpAddress);
const lookupd = () => cluster.lookupd.httpAddress;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** nsqd's own view of one topic on one node: the ground truth. */
const stats = nsqdTopic;
const channelStats = async (nsqd: string, topic: string, channel: string) =>
  (await stats(nsqd, topic))?.channels.find((c) => c.channel_name === channel);

async function lookupdList(path: string, key: 'topics' | 'channels'): Promise<string[]> {
  return (
    (JSON.parse((await httpRequest('GET', `http://${lookupd()}${path}`)).body) as Record<string, string[]>)[key] ?? []
  );
}

async function nsqdPost(nsqd: string, path: string) {
  const res = await httpRequest('POST', `http://${nsqd}${path}`);
  if (res.status !== 200) throw new Error(`POST ${nsqd}${path}: ${res.status} ${res.body}`);
}

/** A topic with these channels on every nsqd, seen by the console on both nodes. */
async function seed(topic: string, channels: string[], base = con.url) {
  for (const n of nsqds()) {
    await nsqdPost(n, `/topic/create?topic=${topic}`);
    for (const c of channels) await nsqdPost(n, `/channel/create?topic=${topic}&channel=${c}`);
  }
  await expect
    .poll(async () => {
      const r = await httpRequest('GET', `${base}/api/topics/${topic}`);
      return r.status === 200 ? (JSON.parse(r.body) as { nodes: unknown[] }).nodes.length : 0;
    })
    .toBe(nsqds().length);
}

const toast = (page: Page, text: string | RegExp) => page.getByTestId('action-toast').filter({ hasText: text });

test.beforeAll(async () => {
  // in a hook, the hook's own timeout
  test.setTimeout(120_000);
  cluster = await startCluster();
  con = await startConsole([`--lookupd-http-address=${lookupd()}`, '--poll-interval=500ms']);
});

test.afterAll(async () => {
  await con?.stop();
  await cluster?.stop();
});

test('pausing a channel pauses it on every nsqd and stops a running consumer; Undo resumes delivery', async ({
  page,
}) => {
  const [topic, channel] = ['flow', 'work'];
  await seed(topic, [channel]);
  const traffic = await startTraffic({
    nsqdHttpAddresses: nsqds(),
    nsqdTcpAddresses: cluster.nsqds.map((n) => n.tcpAddress),
    scenario: { topics: [{ name: topic, publishPerSecond: 20, channels: [{ name: channel, consumePerSecond: 100 }] }] },
  });
  try {
    await expect.poll(() => traffic.consumed(), { timeout: 15_000 }).toBeGreaterThan(10);
    await page.goto(`${con.url}/topics/${topic}/${channel}`);
    await page.getByTestId('action-pause').click();

    const paused = toast(page, 'paused on 2 of 2 nodes');
    await expect(paused).toBeVisible();
    await expect(paused).toHaveAttribute('data-type', 'success');
    for (const n of nsqds()) await expect(paused).toContainText(`nsqd ${n}: ok`);
    // the server answered after a poll that shows the pause: every nsqd says so already
    for (const n of nsqds()) expect((await channelStats(n, topic, channel))?.paused, n).toBe(true);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('paused');
    await expect(page.getByTestId('action-unpause')).toBeVisible();

    // in-flight messages may still finish; then nothing more arrives while publishing goes on
    await sleep(1_500);
    const atPause = traffic.consumed();
    await sleep(2_500);
    expect(traffic.consumed()).toBe(atPause);

    await paused.getByRole('button', { name: 'Undo' }).click();
    await expect(toast(page, 'unpaused on 2 of 2 nodes')).toBeVisible();
    for (const n of nsqds()) expect((await channelStats(n, topic, channel))?.paused, n).toBe(false);
    await expect.poll(() => traffic.consumed(), { timeout: 15_000 }).toBeGreaterThan(atPause + 10);
    await expect(page.getByTestId('action-pause')).toBeVisible();
    // the undo offers no undo of its own
    await expect(toast(page, 'unpaused').getByRole('button', { name: 'Undo' })).toHaveCount(0);

    // the topic page pauses the topic the same way, and Unpause puts it back
    await page.goto(`${con.url}/topics/${topic}`);
    await page.getByTestId('action-pause').click();
    await expect(toast(page, 'Topic flow paused on 2 of 2 nodes')).toBeVisible();
    for (const n of nsqds()) expect((await stats(n, topic))?.paused, n).toBe(true);
    await page.getByTestId('action-unpause').click();
    await expect(toast(page, 'Topic flow unpaused on 2 of 2 nodes')).toBeVisible();
    for (const n of nsqds()) expect((await stats(n, topic))?.paused, n).toBe(false);
  } finally {
    await traffic.stop();
  }
});

test('Empty confirms with what it will drop, then the depth is 0 on every nsqd', async ({ page }) => {
  const [topic, channel] = ['backlog', 'stuck'];
  await seed(topic, [channel]);
  const [a, b] = nsqds() as [string, string];
  await publish(
    a,
    topic,
    Array.from({ length: 30 }, (_, i) => `a${i}`),
  );
  await publish(
    b,
    topic,
    Array.from({ length: 20 }, (_, i) => `b${i}`),
  );
  await page.goto(`${con.url}/topics/${topic}/${channel}`);
  await expect(page.getByTestId('stat-depth')).toHaveText('50');

  // Escape closes the dialog without emptying, and focus goes back to the button
  const trigger = page.getByTestId('action-empty');
  await trigger.click();
  const dialog = page.getByRole('dialog', { name: `Empty channel ${topic}/${channel}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(trigger).toBeFocused();
  expect((await channelStats(a, topic, channel))?.depth).toBe(30);

  await trigger.click();
  await expect(dialog.getByTestId('dropped-depth')).toHaveText('50');
  await expect(dialog.getByTestId('dropped-in-flight')).toHaveText('0');
  await expect(dialog.getByTestId('dropped-deferred')).toHaveText('0');
  await expect(dialog.getByTestId('dropped-nodes')).toHaveText('2 nodes');
  await expect(dialog).toContainText('in-flight and deferred');
  await expectAccessible(page);
  await screenshot(page, 'action-empty-dialog');
  await dialog.getByTestId('confirm-empty').click();
  await expect(dialog).toHaveCount(0);
  await expect(toast(page, 'emptied on 2 of 2 nodes')).toBeVisible();
  for (const n of nsqds()) expect((await channelStats(n, topic, channel))?.depth, n).toBe(0);
  await expect(page.getByTestId('stat-depth')).toHaveText('0');

  // a topic without channels keeps its messages in its own queue: that is what a topic Empty drops
  const holding = 'holding';
  await seed(holding, []);
  await publish(a, holding, ['1', '2', '3', '4']);
  await publish(b, holding, ['5', '6']);
  await page.goto(`${con.url}/topics/${holding}`);
  await expect(page.getByTestId('stat-depth')).toHaveText('6');
  await page.getByTestId('action-empty').click();
  const topicDialog = page.getByRole('dialog', { name: `Empty topic ${holding}?` });
  await expect(topicDialog.getByTestId('dropped-depth')).toHaveText('6');
  await expect(topicDialog.getByTestId('dropped-nodes')).toHaveText('2 nodes');
  await expect(topicDialog).toContainText("does not touch the channels' queues");
  await topicDialog.getByTestId('confirm-empty').click();
  await expect(toast(page, 'Topic holding emptied on 2 of 2 nodes')).toBeVisible();
  for (const n of nsqds()) expect((await stats(n, holding))?.depth, n).toBe(0);
});

test('Delete needs the exact name, then the channel and the topic are gone from every nsqd and from nsqlookupd', async ({
  page,
  allowFailure,
}) => {
  const topic = 'doomed';
  // the deleted channel's and topic's own pages poll until the navigation away unmounts them: a poll
  // in that moment is rightly answered 404
  allowFailure(new RegExp(`/api/cluster/topics/${topic}/channels/victim$`), 404);
  allowFailure(new RegExp(`/api/cluster/topics/${topic}$`), 404);
  await seed(topic, ['victim', 'survivor']);
  await expect.poll(() => lookupdList(`/channels?topic=${topic}`, 'channels')).toContain('victim');

  await page.goto(`${con.url}/topics/${topic}/victim`);
  await page.getByTestId('action-delete').click();
  const dialog = page.getByRole('dialog', { name: `Delete channel ${topic}/victim?` });
  const input = dialog.getByTestId('confirm-name-input');
  const confirm = dialog.getByTestId('confirm-delete');
  await expect(input).toBeFocused();
  await expect(confirm).toBeDisabled();
  for (const wrong of ['victi', 'Victim', 'victim ']) {
    await input.fill(wrong);
    await expect(confirm).toBeDisabled();
  }
  await input.fill('victim');
  await expect(confirm).toBeEnabled();
  await expect(dialog).toContainText('comes back');
  await expectAccessible(page);
  await screenshot(page, 'action-delete-dialog');
  await confirm.click();

  await expect(page).toHaveURL(`${con.url}/topics/${topic}`);
  await expect(toast(page, 'Channel doomed/victim deleted on 2 of 2 nsqd and 1 of 1 nsqlookupd')).toBeVisible();
  for (const n of nsqds()) {
    const s = await stats(n, topic);
    expect(
      s?.channels.map((c) => c.channel_name),
      n,
    ).toEqual(['survivor']);
  }
  expect(await lookupdList(`/channels?topic=${topic}`, 'channels')).not.toContain('victim');
  await expect(page.locator('[data-testid="channel-row"][data-channel="victim"]')).toHaveCount(0);

  await page.getByTestId('action-delete').click();
  const topicDialog = page.getByRole('dialog', { name: `Delete topic ${topic}?` });
  await expect(topicDialog).toContainText('Tombstone');
  await expect(topicDialog.getByTestId('confirm-delete')).toBeDisabled();
  // Enter does nothing until the name matches
  await topicDialog.getByTestId('confirm-name-input').fill('doome');
  await page.keyboard.press('Enter');
  await expect(topicDialog).toBeVisible();
  await topicDialog.getByTestId('confirm-name-input').fill(topic);
  await topicDialog.getByTestId('confirm-delete').click();

  await expect(page).toHaveURL(`${con.url}/topics`);
  await expect(toast(page, 'Topic doomed deleted on 2 of 2 nsqd and 1 of 1 nsqlookupd')).toBeVisible();
  for (const n of nsqds()) expect(await stats(n, topic), n).toBeUndefined();
  expect(await lookupdList('/topics', 'topics')).not.toContain(topic);
});

test('Tombstone on a node row: lookupd stops listing that node for the topic, and the node deletes it', async ({
  page,
}) => {
  const topic = 'retiring';
  await seed(topic, ['c']);
  const [victim, other] = nsqds() as [string, string];
  await page.goto(`${con.url}/topics/${topic}`);
  await page.locator(`[data-testid="node-row"][data-node="${victim}"]`).getByTestId('action-tombstone').click();
  const dialog = page.getByRole('dialog', { name: `Tombstone topic ${topic} on ${victim}?` });
  await expect(dialog).toContainText('tombstone lifetime');
  await dialog.getByTestId('confirm-tombstone').click();
  await expect(toast(page, `Topic ${topic} on node ${victim} tombstoned`)).toBeVisible();
  expect(await stats(victim, topic)).toBeUndefined();
  expect(await stats(other, topic)).toBeDefined();
  const lookup = JSON.parse((await httpRequest('GET', `http://${lookupd()}/lookup?topic=${topic}`)).body) as {
    producers: { http_port: number }[];
  };
  expect(lookup.producers.map((p) => `127.0.0.1:${p.http_port}`)).toEqual([other]);
});

test('Tombstone on the node page, as in nsqadmin: the topic leaves that node, and lookupd stops handing the node out for it', async ({
  page,
}) => {
  const topic = 'leaving';
  await seed(topic, ['c']);
  const [victim, other] = nsqds() as [string, string];
  await page.goto(`${con.url}/nodes/${victim}`);
  const block = page.locator(`[data-testid="node-topic"][data-topic="${topic}"]`);
  await block.getByTestId('action-tombstone').click();
  await page
    .getByRole('dialog', { name: `Tombstone topic ${topic} on ${victim}?` })
    .getByTestId('confirm-tombstone')
    .click();
  await expect(toast(page, `Topic ${topic} on node ${victim} tombstoned`)).toBeVisible();
  await expect(block).toHaveCount(0);
  expect(await stats(victim, topic)).toBeUndefined();
  expect(await stats(other, topic)).toBeDefined();
  const lookup = JSON.parse((await httpRequest('GET', `http://${lookupd()}/lookup?topic=${topic}`)).body) as {
    producers: { http_port: number }[];
  };
  expect(lookup.producers.map((p) => `127.0.0.1:${p.http_port}`)).toEqual([other]);
});

test('Create on the Lookup page makes the topic and channel exist on every nsqd and in lookupd; inactive ones can be deleted', async ({
  page,
  allowFailure,
}) => {
  // the invalid name below is refused
  allowFailure(/\/api\/topics$/, 400);
  await page.goto(`${con.url}/lookup`);
  const form = page.getByTestId('create-form');
  await expect(page.getByTestId('create-topic')).toContainText(
    'Creates the topic on every nsqd and registers it in every nsqlookupd',
  );
  await form.getByLabel('Topic').fill('fresh');
  await form.getByLabel('Channel').fill('first');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(toast(page, 'Channel fresh/first created on 2 of 2 nsqd and 1 of 1 nsqlookupd')).toBeVisible();
  await expect(form.getByLabel('Topic')).toHaveValue('');
  for (const n of nsqds())
    expect(
      (await stats(n, 'fresh'))?.channels.map((c) => c.channel_name),
      n,
    ).toEqual(['first']);
  expect(await lookupdList('/topics', 'topics')).toContain('fresh');
  expect(await lookupdList('/channels?topic=fresh', 'channels')).toContain('first');

  // an invalid name: the server's rule is shown, nothing is created
  await form.getByLabel('Topic').fill('no spaces');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('create-error')).toContainText('INVALID_TOPIC');
  await expect(toast(page, 'Could not create topic no spaces')).toHaveAttribute('data-type', 'error');

  // a topic only nsqlookupd knows is inactive; its channel and then the topic are deleted after confirming
  for (const p of ['/topic/create?topic=ghost', '/channel/create?topic=ghost&channel=idle']) {
    expect((await httpRequest('POST', `http://${lookupd()}${p}`)).status).toBe(200);
  }
  await expect
    .poll(async () => JSON.parse((await httpRequest('GET', `${con.url}/api/topics?inactive=true`)).body).topics.ghost)
    .toEqual(['idle']);
  await page.reload();
  const ghost = page.locator('[data-testid="inactive-topic"][data-topic="ghost"]');
  await ghost.locator('[data-testid="inactive-channel"][data-channel="idle"]').getByTestId('inactive-delete').click();
  const dialog = page.getByRole('dialog', { name: 'Delete channel ghost/idle?' });
  await dialog.getByTestId('confirm-name-input').fill('idle');
  await dialog.getByTestId('confirm-delete').click();
  await expect(toast(page, 'Channel ghost/idle deleted')).toBeVisible();
  expect(await lookupdList('/channels?topic=ghost', 'channels')).toEqual([]);
  await expect(ghost.getByTestId('inactive-channel')).toHaveCount(0);

  await ghost.getByRole('button', { name: 'Delete topic ghost' }).click();
  const topicDialog = page.getByRole('dialog', { name: 'Delete topic ghost?' });
  await topicDialog.getByTestId('confirm-name-input').fill('ghost');
  await topicDialog.getByTestId('confirm-delete').click();
  await expect(toast(page, 'Topic ghost deleted')).toBeVisible();
  expect(await lookupdList('/topics', 'topics')).not.toContain('ghost');
  await expect(ghost).toHaveCount(0);
});

test('read-only shows no actions; admin mode shows them disabled with the reason, and the API refuses', async ({
  page,
  browser,
  allowFailure,
}) => {
  test.setTimeout(120_000);
  const topic = 'guarded';
  // the pause asked of the API without signing in is refused
  allowFailure(new RegExp(`/api/topics/${topic}/c$`), 403);
  const base = [`--lookupd-http-address=${lookupd()}`, '--poll-interval=500ms'];
  const [readOnly, admin] = await Promise.all([
    startConsole([...base, '--read-only']),
    // the browser is the ACL header's only source here: trusted as if a proxy on this host set it
    startConsole([
      ...base,
      '--admin-user=alice',
      '--acl-trusted-proxy=127.0.0.1/32',
      `--basic-auth-user=ops:${hashPassword('pw')}`,
    ]),
  ]);
  try {
    await seed(topic, ['c'], readOnly.url);
    await seed(topic, ['c'], admin.url);

    for (const path of [`/topics/${topic}`, `/topics/${topic}/c`, '/lookup', `/nodes/${nsqds()[0]}`]) {
      await page.goto(`${readOnly.url}${path}`);
      await expect(page.getByTestId('read-only-note'), path).toBeVisible();
      await expect(page.getByTestId('action-bar')).toHaveCount(0);
      for (const id of [
        'action-pause',
        'action-unpause',
        'action-empty',
        'action-delete',
        'action-tombstone',
        'create-form',
        'inactive-delete',
      ]) {
        await expect(page.getByTestId(id), `${path} ${id}`).toHaveCount(0);
      }
    }

    await page.goto(`${admin.url}/topics/${topic}/c`);
    const reason = page.getByTestId('action-disabled-reason');
    await expect(reason).toContainText('only admins may change the cluster');
    await expect(reason.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/api/login');
    for (const id of ['action-pause', 'action-empty', 'action-delete']) {
      const button = page.getByTestId(id);
      await expect(button).toHaveAttribute('aria-disabled', 'true');
      await expect(button).toHaveAttribute('title', /only admins may change the cluster/);
      // aria-disabled keeps it focusable; Playwright calls it not enabled, so the click is forced
      await button.click({ force: true });
    }
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByTestId('action-toast')).toHaveCount(0);

    await page.goto(`${admin.url}/topics/${topic}`);
    await expect(page.getByTestId('action-tombstone').first()).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId('action-disabled-reason')).toBeVisible();
    await expectAccessible(page);
    const res = await page.evaluate(async (t) => {
      const r = await fetch(`/api/topics/${t}/c`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'pause' }),
      });
      return { status: r.status, body: (await r.json()) as { message: string; reason: string } };
    }, topic);
    expect(res).toMatchObject({
      status: 403,
      body: { message: 'FORBIDDEN', reason: expect.stringContaining('only admins') },
    });
    for (const n of nsqds()) expect((await channelStats(n, topic, 'c'))?.paused, n).toBe(false);

    await page.goto(`${admin.url}/lookup`);
    await expect(page.getByTestId('create-submit')).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByTestId('action-disabled-reason')).toBeVisible();

    // the admin the proxy names gets working controls
    const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-User': 'alice' } });
    try {
      const alice = await context.newPage();
      await alice.goto(`${admin.url}/topics/${topic}/c`);
      await expect(alice.getByTestId('action-pause')).toBeVisible();
      await expect(alice.getByTestId('action-pause')).not.toHaveAttribute('aria-disabled', 'true');
      await expect(alice.getByTestId('action-disabled-reason')).toHaveCount(0);
    } finally {
      await context.close();
    }

    // a basic-auth user signs in through the browser's own prompt (answered here by the context's
    // credentials), comes back with working controls, and the action goes through
    const signing = await browser.newContext({ httpCredentials: { username: 'ops', password: 'pw' } });
    try {
      const ops = await signing.newPage();
      await ops.goto(`${admin.url}/topics/${topic}/c`);
      await expect(ops.getByTestId('action-pause')).toHaveAttribute('aria-disabled', 'true');
      await ops.getByTestId('sign-in').click();
      await expect(ops).toHaveURL(`${admin.url}/`);
      await ops.goto(`${admin.url}/topics/${topic}/c`);
      await expect(ops.getByTestId('action-pause')).not.toHaveAttribute('aria-disabled', 'true');
      await ops.getByTestId('action-pause').click();
      await expect(toast(ops, `Channel ${topic}/c paused`)).toBeVisible();
      for (const n of nsqds()) expect((await channelStats(n, topic, 'c'))?.paused, n).toBe(true);
    } finally {
      await signing.close();
    }
  } finally {
    // the page would go on polling the consoles stopped below, each refused request a console error
    await page.goto('about:blank');
    await Promise.all([readOnly.stop(), admin.stop()]);
  }
});

// last: it kills a node
test('with one nsqd down, a pause is a partial result naming the failed node, and the other node is paused', async ({
  page,
}) => {
  const [topic, channel] = ['split', 'c'];
  await seed(topic, [channel]);
  const [up, down] = cluster.nsqds as [NonNullable<(typeof cluster.nsqds)[0]>, NonNullable<(typeof cluster.nsqds)[1]>];
  await down.kill();
  await expect
    .poll(async () => {
      const r = JSON.parse((await httpRequest('GET', `${con.url}/api/nodes`)).body) as NodesResponse;
      return r.nodes.find((n) => n.node === down.httpAddress)?.status;
    })
    .toBe('down');

  await page.goto(`${con.url}/topics/${topic}/${channel}`);
  await page.getByTestId('action-pause').click();
  const partial = toast(page, 'paused on 1 of 2 nodes');
  await expect(partial).toBeVisible();
  await expect(partial).toHaveAttribute('data-type', 'warning');
  await expect(partial).toContainText(`${down.httpAddress} failed`);
  await expect(partial).toContainText(`nsqd ${down.httpAddress}: failed (network: `);
  await expect(partial).toContainText(`nsqd ${up.httpAddress}: ok`);
  expect((await channelStats(up.httpAddress, topic, channel))?.paused).toBe(true);
  await expect(page.locator(`[data-testid="node-down"][data-node="${down.httpAddress}"]`)).toBeVisible();
  await expectAccessible(page);
  // past sonner's entrance transition
  await expect(partial).toHaveCSS('opacity', '1');
  await screenshot(page, 'action-partial');
});
