// The health rules in the browser: a backlog over its rule's threshold shows, in the rule's words, on
// the channel page, the topic page and the home page, counts in the header and lists on the Alerts
// page; emptying the channel resolves it everywhere, and the empty is an event, marked on the chart.
import { publish } from '../scripts/traffic';
import { expect, test } from './fixtures';
import { ALERTING, consoleUrl, expectAccessible, nsqdAddresses, screenshot } from './support';

test('a backlog alert fires on the channel, shows wherever the channel does, and resolves', async ({ page }) => {
  const nsqd = nsqdAddresses()[0] as string;
  await publish(
    nsqd,
    ALERTING.topic,
    Array.from({ length: 100 }, (_, i) => `m${i}`),
  );

  await page.goto(consoleUrl(`/topics/${ALERTING.topic}/${ALERTING.channel}`));
  const notice = page.locator(`[data-testid="alert-notice"][data-rule="${ALERTING.rule}"]`);
  await expect(notice).toHaveAttribute('data-state', 'firing', { timeout: 15_000 });
  await expect(notice.getByTestId('alert-words')).toContainText(`backlog 100 > ${ALERTING.threshold} for `);
  await expect(notice).toContainText('critical');
  await expect(page.getByTestId('alert-count')).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, 'alert-channel-page');

  await page.goto(consoleUrl(`/topics/${ALERTING.topic}`));
  await expect(notice).toContainText(`${ALERTING.topic} / ${ALERTING.channel}`);
  // the offending row of the topic's channel table is marked, the rule's words in its badge's title
  const channelRow = page.locator(`[data-testid="channel-row"][data-channel="${ALERTING.channel}"]`);
  await expect(channelRow).toHaveAttribute('data-alert', 'firing');
  await expect(channelRow.locator(`[data-testid="row-alert"][data-rule="${ALERTING.rule}"] span`)).toHaveAttribute(
    'title',
    new RegExp(`^backlog 100 > ${ALERTING.threshold} for `),
  );

  await page.goto(consoleUrl('/alerts'));
  const row = page.getByTestId('alerts-firing').locator(`[data-testid="alert-row"][data-rule="${ALERTING.rule}"]`);
  await expect(row).toContainText(`${ALERTING.topic} / ${ALERTING.channel}`);
  await expect(row.getByTestId('alert-words')).toContainText(`backlog 100 > ${ALERTING.threshold}`);
  await expect(page.locator(`[data-testid="alert-rule"][data-rule="${ALERTING.rule}"]`)).toContainText(
    `depth > ${ALERTING.threshold}`,
  );
  await expectAccessible(page);
  await screenshot(page, 'alerts-page');

  // emptied through the console by a named caller: the Alerts page moves the alert to resolved within
  // a poll or two, with no reload, and lists the empty as an event
  const res = await page.request.post(consoleUrl(`/api/topics/${ALERTING.topic}/${ALERTING.channel}`), {
    data: { action: 'empty' },
    headers: { 'X-Forwarded-User': 'alice' },
  });
  expect(res.status()).toBe(200);
  await expect(row).toHaveCount(0, { timeout: 15_000 });
  await expect(
    page.getByTestId('alerts-resolved').locator(`[data-testid="alert-row"][data-rule="${ALERTING.rule}"]`).first(),
  ).toBeVisible();
  // the console runs without access control here: the name is the request's own claim
  await expect(page.locator('[data-testid="event-row"][data-kind="action"]').first()).toContainText(
    'channel emptied by alice (unverified)',
  );

  // the channel's depth chart marks the empty beside the drop it caused
  await page.goto(consoleUrl(`/topics/${ALERTING.topic}/${ALERTING.channel}`));
  await expect(page.getByTestId('chart-channel-counts')).toContainText('channel emptied by alice (unverified)');
  await expect(notice).toHaveCount(0);
  await screenshot(page, 'event-marker-channel-chart');
});
