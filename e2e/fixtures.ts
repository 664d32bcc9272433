// Every browser test imports test and expect from here: each page it opens (in its own context or one
// it makes with browser.newContext) fails the test on an uncaught page error, a console error or a
// failed request (an HTTP status of 400 or more, or a network failure). A test that provokes a failure
// on purpose (a forbidden action, a console server out of reach) declares that request, by URL and
// status, with allowFailure, and a console error it provokes (a frame the browser refuses) by its
// text, with allowConsoleError; everything else still counts.
import { type BrowserContext, test as base, type ConsoleMessage, expect, type Page } from '@playwright/test';

/** An HTTP status, or 'network' for a request that got no answer (refused, reset, timed out). */
export type FailureStatus = number | 'network';

/** Chromium's console line for a resource that failed, with the status or the network error. */
const FAILED_RESOURCE = /^Failed to load resource: (?:the server responded with a status of (\d+)|net::\w+)/;

class PageGuard {
  readonly problems: string[] = [];
  private readonly allowed: { url: RegExp; status: FailureStatus }[] = [];
  private readonly allowedConsole: RegExp[] = [];
  private readonly watched = new WeakSet<Page>();

  allow(url: RegExp, status: FailureStatus): void {
    this.allowed.push({ url, status });
  }

  allowConsole(text: RegExp): void {
    this.allowedConsole.push(text);
  }

  watch(context: BrowserContext): void {
    for (const page of context.pages()) this.watchPage(page);
    context.on('page', (page) => this.watchPage(page));
  }

  private isAllowed(url: string, status: FailureStatus): boolean {
    return this.allowed.some((a) => a.status === status && a.url.test(url));
  }

  private watchPage(page: Page): void {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    page.on('pageerror', (e) => this.problems.push(`uncaught ${e.name}: ${e.message} (${page.url()})`));
    page.on('console', (m) => this.onConsole(m, page));
    page.on('response', (res) => {
      if (res.status() >= 400 && !this.isAllowed(res.url(), res.status())) {
        this.problems.push(`HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
      }
    });
    page.on('requestfailed', (req) => {
      const why = req.failure()?.errorText ?? '';
      // The page itself cancels some requests, and rightly: a prefetch, or a query of a page that was
      // left. A request that went wrong answers with a status or fails with another error.
      if (why === 'net::ERR_ABORTED') return;
      if (!this.isAllowed(req.url(), 'network')) this.problems.push(`${why} for ${req.method()} ${req.url()}`);
    });
  }

  private onConsole(m: ConsoleMessage, page: Page): void {
    if (m.type() !== 'error') return;
    // the console's line for a failed request is the same failure: allowed with it (and the only
    // sign of a request the page's events do not show, such as the favicon's)
    const failed = FAILED_RESOURCE.exec(m.text());
    if (failed && this.isAllowed(m.location().url, failed[1] ? Number(failed[1]) : 'network')) return;
    if (this.allowedConsole.some((text) => text.test(m.text()))) return;
    this.problems.push(`console error: ${m.text()} (${m.location().url || page.url()})`);
  }
}

export const test = base.extend<{
  /** This test provokes failures of requests to URLs matching url, with this status: they do not count. */
  allowFailure: (url: RegExp, status: FailureStatus) => void;
  /** This test provokes console errors whose text matches: they do not count. */
  allowConsoleError: (text: RegExp) => void;
  pageGuard: PageGuard;
}>({
  pageGuard: [
    async ({ context, browser }, use) => {
      const guard = new PageGuard();
      guard.watch(context);
      // contexts the test makes itself (other credentials, other headers) are watched as well
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const made = await newContext.apply(browser, args);
        guard.watch(made);
        return made;
      };
      try {
        await use(guard);
      } finally {
        browser.newContext = newContext;
      }
      expect(guard.problems, 'page errors, console errors and failed requests').toEqual([]);
    },
    { auto: true },
  ],
  allowFailure: async ({ pageGuard }, use) => {
    await use((url, status) => pageGuard.allow(url, status));
  },
  allowConsoleError: async ({ pageGuard }, use) => {
    await use((text) => pageGuard.allowConsole(text));
  },
});

export { expect };
