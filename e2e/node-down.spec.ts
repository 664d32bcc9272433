// A killed nsqd must show as down, with its error, on every page that depends on it. This spec has
// its own cluster so that killing a node does not disturb the other specs.
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { httpRequest, type NsqCluster, startCluster } from '../scripts/nsq-cluster';
import { expect, test } from './fixtures';
import { expectAccessible, screenshot } from './support';

let cluster: NsqCluster;
let con: ConsoleServer;
let down: string;

test.beforeAll(async () => {
  cluster = await startCluster();
  for (const n of cluster.nsqds) {
    await httpRequest('POST', `http://${n.httpAddress}/topic/create?topic=shared`);
    await httpRequest('POST', `http://${n.httpAddress}/channel/create?topic=shared&channel=work`);
  }
  con = await startConsole([`--lookupd-http-address=${cluster.lookupd.httpAddress}`, '--poll-interval=500ms']);
  const victim = cluster.nsqds[1];
  if (!victim) throw new Error('need two nsqd');
  down = victim.httpAddress;
  // let the console see the node with its topic before it dies
  await expect
    .poll(async () => JSON.parse((await httpRequest('GET', `${con.url}/api/topics/shared`)).body).nodes?.length, {
      timeout: 15_000,
    })
    .toBe(2);
  await victim.kill();
});

test.afterAll(async () => {
  await con?.stop();
  await cluster?.stop();
});

const marker = (page: import('@playwright/test').Page) =>
  page.locator(`[data-testid="node-down"][data-node="${down}"]`);

test('home names the down node and its error', async ({ page }) => {
  await page.goto(`${con.url}/`);
  await expect(marker(page)).toBeVisible({ timeout: 15_000 });
  await expect(marker(page)).toContainText('ECONNREFUSED');
  await expect(page.getByTestId('nodes-summary')).toContainText('1 down');
  await expectAccessible(page);
  await screenshot(page, 'home-node-down');
});

test('the topic page marks the node down instead of dropping it', async ({ page }) => {
  await page.goto(`${con.url}/topics/shared`);
  await expect(marker(page)).toBeVisible({ timeout: 15_000 });
  await screenshot(page, 'topic-node-down');
});

test('the nodes page marks it down', async ({ page }) => {
  await page.goto(`${con.url}/nodes`);
  await expect(marker(page)).toBeVisible({ timeout: 15_000 });
  await screenshot(page, 'nodes-node-down');
});
