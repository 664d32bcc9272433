// The channel page against a real cluster: nsqd's own numbers, hostile client strings shown as text,
// moving charts, thousands of clients, and the states a channel page can be in.

import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, HOSTILE, nsqdAddresses, nsqdTopic, PROBE, screenshot } from './support';

// A route handler still rewriting a poll's answer when a test ends must not fail it (its response is gone).
test.afterEach(({ page }) => page.unrouteAll({ behavior: 'ignoreErrors' }));

const fmt = (n: number) => n.toLocaleString('en-US');

test('the probe/hostile channel shows exactly what each nsqd reports', async ({ page }) => {
  await page.goto(consoleUrl(`/topics/${PROBE.topic}/${PROBE.channel}`));
  await expect(page.getByTestId('channel-node-table')).toBeVisible();
  let total = { depth: 0, in_flight: 0, messages: 0, clients: 0 };
  let seen = 0;
  for (const nsqd of nsqdAddresses()) {
    const t = await nsqdTopic(nsqd, PROBE.topic);
    const c = t?.channels.find((x) => x.channel_name === PROBE.channel) as
      | (NonNullable<typeof t>['channels'][number] & { backend_depth: number })
      | undefined;
    const row = page.locator(`[data-testid="node-row"][data-node="${nsqd}"]`);
    if (!c) {
      await expect(row).toHaveCount(0);
      continue;
    }
    seen++;
    await expect(row.getByTestId('depth')).toHaveText(fmt(c.depth));
    await expect(row.getByTestId('memory-disk')).toHaveText(
      `${fmt(c.depth - c.backend_depth)} + ${fmt(c.backend_depth)}`,
    );
    await expect(row.getByTestId('in-flight')).toHaveText(fmt(c.in_flight_count));
    await expect(row.getByTestId('deferred')).toHaveText(fmt(c.deferred_count));
    await expect(row.getByTestId('requeued')).toHaveText(fmt(c.requeue_count));
    await expect(row.getByTestId('timed-out')).toHaveText(fmt(c.timeout_count));
    await expect(row.getByTestId('messages')).toHaveText(fmt(c.message_count));
    await expect(row.getByTestId('connections')).toHaveText(fmt(c.client_count ?? 0));
    total = {
      depth: total.depth + c.depth,
      in_flight: total.in_flight + c.in_flight_count,
      messages: total.messages + c.message_count,
      clients: total.clients + (c.client_count ?? 0),
    };
  }
  expect(seen).toBeGreaterThan(0);
  const totalRow = page.getByTestId('total-row');
  await expect(totalRow.getByTestId('depth')).toHaveText(fmt(total.depth));
  await expect(totalRow.getByTestId('messages')).toHaveText(fmt(total.messages));
  await expect(page.getByTestId('stat-depth')).toHaveText(fmt(total.depth));
  await expect(page.getByTestId('stat-in-flight')).toHaveText(fmt(total.in_flight));
  await expect(page.getByTestId('stat-consumers')).toHaveText(fmt(total.clients));
  await expect(page.getByTestId('client-row')).toHaveCount(total.clients);
  await expect(page.getByTestId('node-down')).toHaveCount(0);
});

test('hostile client strings appear literally as text and nothing executes', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const res = await page.goto(consoleUrl(`/topics/${PROBE.topic}/${PROBE.channel}`));
  // the server's HTML holds them escaped: as text, and in the page's data (JSON in Next's own scripts)
  const html = (await res?.text()) ?? '';
  for (const hostile of Object.values(HOSTILE)) expect(html).not.toContain(hostile);
  const row = page.getByTestId('client-row').first();
  await expect(row.getByTestId('client-host')).toContainText(HOSTILE.hostname);
  await expect(row.getByTestId('client-id')).toHaveText(HOSTILE.clientId);
  await expect(row.getByTestId('user-agent')).toHaveText(HOSTILE.userAgent);
  await page.waitForTimeout(2_500); // a refetch or two, in case a later render would inject
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  const injected = await page.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"], [onerror]').length,
    // the data the page was rendered with travels in Next's scripts (self.__next_f), as escaped JSON
    script: [...document.querySelectorAll('script')].filter(
      (s) => s.textContent?.includes('__xss') && !s.textContent.startsWith('self.__next_f'),
    ).length,
    svg: document.querySelectorAll('svg[onload], [onload]').length,
  }));
  expect(injected).toEqual({ img: 0, script: 0, svg: 0 });
  expect(dialogs).toEqual([]);

  // grouping folds the one client under its (hostile) hostname, still as text
  await page.getByTestId('group-by-hostname').click();
  const group = page.getByTestId('client-group');
  await expect(group).toHaveCount(1);
  await expect(group.getByRole('button')).toHaveText(HOSTILE.hostname);
  await expect(group.getByTestId('group-clients')).toHaveText('1');
  await group.getByRole('button').click();
  await expect(page.getByTestId('client-row')).toHaveCount(1);
  await expectAccessible(page);
  await screenshot(page, 'channel-hostile');
});

test('charts on the channel page draw points that move', async ({ page }) => {
  await page.goto(consoleUrl('/topics/orders/billing?window=5m'));
  await expect(page.getByTestId('client-row').first()).toBeVisible();
  for (const id of ['chart-channel-counts', 'chart-channel-rates']) {
    const body = page.getByTestId(`${id}-body`);
    await expect(body.locator('path.recharts-curve').first()).toBeAttached();
    // the newest point moves on with each poll (the count stops growing once the window is full)
    const newest = async () => Number(await body.getAttribute('data-newest'));
    const before = await newest();
    await expect.poll(newest, { timeout: 20_000 }).toBeGreaterThan(before);
  }
  await expect(page.getByTestId('stat-rate-consumed')).not.toHaveText('—');
  await expectAccessible(page);
  await screenshot(page, 'channel');
});

test('an ephemeral channel opens from its URL-encoded path', async ({ page }) => {
  await page.goto(consoleUrl('/topics/clicks'));
  const link = page.getByRole('link', { name: 'tail#ephemeral' });
  await expect(link).toHaveAttribute('href', '/topics/clicks/tail%23ephemeral');
  await link.click();
  await expect(page.getByTestId('page-name')).toHaveText('tail#ephemeral');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('ephemeral');
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'clicks' }),
  ).toHaveAttribute('href', '/topics/clicks');
});

test('thousands of clients stay usable: virtualized rows and groups', async ({ page }) => {
  const N = 5_000;
  await page.route('**/api/cluster/topics/orders/channels/billing', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    const template = body.clients[0];
    const clients = Array.from({ length: N }, (_, i) => ({
      ...template,
      client_id: `worker-${i}`,
      hostname: `host-${i % 50}.example.com`,
      remote_address: `10.1.${Math.floor(i / 250)}.${i % 250}:${40000 + i}`,
      user_agent: i % 2 ? 'go-nsq/1.1.0' : 'pynsq/0.9.1',
    }));
    await route.fulfill({ response: res, json: { ...body, clients } });
  });
  await page.goto(consoleUrl('/topics/orders/billing'));
  await expect(page.getByTestId('client-count')).toHaveText(`${fmt(N)} clients`);
  const rendered = await page.getByTestId('client-row').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(100);
  // scrolling to the end renders the last client
  await page.getByRole('region', { name: 'Client connections' }).evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('client-row').last()).toHaveAttribute('aria-rowindex', String(N + 1));
  await page.getByTestId('group-by-user_agent').click();
  await expect(page.getByTestId('client-group')).toHaveCount(2);
  await expect(page.getByTestId('group-clients').first()).toHaveText(fmt(N / 2));
  await page.getByTestId('group-by-hostname').click();
  // 50 hosts: the groups are virtualised too, so the table counts them rather than the rows mounted
  await expect(page.getByTestId('client-group-table')).toHaveAttribute('aria-rowcount', '51');
  await expect(page.getByTestId('group-clients').first()).toHaveText(fmt(N / 50));
  await page.getByRole('searchbox').fill('worker-4999');
  await page.getByTestId('group-by-none').click();
  await expect(page.getByTestId('client-row')).toHaveCount(1);
});

test('a node that did not answer is a row of its own on the channel page', async ({ page }) => {
  const ghost = '10.255.255.1:4151';
  await page.route('**/api/cluster/topics/orders/channels/billing', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    const errors = [{ kind: 'timeout', node: ghost, message: 'timed out after 5000 ms' }];
    await route.fulfill({ response: res, json: { ...body, errors } });
  });
  await page.goto(consoleUrl('/topics/orders/billing'));
  await expect(page.locator(`[data-testid="node-down"][data-node="${ghost}"]`)).toContainText(
    'timed out after 5000 ms',
  );
  await expect(page.getByTestId('upstream-warnings')).toContainText(ghost);
});

test('a channel that does not exist says so', async ({ page, allowFailure }) => {
  allowFailure(/\/api\/cluster\/topics\/(orders\/channels\/no-such-channel|no-such-topic\/channels\/whatever)$/, 404);
  await page.goto(consoleUrl('/topics/orders/no-such-channel'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Channel not found');
  await page.goto(consoleUrl('/topics/no-such-topic/whatever'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Channel not found');
});
