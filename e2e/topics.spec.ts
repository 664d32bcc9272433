// The topic list (/topics) against the real cluster of global-setup: numbers as nsqd's own /stats
// reports them, search, sorting, filters, state kept in the URL, accessibility.
import type { Locator, Page } from '@playwright/test';
import { httpRequest } from '../scripts/nsq-cluster';
import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, nsqdAddresses, nsqdTopic, PROBE, screenshot } from './support';

const rowOf = (page: Page, topic: string) => page.locator(`[data-testid="topic-row"][data-topic="${topic}"]`);

interface Shown {
  message_count: number;
  depth: number;
  channel_depth: number;
  channels: number;
  consumers: number;
}

/** The numbers of one row, read in one go so that they come from the same render. */
async function shown(row: Locator): Promise<Shown> {
  return row.evaluate((tr) => {
    const n = (id: string) =>
      Number((tr.querySelector(`[data-testid="${id}"]`)?.textContent ?? 'NaN').replace(/[^\d.-]/g, ''));
    return {
      message_count: n('topic-messages'),
      depth: n('topic-depth'),
      channel_depth: n('topic-channel-depth'),
      channels: n('topic-channels'),
      consumers: n('topic-consumers'),
    };
  });
}

/** nsqd's own numbers for a topic, summed over every nsqd (channels counted once per name). */
async function fromNsqd(topic: string): Promise<Shown> {
  const total: Shown = { message_count: 0, depth: 0, channel_depth: 0, channels: 0, consumers: 0 };
  const channels = new Set<string>();
  for (const address of nsqdAddresses()) {
    const t = await nsqdTopic(address, topic);
    if (!t) continue;
    total.message_count += t.message_count;
    total.depth += t.depth;
    for (const c of t.channels) {
      channels.add(c.channel_name);
      total.channel_depth += c.depth;
      total.consumers += c.client_count ?? 0;
    }
  }
  total.channels = channels.size;
  return total;
}

/** Names of the rows on screen, in order, with one numeric column, read in one go. */
async function rowsOnScreen(page: Page, testId: string): Promise<{ topic: string; value: number }[]> {
  return page.getByTestId('topic-list').evaluate((root, id) => {
    return [...root.querySelectorAll('[data-testid="topic-row"]')].map((tr) => ({
      topic: tr.getAttribute('data-topic') ?? '',
      value: Number((tr.querySelector(`[data-testid="${id}"]`)?.textContent ?? 'NaN').replace(/[^\d.-]/g, '')),
    }));
  }, testId);
}

test('a topic without traffic shows exactly what nsqd reports', async ({ page }) => {
  await page.goto(consoleUrl('/topics'));
  const row = rowOf(page, PROBE.topic);
  await expect(row).toBeVisible();
  const expected = await fromNsqd(PROBE.topic);
  expect(expected.channels).toBe(1);
  expect(expected.consumers).toBe(1);
  await expect.poll(() => shown(row)).toEqual(expected);
});

test('orders shows the message count and depths nsqd reports, within what traffic moves', async ({ page }) => {
  await page.goto(consoleUrl('/topics'));
  const row = rowOf(page, 'orders');
  await expect(row).toBeVisible();
  // message_count only grows: once the page has caught up with a reading of nsqd taken before,
  // what it shows lies between that reading and one taken after.
  const before = await fromNsqd('orders');
  await expect.poll(async () => (await shown(row)).message_count).toBeGreaterThanOrEqual(before.message_count);
  const onPage = await shown(row);
  const after = await fromNsqd('orders');
  expect(onPage.message_count).toBeLessThanOrEqual(after.message_count);
  expect(onPage.channels).toBe(after.channels);
  expect(onPage.consumers).toBe(after.consumers);
  // Depths move both ways (billing drains, archive and shipping back up): between the two readings,
  // give or take about a second of orders' traffic (20 msg/s into each of 3 channels).
  const slack = 60;
  for (const k of ['depth', 'channel_depth'] as const) {
    expect(onPage[k]).toBeGreaterThanOrEqual(Math.min(before[k], after[k]) - slack);
    expect(onPage[k]).toBeLessThanOrEqual(Math.max(before[k], after[k]) + slack);
  }
  // the sparkline fills from successive polls
  await expect
    .poll(async () => Number(await row.getByTestId('topic-sparkline').getAttribute('data-samples')))
    .toBeGreaterThanOrEqual(2);
});

test('search filters the rows as one types, without a server round trip per keystroke', async ({ page }) => {
  await page.goto(consoleUrl('/topics'));
  await expect(rowOf(page, 'payments')).toBeVisible();
  const pageRequests: string[] = [];
  page.on('request', (r) => {
    // the list's own polling, lazily loaded code, the header links' prefetches of other pages and
    // the browser revalidating the icon as the URL changes are fine; a request for this page (RSC)
    // per key is not
    if (new URL(r.url()).pathname === '/topics') pageRequests.push(r.url());
  });
  const search = page.getByLabel('Search topics');
  await search.pressSequentially('ORD', { delay: 30 });
  await expect(rowOf(page, 'orders')).toBeVisible();
  await expect(rowOf(page, 'payments')).toHaveCount(0);
  await expect(rowOf(page, PROBE.topic)).toHaveCount(0);
  await expect(page.getByTestId('topic-count')).toHaveText(/^1 of \d+ topics$/);
  expect(pageRequests).toEqual([]);
  await search.fill('no-such-topic');
  await expect(page.getByTestId('topic-list-empty')).toHaveText('No topic matches');
  await search.fill('');
  await expect(rowOf(page, 'payments')).toBeVisible();
});

test('sorting by channel depth orders the rows, both ways', async ({ page }) => {
  await page.goto(consoleUrl('/topics'));
  await expect(rowOf(page, 'orders')).toBeVisible();
  const names = (await rowsOnScreen(page, 'topic-channel-depth')).map((r) => r.topic);
  expect(names).toEqual([...names].sort());
  const header = page.getByRole('columnheader', { name: 'Channel depth' });
  await expect(header).toHaveAttribute('aria-sort', 'none');

  await page.getByRole('button', { name: 'Channel depth' }).click();
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  const desc = (await rowsOnScreen(page, 'topic-channel-depth')).map((r) => r.value);
  expect(desc.length).toBeGreaterThanOrEqual(4);
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  // orders backs up fastest (archive has no consumer), probe never has a message
  expect((await rowsOnScreen(page, 'topic-channel-depth'))[0]?.topic).toBe('orders');

  await page.getByRole('button', { name: 'Channel depth' }).click();
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  const asc = (await rowsOnScreen(page, 'topic-channel-depth')).map((r) => r.value);
  expect(asc).toEqual([...asc].sort((a, b) => a - b));
});

test('filters: backlog keeps topics with waiting messages; ephemeral here matches none', async ({ page }) => {
  await page.goto(consoleUrl('/topics'));
  await expect(rowOf(page, PROBE.topic)).toBeVisible();
  const backlog = page.getByTestId('topic-filter-backlog');
  await backlog.click();
  await expect(backlog).toHaveAttribute('aria-pressed', 'true');
  await expect(rowOf(page, 'orders')).toBeVisible();
  await expect(rowOf(page, PROBE.topic)).toHaveCount(0);
  for (const r of await rowsOnScreen(page, 'topic-channel-depth')) {
    const depth = Number((await rowOf(page, r.topic).getByTestId('topic-depth').innerText()).replace(/\D/g, ''));
    expect(r.value + depth).toBeGreaterThan(0);
  }
  await backlog.click();
  await expect(rowOf(page, PROBE.topic)).toBeVisible();
  await page.getByTestId('topic-filter-ephemeral').click();
  await expect(page.getByTestId('topic-list-empty')).toHaveText('No topic matches');
});

test('search, sort and filters live in the URL and survive a reload', async ({ page }) => {
  await page.goto(consoleUrl('/topics'));
  await expect(rowOf(page, 'orders')).toBeVisible();
  await page.getByLabel('Search topics').fill('r');
  await page.getByRole('button', { name: 'Channel depth' }).click();
  await page.getByTestId('topic-filter-backlog').click();
  await expect(page).toHaveURL(/\/topics\?q=r&sort=channel_depth&dir=desc&f=backlog$/);

  await page.reload();
  await expect(page.getByLabel('Search topics')).toHaveValue('r');
  await expect(page.getByRole('columnheader', { name: 'Channel depth' })).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('topic-filter-backlog')).toHaveAttribute('aria-pressed', 'true');
  await expect(rowOf(page, 'orders')).toBeVisible();
  await expect(rowOf(page, PROBE.topic)).toHaveCount(0); // no backlog
  const shownTopics = await rowsOnScreen(page, 'topic-channel-depth');
  expect(shownTopics.every((r) => r.topic.includes('r'))).toBe(true);

  // a shared link opens the same list
  await page.goto(consoleUrl('/topics?q=PAY'));
  await expect(rowOf(page, 'payments')).toBeVisible();
  await expect(rowOf(page, 'orders')).toHaveCount(0);
});

test('the list is reachable by keyboard and accessible', async ({ page }) => {
  await page.goto(consoleUrl('/topics'));
  await expect(rowOf(page, 'orders')).toBeVisible();
  await expect(rowOf(page, 'payments').getByTestId('topic-rate')).toHaveText(/\/s$/);
  await page.getByLabel('Search topics').focus();
  let reached = '';
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() =>
      document.activeElement?.getAttribute('data-testid') === 'topic-link'
        ? (document.activeElement.textContent ?? '')
        : '',
    );
  }
  expect(reached).not.toBe('');
  await expect(page.getByRole('link', { name: reached })).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, 'topics');
});

test('a paused topic shows its badge and the paused filter finds it', async ({ page }) => {
  const pause = (action: 'pause' | 'unpause') =>
    Promise.all(nsqdAddresses().map((a) => httpRequest('POST', `http://${a}/topic/${action}?topic=${PROBE.topic}`)));
  await page.goto(consoleUrl('/topics?f=paused'));
  await expect(page.getByTestId('topic-list-empty')).toHaveText('No topic matches');
  // probe has no traffic, so pausing it for a moment changes nothing another test relies on
  await pause('pause');
  try {
    await expect(rowOf(page, PROBE.topic).getByTestId('topic-badge-paused')).toHaveText('paused');
    await expect(page.getByTestId('topic-row')).toHaveCount(1);
  } finally {
    await pause('unpause');
  }
  await expect(page.getByTestId('topic-list-empty')).toBeVisible();
});
