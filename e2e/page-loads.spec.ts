// Loaded again and again, in the light and the dark scheme, the pages hydrate without an error: what
// the server renders is what the browser renders first, however soon the browser's data arrives. The
// page errors themselves are caught by e2e/fixtures.ts; each load waits for its data to be shown.
import type { Page } from '@playwright/test';
import { httpRequest } from '../scripts/nsq-cluster';
import { expect, test } from './fixtures';
import { consoleUrl, lookupdAddress, nsqdAddresses } from './support';

const LOADS = 10;
/** a node's page asks nsqd itself, which takes long on a loaded machine */
const SHOWN = { timeout: 30_000 };

async function loadRepeatedly(page: Page, path: string, shown: (page: Page) => Promise<void>) {
  for (let i = 0; i < LOADS; i++) {
    await page.emulateMedia({ colorScheme: i % 2 === 0 ? 'light' : 'dark' });
    await page.goto(consoleUrl(path));
    await shown(page);
  }
}

const PAGES: [string, () => string, (page: Page) => Promise<void>][] = [
  ['home', () => '/', (p) => expect(p.getByTestId('total-topics')).not.toHaveText('0', SHOWN)],
  ['lookup', () => '/lookup', (p) => expect(p.getByTestId('lookupd-status').first()).toHaveText('up', SHOWN)],
  [
    'a node',
    () => `/nodes/${encodeURIComponent(nsqdAddresses()[0] as string)}`,
    (p) => expect(p.locator('[data-testid="node-topic"]').first()).toBeVisible(SHOWN),
  ],
  [
    'a topic',
    () => '/topics/orders',
    (p) => expect(p.locator('[data-testid="channel-row"][data-channel="billing"]')).toBeVisible(SHOWN),
  ],
];

for (const [name, path, shown] of PAGES) {
  test(`${name} loads ${LOADS} times without a page error`, async ({ page }) => {
    test.setTimeout(180_000);
    await loadRepeatedly(page, path(), shown);
  });
}

test('the page of a topic only nsqlookupd knows loads without a failed request', async ({ page }) => {
  const lookupd = lookupdAddress();
  const topic = `registered_${Math.random().toString(36).slice(2, 10)}`;
  expect((await httpRequest('POST', `http://${lookupd}/topic/create?topic=${topic}`)).status).toBe(200);
  try {
    // within a poll the console lists it; until then the page would rightly say it does not exist
    await expect
      .poll(async () => (await httpRequest('GET', consoleUrl(`/api/cluster/topics/${topic}`))).status, {
        timeout: 15_000,
      })
      .toBe(200);
    await page.goto(consoleUrl(`/topics/${topic}`));
    await expect(page.getByText('No producers exist for this topic')).toBeVisible();
    // its charts have nothing to draw, and say so
    await expect(page.getByTestId('chart-topic-depth')).toContainText('No data yet');
  } finally {
    await httpRequest('POST', `http://${lookupd}/topic/delete?topic=${topic}`);
  }
});

test('an address that is no page answers 404 with the console around its message', async ({ page, allowFailure }) => {
  allowFailure(/\/no-such-page$/, 404);
  const res = await page.goto(consoleUrl('/no-such-page'));
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.getByRole('link', { name: 'its topics' }).click();
  await expect(page.getByTestId('topic-row').first()).toBeVisible();
});
