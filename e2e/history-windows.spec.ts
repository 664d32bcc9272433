// The chart window selector offers the long windows only when the server says it has Prometheus
// behind it (GET /api/cluster's history_sources). The browser tests' console has none, so the
// server's answer is rewritten here; the real Prometheus path is tested in lib/metrics.int.test.ts.

import { expect, test } from './fixtures';
import { consoleUrl } from './support';

// A route handler still rewriting a poll's answer when a test ends must not fail it (its response is gone).
test.afterEach(({ page }) => page.unrouteAll({ behavior: 'ignoreErrors' }));

const windowButtons = (page: import('@playwright/test').Page) =>
  page.getByRole('group', { name: 'Chart window' }).first().getByRole('button');

test('without Prometheus, only the in-memory windows are offered', async ({ page }) => {
  await page.goto(consoleUrl('/topics/orders?window=24h'));
  await expect(windowButtons(page)).toHaveText(['5m', '15m', '1h']);
  // a long window in the URL that this server cannot answer falls back to the default
  await expect(page.getByRole('button', { name: '15m', exact: true }).first()).toHaveAttribute('aria-pressed', 'true');
});

test('with Prometheus, 6h, 24h and 7d are offered and asked of /api/history', async ({ page }) => {
  await page.route(/\/api\/cluster(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    await route.fulfill({
      response: res,
      json: {
        ...body,
        history_sources: { memory_retention_ms: 3_600_000, prometheus: true, max_window_ms: 31 * 86_400_000 },
      },
    });
  });
  const asked: string[] = [];
  await page.route(/\/api\/history\?/, async (route) => {
    const url = new URL(route.request().url());
    const window = url.searchParams.get('window') ?? '';
    asked.push(window);
    if (window !== '24h') return route.continue();
    // what a console with Prometheus answers: the in-memory shape, one point per step
    const now = Date.now();
    const step = 192_000;
    const points = Array.from({ length: 451 }, (_, i) => ({
      t: now - (450 - i) * step,
      depth: i % 50,
      channel_depth: 0,
      in_flight_count: 0,
      deferred_count: 0,
      message_rate: 1,
    }));
    await route.fulfill({
      json: {
        source: 'prometheus',
        key: { kind: 'topic', topic: 'orders' },
        metrics: Object.keys(points[0] ?? {}).slice(1),
        step_ms: step,
        window_ms: 86_400_000,
        now,
        points,
      },
    });
  });
  await page.goto(consoleUrl('/topics/orders'));
  await expect(windowButtons(page)).toHaveText(['5m', '15m', '1h', '6h', '24h', '7d']);
  await page.getByRole('button', { name: '24h', exact: true }).first().click();
  await expect(page).toHaveURL(/window=24h/);
  await expect(page.getByTestId('chart-topic-depth-body')).toHaveAttribute('data-points', '451');
  await expect(page.getByTestId('chart-topic-depth-body').locator('path.recharts-curve').first()).toBeAttached();
  expect(asked).toContain('24h');
});
