// Every page on a phone (390 × 844, an iPhone 14's CSS pixels): the page never scrolls sideways (wide
// tables scroll inside their cards), and an operator can still pause a channel at 3 a.m.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { consoleUrl, nsqdAddresses, PROBE, screenshot } from './support';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

/** a node's page asks nsqd itself, which takes long on a loaded machine */
const SHOWN = { timeout: 30_000 };

const PAGES: [string, () => string, (page: Page) => Promise<void>][] = [
  ['home', () => '/', (p) => expect(p.getByTestId('topic-row').first()).toBeVisible(SHOWN)],
  ['topics', () => '/topics', (p) => expect(p.getByTestId('topic-row').first()).toBeVisible(SHOWN)],
  [
    'a topic',
    () => '/topics/orders',
    (p) => expect(p.locator('[data-testid="channel-row"][data-channel="billing"]')).toBeVisible(SHOWN),
  ],
  ['a channel', () => '/topics/orders/billing', (p) => expect(p.getByTestId('client-row').first()).toBeVisible(SHOWN)],
  [
    'a channel with a hostile client',
    () => `/topics/${PROBE.topic}/${PROBE.channel}`,
    (p) => expect(p.getByTestId('client-row').first()).toBeVisible(SHOWN),
  ],
  ['nodes', () => '/nodes', (p) => expect(p.getByTestId('nodes-table')).toBeVisible(SHOWN)],
  [
    'a node',
    () => `/nodes/${encodeURIComponent(nsqdAddresses()[0] as string)}`,
    (p) => expect(p.getByTestId('client-row').first()).toBeVisible(SHOWN),
  ],
  ['lookup', () => '/lookup', (p) => expect(p.getByTestId('lookupd-status').first()).toHaveText('up', SHOWN)],
  ['counter', () => '/counter', (p) => expect(p.getByTestId('counter-value')).not.toHaveText('—', SHOWN)],
];

/**
 * What sticks out past the right edge of the screen, outermost first, so that a failure names the
 * culprit: elements not clipped by a scroll box that itself fits.
 */
function protruding(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const edge = document.documentElement.clientWidth + 0.5;
    const sticksOut = (el: Element) => {
      if (el.getBoundingClientRect().right <= edge) return false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= edge) return false;
      }
      return true;
    };
    const name = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const right = Math.round(el.getBoundingClientRect().right);
      return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}.${[...el.classList].slice(0, 4).join('.')} (right edge ${right})`;
    };
    return [...document.body.querySelectorAll('*')]
      .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)))
      .slice(0, 5)
      .map(name);
  });
}

for (const [name, path, shown] of PAGES) {
  test(`${name} does not scroll sideways on a phone`, async ({ page }) => {
    await page.goto(consoleUrl(path()));
    await shown(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `wider than the phone: ${(await protruding(page)).join('; ')}`).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, `phone-${name.replaceAll(' ', '-')}`);
  });
}

test('a channel can be paused from a phone: the button is on screen and nothing covers it', async ({ page }) => {
  await page.goto(consoleUrl('/topics/orders/billing'));
  const pause = page.getByTestId('action-pause');
  await expect(pause).toBeVisible(SHOWN);
  const box = await pause.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  // on the first screen, without scrolling either way
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  // a tap would reach it: Playwright's checks that the point it would click receives the click
  await pause.click({ trial: true });
});
