// The Node page against the real cluster: the numbers nsqd's own /stats reports, and the hostile
// consumer's strings shown as text with nothing executed.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, HOSTILE, nsqdAddresses, nsqdTopic, PROBE, screenshot } from './support';

const fmt = (n: number) => n.toLocaleString('en-US');

async function expectNothingInjected(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  // the hostile strings, had they been parsed as HTML, would have made these
  expect(await page.locator('main img, main script').count()).toBe(0);
  expect(await page.locator('[onerror], [onload]').count()).toBe(0);
  // the data the page was rendered with travels in Next's scripts (self.__next_f), as escaped JSON
  expect(
    await page.evaluate(() =>
      [...document.scripts].some((s) => s.text.includes('__xss') && !s.text.startsWith('self.__next_f')),
    ),
  ).toBe(false);
}

test('shows the probe topic exactly as nsqd /stats does, and the hostile client as text', async ({ page }) => {
  const [first] = nsqdAddresses();
  const node = first as string;
  const stats = await nsqdTopic(node, PROBE.topic);
  if (!stats) throw new Error(`${PROBE.topic} missing on ${node}`);
  const channel = stats.channels.find((c) => c.channel_name === PROBE.channel);
  if (!channel) throw new Error(`${PROBE.channel} missing`);

  await page.goto(consoleUrl(`/nodes/${encodeURIComponent(node)}`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(node);
  await expect(
    page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Nodes' }),
  ).toHaveAttribute('href', '/nodes');

  const topic = page.locator(`[data-testid="node-topic"][data-topic="${PROBE.topic}"]`);
  await expect(topic).toBeVisible();
  // probe carries no traffic, so its numbers hold still
  await expect(topic.getByTestId('topic-depth')).toHaveText(fmt(stats.depth));
  await expect(topic.getByTestId('topic-messages')).toHaveText(fmt(stats.message_count));
  await expect(topic.getByTestId('topic-channel-count')).toHaveText(fmt(stats.channels.length));
  await expect(topic.getByRole('link', { name: PROBE.topic, exact: true })).toHaveAttribute(
    'href',
    `/topics/${PROBE.topic}`,
  );

  const row = topic.locator(`[data-testid="node-channel"][data-channel="${PROBE.channel}"]`);
  await expect(row.getByTestId('channel-depth')).toHaveText(fmt(channel.depth));
  await expect(row.getByTestId('channel-in-flight')).toHaveText(fmt(channel.in_flight_count));
  await expect(row.getByTestId('channel-deferred')).toHaveText(fmt(channel.deferred_count));
  await expect(row.getByTestId('channel-requeued')).toHaveText(fmt(channel.requeue_count));
  await expect(row.getByTestId('channel-timed-out')).toHaveText(fmt(channel.timeout_count));
  await expect(row.getByTestId('channel-messages')).toHaveText(fmt(channel.message_count));
  await expect(row.getByTestId('channel-connections')).toHaveText(fmt(channel.client_count ?? 0));
  await expect(row.getByRole('link', { name: PROBE.channel })).toHaveAttribute(
    'href',
    `/topics/${PROBE.topic}/${PROBE.channel}`,
  );

  const client = topic.locator(
    `[data-testid="node-channel-clients"][data-channel="${PROBE.channel}"] [data-testid="client-row"]`,
  );
  await expect(client).toHaveCount(1);
  // the client table is the channel page's: hostname:port
  await expect(client.getByTestId('client-host')).toContainText(HOSTILE.hostname);
  await expect(client.getByTestId('client-id')).toHaveText(HOSTILE.clientId);
  await expect(client.getByTestId('user-agent')).toHaveText(HOSTILE.userAgent);
  await expectNothingInjected(page);

  // the summary and what nsqadmin never showed
  await expect(page.getByTestId('node-health')).toHaveText('OK');
  await expect(page.getByTestId('node-version')).toHaveText('1.3.0');
  await expect(page.getByTestId('node-memory')).toBeVisible();
  await expect(page.getByTestId('node-heap-objects')).toHaveText(/^\d[\d,]*$/);
  await expect(page.getByTestId('node-depth-chart-body')).not.toHaveAttribute('data-points', '0');

  await expectAccessible(page);
  await screenshot(page, 'node');
});

test('an unknown node says so', async ({ page, allowFailure }) => {
  // its details, and its chart's history while the page does not know yet that there is no such node
  allowFailure(/\/api\/(nodes\/|history\?node=)nowhere\.invalid%3A4151($|&)/, 404);
  await page.goto(consoleUrl(`/nodes/${encodeURIComponent('nowhere.invalid:4151')}`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Node not found');
  await expect(page.getByTestId('node-not-found')).toContainText('nowhere.invalid:4151');
  await expectAccessible(page);
});
