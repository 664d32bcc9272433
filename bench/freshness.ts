// Freshness: how long after nsqd's depth changes the number on screen changes. On a REAL cluster
// (nsqlookupd + `nsqdCount` nsqd v1.3.0) and the production console in lookupd mode polling every
// `pollIntervalMs`: a topic with one channel and no consumer, and two pages open side by side in
// Chromium, each watching one number:
//   - the channel page's Depth ([data-testid=stat-depth]), which the server reads from nsqd when the
//     page asks (the channel detail, behind a 1 s shared cache);
//   - the topic page's Channel depth ([data-testid=stat-channel-depth]), from the server's last poll.
// Each sample reloads both pages at a random moment (a page refetches every 2 s from when it opened,
// so this gives each sample its own phase between the page's refetch and the server's poll), waits a
// random time within one poll interval, publishes 1-10 messages with nsqd HTTP /mpub to one of the
// nsqd in turn, and times from /mpub's response to the first frame painted after the number showed the
// new total. Both ends read the same wall clock (Date.now()). To split the wait, the harness also polls
// each page's API route every 50 ms: publish → the server answers the new depth, then → on screen
// (the page's own refetch, every 2 s). nsqadmin has no auto-refresh: its pages change only on reload.
import type { Browser, Page } from '@playwright/test';
import { startConsole } from '../scripts/console-server';
import { httpRequest, startCluster } from '../scripts/nsq-cluster';
import { newContext } from './browser';
import { type PercentileSummary, percentileSummary } from './stats';

const TOPIC = 'freshness';
const CHANNEL = 'depth';
const SAMPLE_TIMEOUT_MS = 20_000;
const API_POLL_MS = 50;

export interface FreshnessOptions {
  browser: Browser;
  samples?: number;
  pollIntervalMs?: number;
  nsqdCount?: number;
  progress?: (line: string) => void;
}

export interface ViewFreshness {
  page: string;
  cell: string;
  /** where the page's number comes from on the server */
  source: string;
  /** /mpub response → the new depth painted in the browser */
  publish_to_screen_ms: PercentileSummary;
  /** /mpub response → the page's API route returns the new depth, 50 ms resolution */
  publish_to_api_ms: PercentileSummary;
  /** the API has it → on screen (the page's own refetch) */
  api_to_screen_ms: PercentileSummary;
  target_ms: number;
  over_target: number;
  /** samples where the new depth never showed within 20 s (counted in over_target too) */
  never_shown: number;
  /** document.visibilityState at the end: a hidden page would not refetch */
  visibility: string;
}

export interface FreshnessResult {
  setup: { nsqd: number; lookupd: number; poll_interval_ms: number; samples: number };
  channel_page: ViewFreshness;
  topic_page: ViewFreshness;
  messages_per_publish: number[];
  offsets_ms: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Shown {
  value: number;
  /** wall clock of the first frame painted after the change */
  painted: number | null;
}

/** One page watched: the cell whose number must change, and the API route that feeds it. */
interface View {
  name: 'channel_page' | 'topic_page';
  path: string;
  testId: string;
  source: string;
  apiPath: string;
  apiDepth: (body: unknown) => number;
}

const VIEWS: View[] = [
  {
    name: 'channel_page',
    path: `/topics/${TOPIC}/${CHANNEL}`,
    testId: 'stat-depth',
    source:
      'GET /api/cluster/topics/:t/channels/:c (the channel detail the server reads from nsqd on request, 1 s shared cache)',
    apiPath: `/api/cluster/topics/${TOPIC}/channels/${CHANNEL}`,
    apiDepth: (b) => (b as { channel: { depth: number } }).channel.depth,
  },
  {
    name: 'topic_page',
    path: `/topics/${TOPIC}`,
    testId: 'stat-channel-depth',
    source: "GET /api/cluster/topics/:t (the server's last poll)",
    apiPath: `/api/cluster/topics/${TOPIC}`,
    apiDepth: (b) => (b as { channel_depth: number }).channel_depth,
  },
];

/** Records every change of one cell's number, with the wall clock of the frame painted after it. */
function watchCell(testId: string) {
  const w = window as unknown as { __shown: Shown[] };
  w.__shown = [];
  const read = () => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? '';
  let last = read();
  new MutationObserver(() => {
    const text = read();
    if (text === last) return;
    last = text;
    const entry: Shown = { value: Number(text.replace(/[^\d]/g, '')), painted: null };
    w.__shown.push(entry);
    requestAnimationFrame(() =>
      setTimeout(() => {
        entry.painted = Date.now();
      }, 0),
    );
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
}

export async function benchFreshness(o: FreshnessOptions): Promise<FreshnessResult> {
  const samples = o.samples ?? 15;
  const pollIntervalMs = o.pollIntervalMs ?? 2000;
  const cluster = await startCluster({ nsqdCount: o.nsqdCount ?? 2 });
  let con: Awaited<ReturnType<typeof startConsole>> | undefined;
  const context = await newContext(o.browser);
  try {
    const nsqds = cluster.nsqds.map((n) => n.httpAddress);
    const post = async (nsqd: string, path: string, body?: string) => {
      const res = await httpRequest('POST', `http://${nsqd}${path}`, { body, timeoutMs: 10_000 });
      if (res.status !== 200) throw new Error(`POST ${nsqd}${path}: HTTP ${res.status} ${res.body}`);
    };
    for (const nsqd of nsqds) {
      await post(nsqd, `/topic/create?topic=${TOPIC}`);
      await post(nsqd, `/channel/create?topic=${TOPIC}&channel=${CHANNEL}`);
    }
    con = await startConsole([
      `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
      `--poll-interval=${pollIntervalMs}ms`,
    ]);
    const url = con.url;
    const apiDepth = async (v: View) => {
      const res = await httpRequest('GET', `${url}${v.apiPath}`, { timeoutMs: 5_000 });
      return res.status === 200 ? v.apiDepth(JSON.parse(res.body)) : null;
    };
    const ready = Date.now() + 30_000;
    for (const v of VIEWS) {
      while ((await apiDepth(v)) !== 0) {
        if (Date.now() > ready) throw new Error(`the console does not show ${v.apiPath} with depth 0`);
        await sleep(200);
      }
    }

    // one page per view, side by side in one context
    const pages = new Map<View['name'], Page>();
    for (const v of VIEWS) pages.set(v.name, await context.newPage());
    /** (Re)loads every page and waits until each shows `depth`, then watches its cell. */
    const open = (depth: number) =>
      Promise.all(
        VIEWS.map(async (v) => {
          const page = pages.get(v.name) as Page;
          await page.goto(`${url}${v.path}`);
          await page.waitForFunction(
            ({ id, want }) =>
              Number(document.querySelector(`[data-testid="${id}"]`)?.textContent?.replace(/[^\d]/g, '') ?? NaN) ===
              want,
            { id: v.testId, want: depth },
            { timeout: 30_000 },
          );
          await page.evaluate(watchCell, v.testId);
        }),
      );

    let expected = 0;
    const measured = new Map(
      VIEWS.map((v) => [
        v.name,
        { screen: [] as number[], api: [] as number[], apiToScreen: [] as number[], never: 0 },
      ]),
    );
    const counts: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < samples; i++) {
      // a page refetches every 2 s from when it was opened, the server polls every 2 s from its start:
      // reopen the pages at a random moment so that each sample has its own phase between the two
      await sleep(Math.floor(Math.random() * pollIntervalMs));
      await open(expected);
      if (i === 0) o.progress?.(`freshness: ${VIEWS.map((v) => v.path).join(' and ')} open`);
      const offset = Math.floor(Math.random() * pollIntervalMs);
      const n = 1 + Math.floor(Math.random() * 10);
      offsets.push(offset);
      counts.push(n);
      await sleep(offset);
      await post(
        nsqds[i % nsqds.length] as string,
        `/mpub?topic=${TOPIC}`,
        Array.from({ length: n }, (_, k) => `m${i}-${k}`).join('\n'),
      );
      const published = Date.now();
      expected += n;
      const want = expected;
      const line: string[] = [];
      await Promise.all(
        VIEWS.map(async (v) => {
          const m = measured.get(v.name) as { screen: number[]; api: number[]; apiToScreen: number[]; never: number };
          // the server's side, polled alongside the page
          let apiAt: number | null = null;
          const apiWatch = (async () => {
            while (Date.now() - published < SAMPLE_TIMEOUT_MS) {
              if ((await apiDepth(v)) === want) {
                apiAt = Date.now();
                return;
              }
              await sleep(API_POLL_MS);
            }
          })();
          const shown = await (pages.get(v.name) as Page)
            .waitForFunction(
              (x) =>
                (window as unknown as { __shown: Shown[] }).__shown.find((s) => s.value === x && s.painted !== null)
                  ?.painted ?? false,
              want,
              { timeout: SAMPLE_TIMEOUT_MS, polling: 25 },
            )
            .then(
              (h) => h.jsonValue() as Promise<number>,
              () => null,
            );
          await apiWatch;
          if (shown === null) {
            m.never++;
            line.push(`${v.name} never`);
            return;
          }
          m.screen.push(shown - published);
          if (apiAt !== null) {
            m.api.push((apiAt as number) - published);
            m.apiToScreen.push(shown - (apiAt as number));
          }
          line.push(`${v.name} ${shown - published} ms`);
        }),
      );
      o.progress?.(`freshness ${i + 1}/${samples}: +${n} → ${want}: ${line.join(', ')}`);
    }
    const target = pollIntervalMs + 1000;
    const out: Partial<Record<View['name'], ViewFreshness>> = {};
    for (const v of VIEWS) {
      const m = measured.get(v.name) as { screen: number[]; api: number[]; apiToScreen: number[]; never: number };
      out[v.name] = {
        page: v.path,
        cell: `[data-testid=${v.testId}]`,
        source: v.source,
        publish_to_screen_ms: percentileSummary(m.screen),
        publish_to_api_ms: percentileSummary(m.api),
        api_to_screen_ms: percentileSummary(m.apiToScreen),
        target_ms: target,
        over_target: m.screen.filter((x) => x > target).length + m.never,
        never_shown: m.never,
        visibility: await (pages.get(v.name) as Page).evaluate(() => document.visibilityState),
      };
    }
    return {
      setup: { nsqd: nsqds.length, lookupd: 1, poll_interval_ms: pollIntervalMs, samples },
      channel_page: out.channel_page as ViewFreshness,
      topic_page: out.topic_page as ViewFreshness,
      messages_per_publish: counts,
      offsets_ms: offsets,
    };
  } finally {
    await context.close();
    await con?.stop();
    await cluster.stop();
  }
}
