// The topic page against a real cluster: nsqd's own numbers, live channels, moving charts, and the
// states a topic page can be in (down node, unknown topic).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, nsqdAddresses, nsqdTopic, PROBE, screenshot } from './support';

// A route handler still rewriting a poll's answer when a test ends must not fail it (its response is gone).
test.afterEach(({ page }) => page.unrouteAll({ behavior: 'ignoreErrors' }));

const fmt = (n: number) => n.toLocaleString('en-US');
const sum = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
type WithBackend<T> = T & { backend_depth: number };

async function readNumber(page: Page, selector: string): Promise<number> {
  return Number((await page.locator(selector).first().innerText()).replace(/[^\d.-]/g, ''));
}

test('the probe topic shows exactly what each nsqd reports', async ({ page }) => {
  await page.goto(consoleUrl(`/topics/${PROBE.topic}`));
  await expect(page.getByTestId('topic-node-table')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(PROBE.topic);

  let depth = 0;
  let messages = 0;
  const channels: WithBackend<NonNullable<Awaited<ReturnType<typeof nsqdTopic>>>['channels'][number]>[] = [];
  for (const nsqd of nsqdAddresses()) {
    const s = (await nsqdTopic(nsqd, PROBE.topic)) as
      | WithBackend<NonNullable<Awaited<ReturnType<typeof nsqdTopic>>>>
      | undefined;
    const row = page.locator(`[data-testid="node-row"][data-node="${nsqd}"]`);
    if (!s) {
      await expect(row).toHaveCount(0);
      continue;
    }
    depth += s.depth;
    messages += s.message_count;
    channels.push(...(s.channels as (typeof channels)[number][]));
    await expect(row.getByTestId('depth')).toHaveText(fmt(s.depth));
    await expect(row.getByTestId('memory-disk')).toHaveText(
      `${fmt(s.depth - s.backend_depth)} + ${fmt(s.backend_depth)}`,
    );
    await expect(row.getByTestId('messages')).toHaveText(fmt(s.message_count));
    await expect(row.getByTestId('channels')).toHaveText(fmt(s.channels.length));
  }
  expect(channels.length).toBeGreaterThan(0);
  const total = page.getByTestId('topic-node-table').getByTestId('total-row');
  await expect(total.getByTestId('depth')).toHaveText(fmt(depth));
  await expect(total.getByTestId('messages')).toHaveText(fmt(messages));
  await expect(page.getByTestId('stat-depth')).toHaveText(fmt(depth));
  await expect(page.getByTestId('stat-messages')).toHaveText(fmt(messages));

  const hostile = channels.filter((c) => c.channel_name === PROBE.channel);
  const row = page.locator(`[data-testid="channel-row"][data-channel="${PROBE.channel}"]`);
  await expect(row.getByTestId('depth')).toHaveText(fmt(sum(hostile, (c) => c.depth)));
  await expect(row.getByTestId('memory-disk')).toHaveText(
    `${fmt(sum(hostile, (c) => c.depth - c.backend_depth))} + ${fmt(sum(hostile, (c) => c.backend_depth))}`,
  );
  await expect(row.getByTestId('in-flight')).toHaveText(fmt(sum(hostile, (c) => c.in_flight_count)));
  await expect(row.getByTestId('deferred')).toHaveText(fmt(sum(hostile, (c) => c.deferred_count)));
  await expect(row.getByTestId('requeued')).toHaveText(fmt(sum(hostile, (c) => c.requeue_count)));
  await expect(row.getByTestId('timed-out')).toHaveText(fmt(sum(hostile, (c) => c.timeout_count)));
  await expect(row.getByTestId('messages')).toHaveText(fmt(sum(hostile, (c) => c.message_count)));
  await expect(row.getByTestId('connections')).toHaveText(fmt(sum(hostile, (c) => c.client_count ?? 0)));
  await expect(page.getByTestId('node-down')).toHaveCount(0);
  await expectAccessible(page);
});

test('the orders topic lists its channels, and the backed-up one grows on screen', async ({ page }) => {
  await page.goto(consoleUrl('/topics/orders'));
  for (const c of ['billing', 'shipping', 'archive']) {
    await expect(page.locator(`[data-testid="channel-row"][data-channel="${c}"]`)).toBeVisible();
  }
  const shipping = '[data-testid="channel-row"][data-channel="shipping"] [data-testid="depth"]';
  const first = await readNumber(page, shipping);
  await expect.poll(() => readNumber(page, shipping), { timeout: 20_000 }).toBeGreaterThan(first);
  // archive has no consumer: its backlog can only grow
  await expect(page.locator('[data-testid="channel-row"][data-channel="archive"] [data-testid="drain"]')).toHaveText(
    'not draining',
  );
  await expect(page.getByTestId('stat-drain')).toContainText('not draining');
  // the channel link keeps nsqadmin's path
  await expect(page.getByRole('link', { name: 'billing', exact: true })).toHaveAttribute(
    'href',
    '/topics/orders/billing',
  );
});

test('charts draw points that move, for the topic and each channel', async ({ page }) => {
  await page.goto(consoleUrl('/topics/orders?window=5m'));
  await expect(page.getByRole('button', { name: '5m', exact: true })).toHaveAttribute('aria-pressed', 'true');
  for (const id of ['chart-topic-depth', 'chart-topic-rate', 'chart-channel-shipping']) {
    const body = page.getByTestId(`${id}-body`);
    await expect(body.locator('path.recharts-curve').first()).toBeAttached();
    // the newest point moves on with each poll (the count stops growing once the window is full)
    const newest = async () => Number(await body.getAttribute('data-newest'));
    const before = await newest();
    await expect.poll(newest, { timeout: 20_000 }).toBeGreaterThan(before);
  }
  await page.getByRole('button', { name: '15m', exact: true }).click();
  await expect(page).toHaveURL(/window=15m/);
  await expect(page.getByTestId('chart-topic-depth-body').locator('path.recharts-curve').first()).toBeAttached();
  await expectAccessible(page);
  await screenshot(page, 'topic');
});

test('a node that did not answer is a row of its own, with its error', async ({ page }) => {
  const ghost = '10.255.255.1:4151';
  await page.route('**/api/cluster/topics/orders', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    await route.fulfill({ response: res, json: { ...body, unavailable_nodes: [ghost] } });
  });
  await page.route(/\/api\/cluster(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    const error = { kind: 'network', node: ghost, message: 'connect ECONNREFUSED 10.255.255.1:4151' };
    const nodes = [
      ...body.nodes,
      { ...body.nodes[0], node: ghost, address: ghost, hostname: 'ghost', status: 'down', error },
    ];
    await route.fulfill({ response: res, json: { ...body, nodes } });
  });
  await page.goto(consoleUrl('/topics/orders'));
  const down = page.locator(`[data-testid="node-down"][data-node="${ghost}"]`);
  await expect(down).toContainText('ECONNREFUSED');
  await expect(down).toContainText('down');
  await expect(page.getByTestId('upstream-warnings')).toContainText(ghost);
  // the nodes that answered are still there
  for (const nsqd of nsqdAddresses())
    await expect(page.locator(`[data-testid="node-row"][data-node="${nsqd}"]`)).toBeVisible();
});

test('a topic without channels says where its messages go', async ({ page }) => {
  await page.route('**/api/cluster/topics/orders', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    await route.fulfill({ response: res, json: { ...body, channels: [], channel_count: 0 } });
  });
  await page.goto(consoleUrl('/topics/orders'));
  await expect(
    page.getByText('No channels exist for this topic. Messages will queue at the topic until a channel is created.'),
  ).toBeVisible();
  await expect(page.getByTestId('channel-table')).toHaveCount(0);
});

test('a topic that does not exist says so', async ({ page, allowFailure }) => {
  allowFailure(/\/api\/cluster\/topics\/no-such-topic$/, 404);
  await page.goto(consoleUrl('/topics/no-such-topic'));
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Topic not found');
  await expect(page.getByTestId('not-found')).toContainText('no-such-topic');
});
