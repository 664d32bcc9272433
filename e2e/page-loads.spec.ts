// Loaded again and again, with either stored theme, every page hydrates without an error: what the
// server renders is what the browser renders first. The server's HTML already holds the page's data
// (no loading skeleton), and each load waits until React has hydrated (the theme toggle shows the
// stored theme only after its mount effect) so a hydration error is seen before the next load. The
// page errors themselves are caught by e2e/fixtures.ts.
import type { Page } from '@playwright/test';
import { httpRequest } from '../scripts/nsq-cluster';
import { expect, test } from './fixtures';
import { consoleUrl, lookupdAddress, nsqdAddresses, PROBE } from './support';

const LOADS = 20;
/** a node's page asks nsqd itself, which takes long on a loaded machine */
const SHOWN = { timeout: 30_000 };
/** components/ui/states.tsx Skeleton, as React renders it */
const SKELETON = /role="status" aria-label="Loading/;

async function loadRepeatedly(page: Page, path: string, shown: (page: Page) => Promise<void>) {
  // the console's origin, for its localStorage, before the first load
  await page.goto(consoleUrl(path));
  for (let i = 0; i < LOADS; i++) {
    const theme = i % 2 === 0 ? 'light' : 'dark';
    // next-themes reads it before React hydrates; the server cannot know it
    await page.evaluate((t) => localStorage.setItem('theme', t), theme);
    await page.emulateMedia({ colorScheme: i % 4 < 2 ? 'light' : 'dark' });
    const res = await page.goto(consoleUrl(path));
    const html = (await res?.text()) ?? '';
    expect(html, `the server's HTML of ${path} shows a loading skeleton`).not.toMatch(SKELETON);
    await expect(page.getByTestId('theme-toggle')).toHaveText(`Theme: ${theme}`);
    await shown(page);
  }
}

const PAGES: [string, () => string, (page: Page) => Promise<void>][] = [
  ['home', () => '/', (p) => expect(p.getByTestId('total-topics')).not.toHaveText('0', SHOWN)],
  ['topics', () => '/topics', (p) => expect(p.locator('[data-testid="topic-row"][data-topic="orders"]')).toBeVisible()],
  [
    'a topic',
    () => '/topics/orders',
    (p) => expect(p.locator('[data-testid="channel-row"][data-channel="billing"]')).toBeVisible(SHOWN),
  ],
  [
    'a channel',
    () => `/topics/${PROBE.topic}/${PROBE.channel}`,
    (p) => expect(p.getByTestId('client-row').first()).toBeVisible(SHOWN),
  ],
  ['nodes', () => '/nodes', (p) => expect(p.getByTestId('nodes-table')).toBeVisible()],
  [
    'a node',
    () => `/nodes/${encodeURIComponent(nsqdAddresses()[0] as string)}`,
    (p) => expect(p.locator('[data-testid="node-topic"]').first()).toBeVisible(SHOWN),
  ],
  ['lookup', () => '/lookup', (p) => expect(p.getByTestId('lookupd-status').first()).toHaveText('up', SHOWN)],
  ['counter', () => '/counter', (p) => expect(p.getByTestId('counter-value')).not.toHaveText('—')],
];

for (const [name, path, shown] of PAGES) {
  test(`${name} loads ${LOADS} times with its data in the HTML and without a page error`, async ({ page }) => {
    // twenty loads of a page that asks nsqd itself take minutes on a busy machine
    test.setTimeout(300_000);
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
