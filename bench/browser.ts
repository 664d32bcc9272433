// Browser benchmarks, nsq-console and nsqadmin v1.3.0 side by side on one cluster (bench/browser-run.ts
// runs them on the simulator). In Chromium (/usr/bin/chromium, the flags of playwright.config.ts,
// a 1280×900 viewport), each sample in a fresh browser context (empty cache):
//
// - topic list showing data: navigation start → the first topic row in the DOM, and → the first
//   frame painted after it (rAF, then a task). Console: /topics, [data-testid=topic-row]. nsqadmin: /,
//   a topic link in its table (it renders every topic, no paging).
// - topic page interactive: navigation start → the first channel row in the DOM; then the harness
//   clicks the topic's Delete button (a trusted click through CDP) as soon as the page reports the
//   button in the DOM (an exposed binding called from a MutationObserver), again every 500 ms while
//   nothing reacts, and "interactive" is navigation start → the later of the first channel row and
//   the app's reaction to that click in the DOM: the console's confirmation
//   <dialog data-testid=delete-dialog>, nsqadmin's bootbox confirm (.bootbox). Nothing is deleted:
//   the dialog is left open. Also reported: the click's input delay (event timestamp → a capture
//   listener on window runs: how long the main thread kept the click waiting), click → reaction, the
//   harness's lag (button in the DOM → its click), and the long tasks before the reaction.
// - first-load bytes of the topic list: every JS and CSS response of a cold load, with the bytes on
//   the wire (Resource Timing's encodedBodySize, after content-encoding), the decoded size and the
//   gzip -9 size of the decoded body; split into the files the page's HTML names (the page's own
//   first load) and everything fetched until the network was idle (500 ms without a request; on the
//   console this adds Next's prefetch of the routes its links point to); and the page's total
//   transferred bytes until idle (transferSize, headers included, the document too).
// - keystroke → filtered list (console only: nsqadmin's topic list has no filter), the method of
//   bench/topic-list-10k.ts: from the keydown to the first frame after the list's count changed.
//
// Before the samples, each app serves each page once (warm-up, reported apart): the console's server
// loads a route's code on its first request, and a long-running console has done that already.
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import playwrightConfig from '../playwright.config';
import { type MedianSummary, median, medianSummary, r1 } from './stats';

export const VIEWPORT = { width: 1280, height: 900 } as const;
const TIMEOUT_MS = 60_000;
/** a click with no reaction after this long counts as lost (the handler was not there yet): click again */
const RECLICK_MS = 500;

export type AppName = 'nsq-console' | 'nsqadmin';

/** Where an app's pages are and how their DOM shows data. */
export interface AppPages {
  app: AppName;
  topicListUrl: string;
  /** a topic row with data on the topic list */
  topicRow: string;
  /** the request that brings the topic list's data */
  topicListData: string;
  topicPageUrl: (topic: string) => string;
  /** a channel row of the topic page */
  channelRow: (topic: string) => string;
  /** the request that brings the topic page's data */
  topicPageData: (topic: string) => string;
  /** the button the "interactive" click goes to, and what shows that the app handled it */
  action: string;
  reaction: string;
}

export function consolePages(consoleUrl: string): AppPages {
  return {
    app: 'nsq-console',
    topicListUrl: `${consoleUrl}/topics`,
    topicRow: '[data-testid="topic-row"]',
    topicListData: '/api/cluster/topics',
    topicPageUrl: (t) => `${consoleUrl}/topics/${encodeURIComponent(t)}`,
    channelRow: () => '[data-testid="channel-row"]',
    topicPageData: (t) => `/api/cluster/topics/${encodeURIComponent(t)}`,
    action: '[data-testid="action-delete"]',
    reaction: '[data-testid="delete-dialog"]',
  };
}

export function nsqadminPages(nsqadminAddress: string): AppPages {
  const origin = `http://${nsqadminAddress}`;
  return {
    app: 'nsqadmin',
    topicListUrl: `${origin}/`,
    // views/topics.hbs: one <tr><td><a class="link" href="/topics/NAME">NAME</a></td></tr> per topic
    topicRow: 'table a.link[href^="/topics/"]',
    topicListData: '/api/topics',
    topicPageUrl: (t) => `${origin}/topics/${encodeURIComponent(t)}`,
    // views/topic.hbs, "Channel Message Queues": <th><a class="link" href="/topics/T/C">C</a></th>
    channelRow: (t) => `table a.link[href^="/topics/${t}/"]`,
    topicPageData: (t) => `/api/topics/${encodeURIComponent(t)}`,
    action: 'button[data-action="delete"]',
    reaction: '.bootbox',
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch(playwrightConfig.use?.launchOptions);
}

/** A fresh context (its own empty cache); tsx names functions with an __name helper that the page must have too. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript('window.__name = (f) => f;');
  return context;
}

/**
 * Waits until React has hydrated the element: the server's HTML shows rows before the page's scripts
 * run, and a click or a scroll before hydration does nothing, as for a person. React keeps its fiber
 * on hydrated DOM nodes under a `__reactFiber$…` key (an internal name, good enough for a benchmark).
 */
export async function waitForHydration(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return el !== null && Object.keys(el).some((k) => k.startsWith('__reactFiber'));
    },
    selector,
    { timeout: TIMEOUT_MS },
  );
}

/** What the page records about itself, from before its first script (performance.now(), navigation start = 0). */
interface PageMarks {
  row: number | null;
  rowPainted: number | null;
  rowsAtFirst: number;
  action: number | null;
  reaction: number | null;
  clicks: { stamp: number; seen: number }[];
  /** main-thread tasks over 50 ms (Long Tasks API) */
  longTasks: { start: number; duration: number }[];
}

/** Installed before the page's own scripts. Selectors in, marks out on window.__bench. */
function observe(sel: { row: string; action: string | null; reaction: string | null }) {
  const marks: PageMarks = {
    row: null,
    rowPainted: null,
    rowsAtFirst: 0,
    action: null,
    reaction: null,
    clicks: [],
    longTasks: [],
  };
  (window as unknown as { __bench: PageMarks }).__bench = marks;
  performance.setResourceTimingBufferSize(100_000);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) marks.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  addEventListener(
    'click',
    (e) => {
      marks.clicks.push({ stamp: e.timeStamp, seen: performance.now() });
    },
    true,
  );
  const mo = new MutationObserver(() => {
    if (marks.row === null && document.querySelector(sel.row)) {
      marks.row = performance.now();
      marks.rowsAtFirst = document.querySelectorAll(sel.row).length;
      requestAnimationFrame(() =>
        setTimeout(() => {
          marks.rowPainted = performance.now();
        }, 0),
      );
    }
    if (sel.action !== null && marks.action === null) {
      const button = document.querySelector(sel.action);
      if (button) {
        marks.action = performance.now();
        // tell the harness at once where to click (an exposed binding), rather than wait for its polling
        const ready = (window as unknown as { __benchReady?: (p: { x: number; y: number }) => void }).__benchReady;
        const r = button.getBoundingClientRect();
        ready?.({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
      }
    }
    if (sel.reaction !== null && marks.reaction === null && document.querySelector(sel.reaction))
      marks.reaction = performance.now();
    if (marks.row !== null && (sel.reaction === null || marks.reaction !== null)) mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true });
}

/** Where the time went before the data showed: the document, its parsing, and the data request. */
export interface Timeline {
  /** the HTML's last byte */
  document_ms: number;
  /** DOMContentLoaded (the page's scripts have run; deferred and module scripts included) */
  dom_content_loaded_ms: number;
  /** the last byte of the last script requested before the data request (the page's code is here) */
  scripts_loaded_ms: number | null;
  /** the data request (console: /api/cluster/topics…, nsqadmin: /api/topics…) started and ended */
  data_request_start_ms: number | null;
  data_response_end_ms: number | null;
  /** the sum of main-thread tasks over 50 ms, and their part over 50 ms (Total Blocking Time), until `until` */
  long_tasks_ms: number;
  blocking_ms: number;
  /** the slowest requests (the warm-up visit's are reported) */
  slowest: { path: string; start_ms: number; duration_ms: number }[];
}

async function marksAndTimeline(
  page: Page,
  dataPath: string,
  until: 'row' | 'reaction',
): Promise<{ marks: PageMarks; timeline: Timeline }> {
  const { marks, nav, resources } = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      marks: (window as unknown as { __bench: PageMarks }).__bench,
      nav: { responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd },
      resources: (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((e) => ({
        name: e.name,
        startTime: e.startTime,
        responseEnd: e.responseEnd,
        duration: e.duration,
      })),
    };
  });
  const end = (until === 'row' ? marks.row : marks.reaction) ?? Infinity;
  const data = resources.find((e) => new URL(e.name).pathname === dataPath);
  const tasks = marks.longTasks.filter((t) => t.start < end);
  const scripts = resources.filter(
    (e) => new URL(e.name).pathname.endsWith('.js') && e.startTime < (data?.startTime ?? end),
  );
  return {
    marks,
    timeline: {
      document_ms: r1(nav.responseEnd),
      dom_content_loaded_ms: r1(nav.domContentLoaded),
      scripts_loaded_ms: scripts.length ? r1(Math.max(...scripts.map((e) => e.responseEnd))) : null,
      data_request_start_ms: data ? r1(data.startTime) : null,
      data_response_end_ms: data ? r1(data.responseEnd) : null,
      long_tasks_ms: r1(tasks.reduce((a, t) => a + t.duration, 0)),
      blocking_ms: r1(tasks.reduce((a, t) => a + Math.max(0, t.duration - 50), 0)),
      slowest: [...resources]
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 3)
        .map((e) => ({
          path: new URL(e.name).pathname + new URL(e.name).search,
          start_ms: r1(e.startTime),
          duration_ms: r1(e.duration),
        })),
    },
  };
}

export interface ListVisit extends Timeline {
  first_row_ms: number;
  first_row_painted_ms: number;
  rows_in_dom: number;
}

/** One cold visit to the topic list: navigation start → first row in the DOM, and painted. */
export async function visitTopicList(browser: Browser, pages: AppPages): Promise<ListVisit> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(observe, { row: pages.topicRow, action: null, reaction: null });
    await page.goto(pages.topicListUrl, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.waitForFunction(
      () => (window as unknown as { __bench: PageMarks }).__bench.rowPainted !== null,
      undefined,
      { timeout: TIMEOUT_MS },
    );
    const { marks: m, timeline } = await marksAndTimeline(page, pages.topicListData, 'row');
    return {
      first_row_ms: m.row as number,
      first_row_painted_ms: m.rowPainted as number,
      rows_in_dom: m.rowsAtFirst,
      ...timeline,
    };
  } finally {
    await context.close();
  }
}

/** One cold visit to any page: navigation start → the first element matching `selector` in the DOM, and painted. */
export async function visitFirstShown(
  browser: Browser,
  url: string,
  selector: string,
): Promise<{ shown_ms: number; painted_ms: number }> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.addInitScript(observe, { row: selector, action: null, reaction: null });
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.waitForFunction(
      () => (window as unknown as { __bench: PageMarks }).__bench.rowPainted !== null,
      undefined,
      { timeout: TIMEOUT_MS },
    );
    const m = await page.evaluate(() => (window as unknown as { __bench: PageMarks }).__bench);
    return { shown_ms: r1(m.row as number), painted_ms: r1(m.rowPainted as number) };
  } finally {
    await context.close();
  }
}

export interface TopicPageVisit extends Timeline {
  first_channel_row_ms: number;
  /** the Delete button in the DOM (the console renders its action bar once it knows the caller's access) */
  action_in_dom_ms: number;
  interactive_ms: number;
  /** which of the harness's clicks got the reaction (1 = the first did) */
  clicks: number;
  /** the click that got a reaction: event timestamp → capture listener on window */
  input_delay_ms: number;
  /** the same click: event timestamp → the reaction in the DOM */
  click_to_reaction_ms: number;
  /** the Delete button in the DOM → the harness's first click (the binding call and CDP's round trips) */
  harness_lag_ms: number;
}

/** One cold visit to a topic page: first channel row, then click Delete until the app reacts. */
export async function visitTopicPage(browser: Browser, pages: AppPages, topic: string): Promise<TopicPageVisit> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    // the first click: as soon as the page reports its Delete button (observe() calls this binding)
    let firstClick: Promise<void> | undefined;
    await page.exposeBinding('__benchReady', (_source, p: { x: number; y: number }) => {
      firstClick ??= page.mouse.click(p.x, p.y);
    });
    await page.addInitScript(observe, { row: pages.channelRow(topic), action: pages.action, reaction: pages.reaction });
    await page.goto(pages.topicPageUrl(topic), { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.locator(pages.channelRow(topic)).first().waitFor({ timeout: TIMEOUT_MS });
    const deadline = Date.now() + TIMEOUT_MS;
    const button = page.locator(pages.action).first();
    const reacted = () =>
      page
        .waitForFunction(() => (window as unknown as { __bench: PageMarks }).__bench.reaction !== null, undefined, {
          timeout: RECLICK_MS,
          polling: 'raf',
        })
        .then(
          () => true,
          () => false,
        );
    // later clicks: when the first one got no reaction (its handler was not there yet)
    while (!(await reacted())) {
      await firstClick;
      if (Date.now() > deadline)
        throw new Error(`${pages.app}: no reaction to a click on ${pages.action} within ${TIMEOUT_MS} ms`);
      const box = await button.boundingBox({ timeout: RECLICK_MS }).catch(() => null);
      if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
    await firstClick;
    const { marks: m, timeline } = await marksAndTimeline(page, pages.topicPageData(topic), 'reaction');
    const first = m.clicks[0];
    // the reaction belongs to the last click before it
    const last = m.reaction === null ? undefined : m.clicks.findLast((c) => c.stamp <= (m.reaction as number));
    if (!first || !last || m.row === null || m.action === null || m.reaction === null)
      throw new Error(`${pages.app}: no click before the reaction`);
    return {
      first_channel_row_ms: m.row,
      action_in_dom_ms: m.action,
      interactive_ms: Math.max(m.row, m.reaction),
      clicks: m.clicks.indexOf(last) + 1,
      input_delay_ms: last.seen - last.stamp,
      click_to_reaction_ms: m.reaction - last.stamp,
      harness_lag_ms: first.stamp - m.action,
      ...timeline,
    };
  } finally {
    await context.close();
  }
}

export interface ResourceBytes {
  path: string;
  /** named in the document's HTML (a <script> or stylesheet of the page itself), or loaded later */
  in_document: boolean;
  content_encoding: string;
  /** body bytes on the wire (after content-encoding) */
  wire: number;
  /** the decoded body */
  raw: number;
  /** gzip -9 of the decoded body */
  gzip9: number;
  requested_ms: number;
}

interface ByteSums {
  files: number;
  wire: number;
  raw: number;
  gzip9: number;
}

export interface ColdLoadBytes {
  url: string;
  first_row_ms: number;
  /**
   * in_document: the files the page's HTML names (Next's "First Load JS"; nsqadmin's two scripts and
   * two stylesheets). until_idle: every file fetched until the network was idle, which on the console
   * adds the code of the routes its links point to (Next prefetches links in the viewport).
   */
  js: { in_document: ByteSums; until_idle: ByteSums };
  css: { in_document: ByteSums; until_idle: ByteSums };
  /** transferSize (headers included) of every request until idle, the document too, by kind */
  transferred: { requests: number; bytes: number; by_kind: Record<string, { requests: number; bytes: number }> };
  files: ResourceBytes[];
  /** the largest requests that are not JS or CSS (data, prefetched route payloads, the document) */
  largest_other: { path: string; transferred: number }[];
}

interface TimingEntry {
  name: string;
  initiatorType: string;
  startTime: number;
  transferSize: number;
  encodedBodySize: number;
}

const kindOf = (url: string) => {
  const p = new URL(url).pathname;
  return p.endsWith('.js') ? 'js' : p.endsWith('.css') ? 'css' : null;
};

/** A cold load of the topic list, every response counted, until the network is idle. */
export async function coldLoadBytes(browser: Browser, pages: AppPages): Promise<ColdLoadBytes> {
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    const bodies = new Map<string, Promise<{ encoding: string; raw: number; gzip9: number }>>();
    let html: Promise<string> | undefined;
    page.on('response', (res) => {
      if (res.request().isNavigationRequest() && res.request().frame() === page.mainFrame()) html = res.text();
      if (kindOf(res.url()) === null || bodies.has(res.url())) return;
      bodies.set(
        res.url(),
        res.body().then((b) => ({
          encoding: res.headers()['content-encoding'] ?? 'identity',
          raw: b.length,
          gzip9: gzipSync(b, { level: 9 }).length,
        })),
      );
    });
    await page.addInitScript(observe, { row: pages.topicRow, action: null, reaction: null });
    await page.goto(pages.topicListUrl, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await page.locator(pages.topicRow).first().waitFor({ timeout: TIMEOUT_MS });
    // 500 ms without a request; the console polls every 2 s, so this comes between two polls
    await page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => undefined);
    const { row, entries } = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const pick = (e: PerformanceResourceTiming) => ({
        name: e.name,
        initiatorType: e.initiatorType,
        startTime: e.startTime,
        transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize,
      });
      return {
        row: (window as unknown as { __bench: PageMarks }).__bench.row as number,
        entries: [pick(nav), ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(pick)],
      };
    });
    const documentHtml = (await html) ?? '';
    const zero = (): ByteSums => ({ files: 0, wire: 0, raw: 0, gzip9: 0 });
    const sums = { js: { in_document: zero(), until_idle: zero() }, css: { in_document: zero(), until_idle: zero() } };
    const transferred: ColdLoadBytes['transferred'] = { requests: 0, bytes: 0, by_kind: {} };
    const files: ResourceBytes[] = [];
    for (const e of entries as TimingEntry[]) {
      const kind = kindOf(e.name);
      const key = kind ?? e.initiatorType;
      transferred.by_kind[key] ??= { requests: 0, bytes: 0 };
      const k = transferred.by_kind[key]!;
      for (const t of [transferred, k]) {
        t.requests++;
        t.bytes += e.transferSize;
      }
      if (kind === null) continue;
      const body = await bodies.get(e.name);
      if (!body) throw new Error(`${pages.app}: no body recorded for ${e.name}`);
      const path = new URL(e.name).pathname;
      const f: ResourceBytes = {
        path,
        in_document: documentHtml.includes(path),
        content_encoding: body.encoding,
        wire: e.encodedBodySize,
        raw: body.raw,
        gzip9: body.gzip9,
        requested_ms: r1(e.startTime),
      };
      files.push(f);
      for (const s of f.in_document ? [sums[kind].in_document, sums[kind].until_idle] : [sums[kind].until_idle]) {
        s.files++;
        s.wire += f.wire;
        s.raw += f.raw;
        s.gzip9 += f.gzip9;
      }
    }
    const largest = (entries as TimingEntry[])
      .filter((e) => kindOf(e.name) === null)
      .sort((a, b) => b.transferSize - a.transferSize)
      .slice(0, 5)
      .map((e) => ({ path: new URL(e.name).pathname + new URL(e.name).search, transferred: e.transferSize }));
    return { url: pages.topicListUrl, first_row_ms: r1(row), ...sums, transferred, files, largest_other: largest };
  } finally {
    await context.close();
  }
}

/** Medians of the timeline's points over the samples. */
export interface TimelineMedians {
  document_ms: number;
  dom_content_loaded_ms: number;
  scripts_loaded_ms: number;
  data_request_start_ms: number;
  data_response_end_ms: number;
  long_tasks_ms: number;
  blocking_ms: number;
}

const timelineMedians = (v: readonly Timeline[]): TimelineMedians => {
  const m = (f: (t: Timeline) => number | null) => r1(median(v.map(f).filter((x): x is number => x !== null)));
  return {
    document_ms: m((t) => t.document_ms),
    dom_content_loaded_ms: m((t) => t.dom_content_loaded_ms),
    scripts_loaded_ms: m((t) => t.scripts_loaded_ms),
    data_request_start_ms: m((t) => t.data_request_start_ms),
    data_response_end_ms: m((t) => t.data_response_end_ms),
    long_tasks_ms: m((t) => t.long_tasks_ms),
    blocking_ms: m((t) => t.blocking_ms),
  };
};

export interface TopicListResult {
  first_row_ms: MedianSummary;
  first_row_painted_ms: MedianSummary;
  rows_in_dom: number;
  /** medians: where the time to the first row went */
  timeline: TimelineMedians;
}

const listResult = (l: readonly ListVisit[]): TopicListResult => ({
  first_row_ms: medianSummary(l.map((v) => v.first_row_ms)),
  first_row_painted_ms: medianSummary(l.map((v) => v.first_row_painted_ms)),
  rows_in_dom: l[0]?.rows_in_dom ?? 0,
  timeline: timelineMedians(l),
});

interface WarmUp {
  first_row_ms: number;
  slowest: Timeline['slowest'];
}
const warmUp = (v: ListVisit | TopicPageVisit): WarmUp => ({
  first_row_ms: r1('first_row_ms' in v ? v.first_row_ms : v.first_channel_row_ms),
  slowest: v.slowest,
});

export interface AppBrowserResult {
  /** the first visit after the app started, not counted below */
  warm_up: { topic_list: WarmUp; topic_page: WarmUp & { interactive_ms: number } };
  topic_list: TopicListResult;
  topic_page: {
    topic: string;
    first_channel_row_ms: MedianSummary;
    action_in_dom_ms: MedianSummary;
    interactive_ms: MedianSummary;
    input_delay_ms: MedianSummary;
    click_to_reaction_ms: MedianSummary;
    harness_lag_ms: MedianSummary;
    clicks: number[];
    timeline: TimelineMedians;
  };
  first_load: ColdLoadBytes;
}

export interface BrowserBenchOptions {
  browser: Browser;
  consoleUrl: string;
  nsqadminAddress: string;
  /** the topic whose page is measured */
  topic: string;
  /** fresh contexts per measurement and app (default 5) */
  loads?: number;
  progress?: (line: string) => void;
}

/** The topic list, a topic page and the topic list's bytes, for both apps; loads alternate between them. */
export async function benchBrowser(o: BrowserBenchOptions): Promise<Record<AppName, AppBrowserResult>> {
  const loads = o.loads ?? 5;
  const apps = [consolePages(o.consoleUrl), nsqadminPages(o.nsqadminAddress)];
  const warm = new Map<AppName, AppBrowserResult['warm_up']>();
  for (const p of apps) {
    const list = await visitTopicList(o.browser, p);
    const topic = await visitTopicPage(o.browser, p, o.topic);
    warm.set(p.app, {
      topic_list: warmUp(list),
      topic_page: { ...warmUp(topic), interactive_ms: r1(topic.interactive_ms) },
    });
  }
  const lists = new Map<AppName, ListVisit[]>(apps.map((p) => [p.app, []]));
  const topics = new Map<AppName, TopicPageVisit[]>(apps.map((p) => [p.app, []]));
  for (let i = 0; i < loads; i++) {
    for (const p of apps) lists.get(p.app)?.push(await visitTopicList(o.browser, p));
    for (const p of apps) topics.get(p.app)?.push(await visitTopicPage(o.browser, p, o.topic));
    o.progress?.(`page loads ${i + 1}/${loads}`);
  }
  const out: Partial<Record<AppName, AppBrowserResult>> = {};
  for (const p of apps) {
    const t = topics.get(p.app) ?? [];
    out[p.app] = {
      warm_up: warm.get(p.app) as AppBrowserResult['warm_up'],
      topic_list: listResult(lists.get(p.app) ?? []),
      topic_page: {
        topic: o.topic,
        first_channel_row_ms: medianSummary(t.map((v) => v.first_channel_row_ms)),
        action_in_dom_ms: medianSummary(t.map((v) => v.action_in_dom_ms)),
        interactive_ms: medianSummary(t.map((v) => v.interactive_ms)),
        input_delay_ms: medianSummary(t.map((v) => v.input_delay_ms)),
        click_to_reaction_ms: medianSummary(t.map((v) => v.click_to_reaction_ms)),
        harness_lag_ms: medianSummary(t.map((v) => v.harness_lag_ms)),
        clicks: t.map((v) => v.clicks),
        timeline: timelineMedians(t),
      },
      first_load: await coldLoadBytes(o.browser, p),
    };
  }
  o.progress?.('first-load bytes measured');
  return out as Record<AppName, AppBrowserResult>;
}

/** The topic list's first row only, both apps alternating (the 10,000-topic case). */
export async function benchTopicListLoads(
  o: Omit<BrowserBenchOptions, 'topic'>,
): Promise<Record<AppName, TopicListResult & { warm_up: WarmUp }>> {
  const loads = o.loads ?? 5;
  const apps = [consolePages(o.consoleUrl), nsqadminPages(o.nsqadminAddress)];
  const warm = new Map<AppName, WarmUp>();
  for (const p of apps) warm.set(p.app, warmUp(await visitTopicList(o.browser, p)));
  const lists = new Map<AppName, ListVisit[]>(apps.map((p) => [p.app, []]));
  for (let i = 0; i < loads; i++) for (const p of apps) lists.get(p.app)?.push(await visitTopicList(o.browser, p));
  const out: Partial<Record<AppName, TopicListResult & { warm_up: WarmUp }>> = {};
  for (const p of apps) out[p.app] = { warm_up: warm.get(p.app) as WarmUp, ...listResult(lists.get(p.app) ?? []) };
  return out as Record<AppName, TopicListResult & { warm_up: WarmUp }>;
}

export interface FilterResult {
  topics_listed: string;
  keystrokes: ({ key: string; rows: string } & MedianSummary)[];
  clear_to_all_rows_ms: MedianSummary;
  rows_in_dom: number;
}

/**
 * Keystroke → filtered list painted on the console's topic list (bench/topic-list-10k.ts's method):
 * types `query` one key at a time, `rounds` times, clearing the search after each round. A key's time
 * is from its keydown to the first frame after the list's count text changed.
 */
export async function benchTopicFilter(
  browser: Browser,
  consoleUrl: string,
  opts: { query?: string; rounds?: number } = {},
): Promise<FilterResult> {
  const query = opts.query ?? '9876';
  const rounds = opts.rounds ?? 3;
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${consoleUrl}/topics`);
    await page.locator('[data-testid="topic-row"]').first().waitFor({ timeout: TIMEOUT_MS });
    await waitForHydration(page, '[data-testid="topic-search"]');
    const rowsInDom = await page.locator('[data-testid="topic-row"]').count();
    const listed = await page.getByTestId('topic-count').innerText();
    await page.evaluate(() => {
      const w = window as unknown as { __t0: number; __done: number[] };
      w.__done = [];
      document.addEventListener(
        'keydown',
        () => {
          w.__t0 = performance.now();
        },
        true,
      );
      const count = document.querySelector('[data-testid="topic-count"]') as Element;
      new MutationObserver(() => {
        const t0 = w.__t0;
        requestAnimationFrame(() => setTimeout(() => w.__done.push(performance.now() - t0), 0));
      }).observe(count, { childList: true, subtree: true, characterData: true });
    });
    const search = page.getByLabel('Search topics');
    await search.focus();
    const done = () => page.evaluate(() => (window as unknown as { __done: number[] }).__done.length);
    const press = async (key: string) => {
      const before = await done();
      await page.keyboard.press(key);
      await page.waitForFunction((n) => (window as unknown as { __done: number[] }).__done.length > n, before, {
        timeout: TIMEOUT_MS,
      });
      await page.waitForTimeout(300);
      return page.evaluate((n) => (window as unknown as { __done: number[] }).__done[n] as number, before);
    };
    const perKey = new Map<string, { rows: string; ms: number[] }>();
    const clear: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const key of query) {
        const ms = await press(key);
        const entry = perKey.get(key) ?? { rows: await page.getByTestId('topic-count').innerText(), ms: [] };
        entry.ms.push(ms);
        perKey.set(key, entry);
      }
      await search.selectText();
      clear.push(await press('Backspace'));
    }
    return {
      topics_listed: listed,
      keystrokes: [...perKey].map(([key, e]) => ({ key, rows: e.rows, ...medianSummary(e.ms) })),
      clear_to_all_rows_ms: medianSummary(clear),
      rows_in_dom: rowsInDom,
    };
  } finally {
    await context.close();
  }
}
