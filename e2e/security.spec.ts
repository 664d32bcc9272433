// The Content-Security-Policy in a real browser: the pages hydrate, next-themes' inline script runs
// and client-side navigation loads its chunks, all without a single violation; and no page of the
// console can be shown inside another page's frame (clickjacking).
import { expect, test } from './fixtures';
import { consoleUrl } from './support';

test('pages work under the policy: theme script, hydration and navigation, with no violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy: ${e.violatedDirective} ${e.blockedURI}`),
    );
    // a stored dark theme: only next-themes' inline script, which needs the nonce, applies it before hydration
    if (location.protocol.startsWith('http')) localStorage.setItem('theme', 'dark');
  });
  await page.goto(consoleUrl('/'));
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  // hydrated: the toggle knows the stored choice and changes it
  await expect(page.getByTestId('theme-toggle')).toHaveText('Theme: dark');
  await page.getByTestId('theme-toggle').click();
  await expect(page.getByTestId('theme-toggle')).toHaveText('Theme: system');
  // client-side navigation loads further scripts, which 'strict-dynamic' lets through
  await page.getByRole('link', { name: 'Nodes', exact: true }).first().click();
  await expect(page).toHaveURL(/\/nodes$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});

test('no page of the console shows inside a frame', async ({ page, allowConsoleError, allowFailure }) => {
  // the browser's refusal is what this test is after: a console error, and the frame's request
  // failing as blocked by the response
  allowConsoleError(/frame-ancestors|X-Frame-Options/);
  allowFailure(/\/topics$/, 'network');
  const refused = page.waitForEvent('console', (m) => /frame-ancestors|X-Frame-Options/.test(m.text()));
  await page.setContent(`<iframe title="framed" src="${consoleUrl('/topics')}"></iframe>`);
  await refused;
  await expect(page.frameLocator('iframe').getByTestId('theme-toggle')).toHaveCount(0);
});
