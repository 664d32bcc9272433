import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, nsqdAddresses, nsqdStats, screenshot } from './support';

/** Distinct topic and channel names over every nsqd, from nsqd itself. */
async function nsqdNames() {
  const topics = new Set<string>();
  const channels = new Set<string>();
  for (const n of nsqdAddresses()) {
    for (const t of (await nsqdStats(n)).topics) {
      topics.add(t.topic_name);
      for (const c of t.channels) channels.add(`${t.topic_name}/${c.channel_name}`);
    }
  }
  return { topics: topics.size, channels: channels.size };
}

test('home shows every node up, totals as nsqd reports them, backlogs and a live rate chart', async ({ page }) => {
  await page.goto(consoleUrl('/'));
  await expect(page.getByTestId('nodes-summary')).toHaveText(`${nsqdAddresses().length} up`);
  const truth = await nsqdNames();
  await expect(page.getByTestId('total-topics')).toHaveText(String(truth.topics));
  await expect(page.getByTestId('total-channels')).toHaveText(String(truth.channels));
  await expect(page.getByTestId('lookupds-summary')).toContainText('1 of 1 up');
  await expect(page.getByTestId('versions')).toContainText('1.3.0: 2 nodes');

  // orders/archive has no consumer: it is among the largest backlogs and never drains
  const archive = page.locator('[data-testid="largest-backlogs"] [data-testid="backlog-row"][data-channel="archive"]');
  await expect(archive).toBeVisible();
  await expect(archive.getByTestId('drain')).toHaveText('not draining');

  const chart = page.getByTestId('cluster-rate-chart-body');
  await expect(chart.locator('svg path.recharts-curve').first()).toBeVisible();
  // the newest point moves on with each poll (the count stops growing once the window is full)
  const newest = async () => Number(await chart.getAttribute('data-newest'));
  const before = await newest();
  await expect.poll(newest, { timeout: 15_000 }).toBeGreaterThan(before);

  await expect(page.getByTestId('freshness')).toHaveAttribute('data-state', 'live');
  // a three-node cluster polls at the --poll-interval given (1 s), not at an adapted one
  await expect(page.getByTestId('poll-interval')).toHaveText('· every 1 s');
  await expect(page.getByTestId('poll-interval')).toHaveAttribute('data-adapted', 'false');
  await expectAccessible(page);
  await screenshot(page, 'home');
});

test('the theme can be switched and follows the system by default', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(consoleUrl('/'));
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.getByTestId('theme-toggle').click(); // system → light
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  await screenshot(page, 'home-light');
  await page.getByTestId('theme-toggle').click(); // light → dark
  await expect(page.locator('html')).toHaveClass(/dark/);
  await expectAccessible(page);
  await screenshot(page, 'home-dark');
});

test('a topic or channel can be reached from the keyboard by name', async ({ page }) => {
  await page.goto(consoleUrl('/'));
  // the shortcut works once the page has hydrated; before that a key press does nothing
  const input = page.getByTestId('quick-jump-input');
  await expect(async () => {
    await page.keyboard.press('Control+k');
    await expect(input).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await input.fill('shipp');
  await expect(page.getByRole('option', { name: /orders \/ shipping/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/topics\/orders\/shipping$/);
});

test('when the console server cannot be reached, the page says so and keeps the last data', async ({
  page,
  allowFailure,
}) => {
  allowFailure(/\/api\//, 'network');
  await page.goto(consoleUrl('/'));
  await expect(page.getByTestId('freshness')).toHaveAttribute('data-state', 'live');
  const topics = await page.getByTestId('total-topics').innerText();
  await page.route(/\/api\//, (route) => route.abort('connectionrefused'));
  await expect(page.getByTestId('freshness')).toHaveAttribute('data-state', 'disconnected', { timeout: 30_000 });
  await expect(page.getByTestId('freshness')).toContainText('console unreachable');
  await expect(page.getByTestId('total-topics')).toHaveText(topics);
  await page.unroute(/\/api\//);
  await expect(page.getByTestId('freshness')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
});
