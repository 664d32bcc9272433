import { expect, test } from '@playwright/test';

const consoleUrl = () => process.env.CONSOLE_URL as string;
const nsqds = () => (process.env.NSQD_HTTP_ADDRESSES as string).split(',');

test('the home page shows every node up and the live topics', async ({ page }, info) => {
  await page.goto(`${consoleUrl()}/`);
  for (const node of nsqds()) {
    const row = page.locator(`[data-testid="node-row"][data-node="${node}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('node-status')).toHaveText('OK');
  }
  for (const topic of ['orders', 'payments', 'clicks']) {
    await expect(page.locator(`[data-testid="topic-row"][data-topic="${topic}"]`)).toBeVisible();
  }
  await expect(page.getByTestId('freshness')).toContainText('updated');
  await page.screenshot({ path: info.outputPath('home.png'), fullPage: true });
});

test('the backlog of a channel without consumers grows on screen', async ({ page }) => {
  await page.goto(`${consoleUrl()}/`);
  const depth = page.locator('[data-testid="topic-row"][data-topic="orders"] [data-testid="topic-channel-depth"]');
  await expect(depth).toBeVisible();
  const read = async () => Number((await depth.innerText()).replace(/,/g, ''));
  const first = await read();
  // orders/archive has no consumer, so the orders topic's channel depth only grows
  await expect.poll(read, { timeout: 15_000 }).toBeGreaterThan(first);
});
