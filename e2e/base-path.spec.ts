// The whole console under nsqadmin's --base-path, as behind a reverse proxy that forwards /nsq/ as is:
// its own console on the shared cluster, every page and the links between them, with every request the
// browser makes (documents, scripts, styles, the RSC requests of client-side navigation, API fetches)
// inside /nsq (and answered without error, as in every browser test: e2e/fixtures.ts).
import type { Page } from '@playwright/test';
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { expect, test } from './fixtures';
import { lookupdAddress, nsqdAddresses } from './support';

const BASE = '/nsq';
let con: ConsoleServer;

test.beforeAll(async () => {
  con = await startConsole([`--lookupd-http-address=${lookupdAddress()}`, `--base-path=${BASE}`, '--poll-interval=1s']);
});

test.afterAll(async () => {
  await con?.stop();
});

const at = (path: string) => `${con.origin}${BASE}${path}`;
const inside = (url: string) => {
  const u = new URL(url);
  return u.origin === con.origin && (u.pathname === BASE || u.pathname.startsWith(`${BASE}/`));
};

/** Records every request the page makes and those that leave the base path (failures: e2e/fixtures.ts). */
function watch(page: Page) {
  const seen: string[] = [];
  const outside: string[] = [];
  page.on('request', (r) => {
    if (!/^https?:/.test(r.url())) return; // data: and blob: URLs are not requests to a server
    seen.push(r.url());
    if (!inside(r.url())) outside.push(`${r.method()} ${r.url()}`);
  });
  return {
    seen,
    expectInside() {
      expect(outside).toEqual([]);
    },
  };
}

test('every page works under --base-path=/nsq with its data, and nothing leaves /nsq', async ({ page }) => {
  const requests = watch(page);
  const [node] = nsqdAddresses();

  await page.goto(at('/'));
  await expect(page).toHaveURL(at('')); // Next, like nsqadmin, serves the root of the base path without the slash
  await expect(page.getByTestId('nodes-summary')).toHaveText(`${nsqdAddresses().length} up`);
  await expect(page.getByTestId('total-topics')).not.toHaveText('0');

  await page.goto(at('/topics'));
  await expect(page.locator('[data-testid="topic-row"][data-topic="orders"]')).toBeVisible();

  await page.goto(at('/topics/orders'));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('orders');
  await expect(page.getByTestId('topic-node-table')).toBeVisible();
  await expect(page.locator('[data-testid="channel-row"][data-channel="billing"]')).toBeVisible();

  await page.goto(at('/topics/orders/billing'));
  await expect(page.getByTestId('channel-node-table')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('billing');

  await page.goto(at('/nodes'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`NSQd Nodes (${nsqdAddresses().length})`);
  await expect(page.getByTestId('node-link')).toHaveCount(nsqdAddresses().length);

  await page.goto(at(`/nodes/${encodeURIComponent(node as string)}`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(node as string);
  await expect(page.locator('[data-testid="node-topic"]').first()).toBeVisible();

  await page.goto(at('/lookup'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('nsqlookupd');
  await expect(page.getByTestId('lookupd-status').first()).toHaveText('up');

  await page.goto(at('/counter'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Messages Processed');
  await expect(page.getByTestId('counter-value')).not.toHaveText(/^0?$/);

  // the pages come with their data; what refreshes it is the API under the base path
  await page.waitForRequest((r) => r.url().startsWith(at('/api/cluster')));
  expect(requests.seen.some((u) => u.startsWith(at('/_next/static/')))).toBe(true);
  requests.expectInside();
});

test('links and client-side navigation stay under /nsq', async ({ page }) => {
  const requests = watch(page);
  await page.goto(at('/'));
  await expect(page.getByTestId('nodes-summary')).toHaveText(`${nsqdAddresses().length} up`);
  // a marker that a full page load would wipe: every click below must be a client-side navigation
  await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  const sameDocument = () => page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument === true);
  const nav = page.getByRole('navigation', { name: 'Main' });

  await nav.getByRole('link', { name: 'Topics' }).click();
  await expect(page).toHaveURL(at('/topics'));
  const orders = page.locator('[data-testid="topic-row"][data-topic="orders"]');
  await orders.getByRole('link', { name: 'orders' }).click();
  await expect(page).toHaveURL(at('/topics/orders'));
  await expect(page.getByTestId('topic-node-table')).toBeVisible();

  await page
    .locator('[data-testid="channel-row"][data-channel="billing"]')
    .getByRole('link', { name: 'billing' })
    .click();
  await expect(page).toHaveURL(at('/topics/orders/billing'));
  await expect(page.getByTestId('channel-node-table')).toBeVisible();

  await nav.getByRole('link', { name: 'Nodes' }).click();
  await expect(page).toHaveURL(at('/nodes'));
  const first = page.getByTestId('node-link').first();
  const href = (await first.getAttribute('href')) as string;
  expect(href).toMatch(new RegExp(`^${BASE}/nodes/[^/]+$`));
  await first.click();
  await expect(page).toHaveURL(`${con.origin}${href}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    decodeURIComponent(href.split('/').at(-1) as string),
  );

  await nav.getByRole('link', { name: 'Lookup' }).click();
  await expect(page).toHaveURL(at('/lookup'));
  await expect(page.getByTestId('lookupd-status').first()).toHaveText('up');
  await nav.getByRole('link', { name: 'Counter' }).click();
  await expect(page).toHaveURL(at('/counter'));
  await expect(nav.getByRole('link', { name: 'Counter' })).toHaveAttribute('aria-current', 'page');
  await nav.getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(at(''));
  await expect(nav.getByRole('link', { name: 'Home' })).toHaveAttribute('aria-current', 'page');
  expect(await sameDocument()).toBe(true);

  // the topic list keeps its search in the URL, base path included, and a reload finds it there
  await page.goto(at('/topics'));
  await page.getByLabel('Search topics').fill('ord');
  await expect(page).toHaveURL(at('/topics?q=ord'));
  await page.reload();
  await expect(page.getByLabel('Search topics')).toHaveValue('ord');
  await expect(page.locator('[data-testid="topic-row"][data-topic="orders"]')).toBeVisible();

  requests.expectInside();
});

test('the API and /ping answer under /nsq, and nothing answers outside it', async ({ request }) => {
  const topics = await request.get(at('/api/topics'));
  expect(topics.status()).toBe(200);
  expect(((await topics.json()) as { topics: string[] }).topics).toContain('orders');
  const ping = await request.get(at('/ping'));
  expect(ping.status()).toBe(200);
  expect(await ping.text()).toBe('OK');
  expect((await request.get(at('/api/nope'))).status()).toBe(404);
  for (const path of ['/', '/topics', '/api/topics', '/ping']) {
    expect((await request.get(`${con.origin}${path}`, { maxRedirects: 0 })).status(), path).toBe(404);
  }
});
