// The Nodes page against the real cluster: every nsqd with what its own /info says.
import { type NsqdInfo, nsqdInfoSchema } from '../lib/nsq/schemas';
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { freePort, httpRequest } from '../scripts/nsq-cluster';
import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, lookupdAddress, nsqdAddresses, screenshot } from './support';

async function nsqdInfo(nsqd: string): Promise<NsqdInfo> {
  return nsqdInfoSchema.parse(JSON.parse((await httpRequest('GET', `http://${nsqd}/info`)).body));
}

test('lists every nsqd with the version and ports its /info reports', async ({ page }) => {
  await page.goto(consoleUrl('/nodes'));
  const addresses = nsqdAddresses();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`NSQd Nodes (${addresses.length})`);
  for (const address of addresses) {
    const info = await nsqdInfo(address);
    const node = `${info.broadcast_address}:${info.http_port}`;
    const row = page.locator(`[data-testid="node-row"][data-node="${node}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('node-hostname')).toHaveText(info.hostname);
    await expect(row.getByTestId('node-version')).toHaveText(info.version);
    await expect(row.getByTestId('node-tcp-port')).toHaveText(String(info.tcp_port));
    await expect(row.getByTestId('node-http-port')).toHaveText(String(info.http_port));
    await expect(row.getByTestId('node-health')).toHaveText('OK');
    await expect(row.getByTestId('node-link')).toHaveAttribute('href', `/nodes/${encodeURIComponent(node)}`);
    // one lookupd, and it knows every node
    await expect(row.getByTestId('node-lookupd-conns')).toHaveAttribute('data-complete', 'true');
    await expect(row.getByTestId('node-lookupd-conns').locator('summary')).toHaveText('1 / 1');
    await expect(row.getByTestId('node-latency')).toHaveText(/^\d[\d,]* ms$/);
    // the traffic publishes to every nsqd
    await expect(row.locator('[data-testid="node-topic-label"][data-topic="orders"]')).toHaveAttribute(
      'href',
      '/topics/orders',
    );
  }
  await expect(page.getByTestId('node-down')).toHaveCount(0);
  // every nsqd runs the same version here
  await expect(page.getByTestId('version-skew')).toHaveCount(0);
  await expectAccessible(page);
  await screenshot(page, 'nodes');
});

test('a node links to its page', async ({ page }) => {
  await page.goto(consoleUrl('/nodes'));
  const [first] = nsqdAddresses();
  await page.locator(`[data-testid="node-row"][data-node="${first}"]`).getByTestId('node-link').click();
  await expect(page).toHaveURL(consoleUrl(`/nodes/${encodeURIComponent(first as string)}`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(first as string);
});

test('a topic tombstoned in lookupd for one node is marked on that node only', async ({ page }) => {
  const [first, second] = nsqdAddresses() as [string, string];
  const topic = `tomb_${Math.random().toString(36).slice(2, 10)}`;
  // a topic of its own, so no other test sees the tombstone
  for (const nsqd of [first, second])
    expect((await httpRequest('POST', `http://${nsqd}/topic/create?topic=${topic}`)).status).toBe(200);
  try {
    expect(
      (await httpRequest('POST', `http://${lookupdAddress()}/topic/tombstone?topic=${topic}&node=${second}`)).status,
    ).toBe(200);
    await page.goto(consoleUrl('/nodes'));
    const label = (node: string) =>
      page.locator(`[data-node="${node}"] [data-testid="node-topic-label"][data-topic="${topic}"]`);
    await expect(label(second)).toHaveAttribute('data-tombstoned', 'true');
    await expect(label(second)).toHaveAttribute('title', 'this topic is currently tombstoned on this node');
    await expect(label(first)).toBeVisible();
    await expect(label(first)).not.toHaveAttribute('data-tombstoned');
  } finally {
    for (const nsqd of [first, second]) await httpRequest('POST', `http://${nsqd}/topic/delete?topic=${topic}`);
  }
});

// A console of its own in nsqd mode, given one real nsqd and one address where nothing listens: the
// shared cluster is never touched, yet a node is down.
test.describe('in nsqd mode, with an nsqd that does not answer', () => {
  let con: ConsoleServer;
  let deadNode: string;
  test.beforeAll(async () => {
    deadNode = `127.0.0.1:${await freePort()}`;
    const [live] = nsqdAddresses();
    con = await startConsole([`--nsqd-http-address=${live}`, `--nsqd-http-address=${deadNode}`, '--poll-interval=1s']);
  });
  test.afterAll(async () => {
    await con?.stop();
  });

  test('the nodes page marks it down with its error', async ({ page }) => {
    await page.goto(`${con.url}/nodes`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('NSQd Nodes (2)');
    const row = page.locator(`[data-testid="node-down"][data-node="${deadNode}"]`);
    await expect(row.getByTestId('node-health')).toContainText(/^down: .+/);
    await expect(row.getByTestId('node-last-seen')).toHaveText('never answered');
    await expect(
      page.locator(`[data-testid="node-row"][data-node="${nsqdAddresses()[0]}"]`).getByTestId('node-health'),
    ).toHaveText('OK');
    // no lookupd in this mode, so no Lookupd Conns column
    await expect(page.getByRole('columnheader', { name: 'Lookupd Conns' })).toHaveCount(0);
    await expectAccessible(page);
    await screenshot(page, 'nodes-down');
  });

  test('its node page shows the down state and the error', async ({ page, allowFailure }) => {
    // the node's details come from the node itself, which does not answer
    allowFailure(new RegExp(`/api/nodes/${encodeURIComponent(deadNode)}$`), 502);
    await page.goto(`${con.url}/nodes/${encodeURIComponent(deadNode)}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(deadNode);
    const down = page.getByTestId('node-down');
    await expect(down).toHaveAttribute('data-node', deadNode);
    await expect(down).toContainText('This nsqd is down.');
    await expect(down).toContainText('network');
    await expect(page.getByTestId('node-health')).toHaveText('down');
    await expectAccessible(page);
    await screenshot(page, 'node-down');
  });

  test('the lookup page says there is no nsqlookupd', async ({ page }) => {
    await page.goto(`${con.url}/lookup`);
    await expect(page.getByTestId('lookup-not-configured')).toHaveText(
      'nsq-console is configured with nsqd addresses, not nsqlookupd.',
    );
    await expectAccessible(page);
  });
});
