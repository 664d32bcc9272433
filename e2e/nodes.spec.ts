// The Nodes page against the real cluster: every nsqd with what its own /info says.
import { expect, test } from '@playwright/test';
import { httpRequest } from '../scripts/nsq-cluster';
import { consoleUrl, expectAccessible, nsqdAddresses, screenshot } from './support';

interface NsqdInfo {
  version: string;
  broadcast_address: string;
  hostname: string;
  http_port: number;
  tcp_port: number;
}

async function nsqdInfo(nsqd: string): Promise<NsqdInfo> {
  return JSON.parse((await httpRequest('GET', `http://${nsqd}/info`)).body) as NsqdInfo;
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
    await expect(row.locator('[data-testid="node-topic-label"][data-topic="orders"]')).toHaveAttribute('href', '/topics/orders');
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
