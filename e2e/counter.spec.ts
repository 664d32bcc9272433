// The Counter page against the real cluster: the total is the sum of every channel's message_count
// in nsqd's own /stats, and it grows with the traffic.
import { expect, test } from './fixtures';
import { consoleUrl, expectAccessible, nsqdAddresses, nsqdStats, screenshot } from './support';

/** Every channel's message_count on every nsqd, summed, as nsqadmin's counter does. */
async function nsqdTotal(): Promise<number> {
  let sum = 0;
  for (const nsqd of nsqdAddresses()) {
    for (const t of (await nsqdStats(nsqd)).topics) for (const c of t.channels) sum += c.message_count;
  }
  return sum;
}

test('shows the total nsqd reports, and it grows', async ({ page }) => {
  const before = await nsqdTotal();
  await page.goto(consoleUrl('/counter'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Messages Processed');
  const counter = page.getByTestId('counter-value');
  const value = async () => Number(await counter.getAttribute('data-value'));
  // counts only grow, so once the page shows at least `before` its sample is newer than that reading
  await expect.poll(value, { timeout: 20_000 }).toBeGreaterThanOrEqual(before);
  const shown = await value();
  const after = await nsqdTotal();
  expect(shown).toBeLessThanOrEqual(after);

  // the displayed text counts up to the sample: never ahead of it
  const text = Number((await counter.innerText()).replace(/,/g, ''));
  expect(text).toBeLessThanOrEqual(await value());
  expect(text).toBeGreaterThan(0);

  await expect.poll(value, { timeout: 20_000 }).toBeGreaterThan(shown);
  await expect(page.getByTestId('counter-rate')).toHaveText(/\/s$/);
  await expectAccessible(page);
  await screenshot(page, 'counter');
});

test('with reduced motion the number jumps straight to each sample', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(consoleUrl('/counter'));
  const counter = page.getByTestId('counter-value');
  await expect(counter).toHaveAttribute('data-value', /^\d+$/);
  await expect
    .poll(async () => {
      const v = await counter.evaluate((el) => [el.getAttribute('data-value'), el.textContent]);
      return Number(v[1]?.replace(/,/g, '')) === Number(v[0]);
    })
    .toBe(true);
});
