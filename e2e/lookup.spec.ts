// The Lookup page against the real nsqlookupd, including a topic registered only in lookupd.
import { httpRequest } from '../scripts/nsq-cluster';
import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, lookupdAddress, screenshot } from './support';

test('shows the lookupd up with its version, and a lookupd-only topic as inactive', async ({ page }) => {
  const lookupd = lookupdAddress();
  const info = JSON.parse((await httpRequest('GET', `http://${lookupd}/info`)).body) as { version: string };
  expect(info.version).toBe('1.3.0');

  const topic = `lonely_${Math.random().toString(36).slice(2, 10)}`;
  const channel = 'waiting';
  for (const path of [`/topic/create?topic=${topic}`, `/channel/create?topic=${topic}&channel=${channel}`]) {
    expect((await httpRequest('POST', `http://${lookupd}${path}`)).status).toBe(200);
  }
  try {
    await page.goto(consoleUrl('/lookup'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('nsqlookupd');
    const row = page.locator(`[data-testid="lookupd-row"][data-lookupd="${lookupd}"]`);
    await expect(row.getByTestId('lookupd-status')).toHaveText('up');
    await expect(row.getByTestId('lookupd-version')).toHaveText('1.3.0');
    await expect(row.getByTestId('lookupd-node-count')).toHaveText('2');
    await expect(row.getByTestId('lookupd-latency')).toHaveText(/^\d[\d,]* ms$/);
    await expect(page.getByTestId('lookupd-agree')).toBeVisible();

    // the poller sees the registration within a poll; the inactive list refreshes every 10 s
    const inactive = page.locator(`[data-testid="inactive-topic"][data-topic="${topic}"]`);
    await expect(inactive).toBeVisible({ timeout: 30_000 });
    await expect(inactive.getByRole('link', { name: topic })).toHaveAttribute('href', `/topics/${topic}`);
    await expect(inactive.locator(`[data-testid="inactive-channel"][data-channel="${channel}"]`)).toBeVisible();
    // topics that nsqd produces are not inactive
    await expect(page.locator('[data-testid="inactive-topic"][data-topic="orders"]')).toHaveCount(0);
    await expect(page.getByTestId('inactive-topics')).toContainText('not produced on any nsqd');

    await expectAccessible(page);
    await screenshot(page, 'lookup');
  } finally {
    await httpRequest('POST', `http://${lookupd}/topic/delete?topic=${topic}`);
  }
});
