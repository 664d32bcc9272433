// The message tools in the browser: a live tail on the topic page shows what is published (through
// its own form and from outside) as inert text, with trace links, holds still while paused and leaves
// no channel in nsqd once the page is left; the channel page's Redrive dialog says how many messages
// will move where, and moves them.
import { httpRequest } from '../scripts/nsq-cluster';
import { publish } from '../scripts/traffic';
import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, nsqdAddresses, nsqdTopic, numberIn, screenshot } from './support';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

async function create(nsqd: string, topic: string, channel: string) {
  await httpRequest('POST', `http://${nsqd}/topic/create?topic=${topic}`);
  await httpRequest('POST', `http://${nsqd}/channel/create?topic=${topic}&channel=${channel}`);
}

test('tail shows messages live as text, with trace links, pause and filter, and leaves no channel', async ({
  page,
}) => {
  const nsqd = nsqdAddresses()[0] as string;
  await create(nsqd, 'e2e-tail', 'work');
  await page.goto(consoleUrl('/topics/e2e-tail'));
  const panel = page.getByTestId('messages-panel');
  await panel.getByTestId('tail-start').click();
  await expect(panel.getByTestId('tail-status')).toContainText('Live on 1 node', { timeout: 15_000 });

  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  await panel.getByTestId('publish-body').fill(hostile);
  await panel.getByTestId('publish-submit').click();
  await expect(page.getByTestId('action-toast').first()).toContainText('published on 1 of 1 node');
  const rows = panel.getByTestId('tail-message');
  await expect(rows.first()).toContainText(hostile);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  const traced = JSON.stringify({ order: 17, trace_id: TRACE_ID, span_id: '00f067aa0ba902b7' });
  await publish(nsqd, 'e2e-tail', [traced]);
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId('trace-link')).toHaveAttribute(
    'href',
    `http://jaeger.example:16686/trace/${TRACE_ID}`,
  );
  await rows.first().getByRole('button').first().click();
  await expect(rows.first().getByTestId('body-kind')).toHaveText('JSON');
  await expect(rows.first().getByTestId('body-text')).toContainText('"order": 17');
  await expectAccessible(page);
  await screenshot(page, 'messages-tail');

  // paused, the list holds still and counts what came; resumed, it shows it
  await panel.getByTestId('tail-pause').click();
  await publish(nsqd, 'e2e-tail', ['while paused']);
  await expect(panel.getByTestId('tail-resume')).toContainText('(1 new)');
  await expect(rows).toHaveCount(2);
  await panel.getByTestId('tail-resume').click();
  await expect(rows.first()).toContainText('while paused');
  await panel.getByTestId('tail-filter').fill('ORDER');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('"order":17');

  // leaving the page ends the tail, and nsqd drops its channel
  await page.goto(consoleUrl('/topics'));
  await expect
    .poll(async () => (await nsqdTopic(nsqd, 'e2e-tail'))?.channels.map((c) => c.channel_name), { timeout: 15_000 })
    .toEqual(['work']);
});

test('the Redrive dialog says how many messages move where, and moves them', async ({ page }) => {
  const [first, second] = nsqdAddresses() as [string, string];
  await create(first, 'e2e-dlq', 'dead');
  await create(second, 'e2e-redriven', 'work');
  const letters = Array.from({ length: 20 }, (_, i) =>
    JSON.stringify({
      original_topic: 'e2e-redriven',
      original_channel: 'work',
      message_id: `m${i}`,
      body: `order ${i}`,
    }),
  );
  await publish(first, 'e2e-dlq', letters);
  await page.goto(consoleUrl('/topics/e2e-dlq/dead'));
  await expect.poll(() => numberIn(page, 'stat-depth'), { timeout: 15_000 }).toBe(20);

  await page.getByTestId('action-redrive').click();
  const dialog = page.getByTestId('redrive-dialog');
  await expect(dialog.getByTestId('redrive-summary')).toHaveText(
    'Up to 20 of the 20 messages queued in this channel at the last poll will move to each message’s original_topic.',
  );
  await dialog.getByTestId('redrive-max').fill('15');
  await expect(dialog.getByTestId('redrive-summary')).toContainText('Up to 15 of the 20 messages');
  await expectAccessible(page);
  await screenshot(page, 'redrive-dialog');
  await dialog.getByTestId('confirm-redrive').click();
  await expect(page.getByTestId('redrive-progress')).toHaveText(
    'Redrive done: 15 messages moved to each message’s original_topic',
    { timeout: 15_000 },
  );
  await expect.poll(async () => (await nsqdTopic(second, 'e2e-redriven'))?.channels[0]?.depth).toBe(15);
  await expect.poll(async () => (await nsqdTopic(first, 'e2e-dlq'))?.channels[0]?.depth).toBe(5);
  await expect.poll(() => numberIn(page, 'stat-depth'), { timeout: 15_000 }).toBe(5);
});
