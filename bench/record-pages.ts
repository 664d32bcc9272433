// Records what the console's pages fetch, so the scale benchmarks replay the real request list at the
// real cadence rather than a guess: each page is opened in Debian's Chromium for a few seconds and
// every same-origin request is listed with its times. Nothing is cached to disk; a run records once.
import { launchBrowser } from './browser';

export interface PageToRecord {
  /** a short name: "topic_list", "topic_page", ... */
  name: string;
  /** the page's path under the console's URL ("/topics/topic-00001") */
  path: string;
  /** names in the path that a replay swaps for another viewer's: they become {topic} / {channel} */
  topic?: string;
  channel?: string;
  /**
   * every channel of `topic`: requests that differ only by `channel=<one of them>` and cover all of
   * them (the topic page's per-channel charts) become one template with {each_channel}, replayed
   * once per channel of the replayed topic
   */
  topicChannels?: string[];
}

export interface RecordedRequest {
  /** path and query under the console's URL, with {topic} and {channel} placeholders */
  template: string;
  /** how many times the page asked for it in the recording */
  count: number;
  /** when the page first asked, in ms after navigation started */
  first_ms: number;
  /** median gap between two asks (after the first gap); null when asked once (replayed once per page load) */
  interval_ms: number | null;
  /** every ask, ms after navigation started */
  at_ms: number[];
  /** set when the template has {each_channel}: how many channel variants were seen */
  per_channel?: number;
}

export interface PageRecording {
  name: string;
  path: string;
  /** from navigation to the end of the recording */
  recorded_ms: number;
  /** the /api/... requests, in order of first appearance */
  api: RecordedRequest[];
  /** other same-origin requests, by kind: the document, static files, RSC prefetches of links; not replayed */
  other: { document: number; static: number; rsc: number; rest: string[] };
}

function templateOf(pathAndQuery: string, page: PageToRecord): string {
  let t = pathAndQuery;
  for (const [name, slot] of [
    [page.topic, '{topic}'],
    [page.channel, '{channel}'],
  ] as const) {
    if (!name) continue;
    t = t.split(encodeURIComponent(name)).join(slot);
    t = t.split(name).join(slot);
  }
  return t;
}

/** Fills a template for another topic or channel: one URL, or one per channel for {each_channel}. */
export function expandTemplate(
  template: string,
  names: { topic?: string; channel?: string; channels?: string[] },
): string[] {
  let t = template;
  if (names.topic !== undefined) t = t.split('{topic}').join(encodeURIComponent(names.topic));
  if (names.channel !== undefined) t = t.split('{channel}').join(encodeURIComponent(names.channel));
  if (!t.includes('{each_channel}')) return [t];
  return (names.channels ?? []).map((c) => t.split('{each_channel}').join(encodeURIComponent(c)));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Folds per-channel variants of one request into one {each_channel} template (see PageToRecord). */
function foldPerChannel(
  entries: [string, number[]][],
  page: PageToRecord,
): { template: string; at: number[]; perChannel?: number }[] {
  const channels = (page.topicChannels ?? []).filter((c) => c !== page.channel);
  const groups = new Map<string, [string, number[]][]>();
  const out: { template: string; at: number[]; perChannel?: number; order: number }[] = [];
  entries.forEach(([template, at], order) => {
    for (const c of channels) {
      const re = new RegExp(`([?&]channel=)${escapeRegExp(encodeURIComponent(c))}(?=&|$)`);
      if (re.test(template)) {
        const generic = template.replace(re, '$1{each_channel}');
        groups.set(generic, [...(groups.get(generic) ?? []), [template, at]]);
        return;
      }
    }
    out.push({ template, at, order });
  });
  for (const [generic, members] of groups) {
    const order = entries.findIndex(([t]) => t === members[0]![0]);
    if (channels.length > 1 && members.length === channels.length) {
      // the variants are fetched together; the one seen most often carries the cadence
      const best = members.reduce((a, b) => (b[1].length > a[1].length ? b : a));
      out.push({ template: generic, at: best[1], perChannel: members.length, order });
    } else {
      for (const [template, at] of members)
        out.push({ template, at, order: entries.findIndex(([t]) => t === template) });
    }
  }
  return out.sort((a, b) => a.order - b.order);
}

/**
 * Opens every page at once, each in its own browser context (a separate viewer), until it has
 * polled for `durationMs` from its first /api request, and lists the requests. Pages stay in the foreground: React Query only polls a visible page.
 */
export async function recordPages(
  consoleUrl: string,
  pages: PageToRecord[],
  durationMs: number,
): Promise<PageRecording[]> {
  const base = new URL(consoleUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const browser = await launchBrowser();
  try {
    return await Promise.all(
      pages.map(async (page): Promise<PageRecording> => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        try {
          const tab = await context.newPage();
          const seen: { path: string; at: number }[] = [];
          let t0 = performance.now();
          tab.on('request', (req) => {
            const u = new URL(req.url());
            if (u.origin !== base.origin) return;
            const rel = (u.pathname.startsWith(basePath) ? u.pathname.slice(basePath.length) : u.pathname) + u.search;
            seen.push({ path: rel, at: performance.now() - t0 });
          });
          t0 = performance.now();
          await tab.goto(`${consoleUrl}${page.path}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
          // a cold page on a busy machine may take seconds to hydrate: the recording lasts
          // `durationMs` from the page's first /api request, so every page is seen polling as long
          const deadline = performance.now() + 60_000;
          while (!seen.some((s) => s.path.startsWith('/api/')) && performance.now() < deadline)
            await tab.waitForTimeout(100);
          const firstApi = seen.find((s) => s.path.startsWith('/api/'));
          if (!firstApi) throw new Error(`recording ${page.path}: no /api request within 60 s`);
          await tab.waitForTimeout(Math.max(0, firstApi.at + durationMs - (performance.now() - t0)));
          const recordedMs = performance.now() - t0;
          const visibility = await tab.evaluate(() => document.visibilityState);
          if (visibility !== 'visible')
            throw new Error(`recording ${page.path}: the page was ${visibility}, so it would not poll`);

          const api = new Map<string, number[]>();
          const other = { document: 0, static: 0, rsc: 0, rest: [] as string[] };
          for (const s of seen) {
            if (s.path.startsWith('/api/')) {
              const t = templateOf(s.path, page);
              api.set(t, [...(api.get(t) ?? []), s.at]);
            } else if (s.path === page.path) other.document++;
            else if (s.path.startsWith('/_next/static/')) other.static++;
            else if (s.path.includes('_rsc=')) other.rsc++;
            else other.rest.push(s.path);
          }
          return {
            name: page.name,
            path: page.path,
            recorded_ms: Math.round(recordedMs),
            api: foldPerChannel([...api.entries()], page).map(({ template, at, perChannel }) => {
              // the first gap runs from the fetch on mount, which hydration may delay or double;
              // the cadence is the median of the later ones when there are any
              const gaps = at.slice(1).map((t, i) => t - at[i]!);
              const sorted = (gaps.length > 1 ? gaps.slice(1) : gaps).sort((a, b) => a - b);
              return {
                template,
                count: at.length,
                first_ms: Math.round(at[0]!),
                interval_ms: sorted.length === 0 ? null : Math.round(sorted[Math.floor(sorted.length / 2)]!),
                at_ms: at.map(Math.round),
                ...(perChannel === undefined ? {} : { per_channel: perChannel }),
              };
            }),
            other,
          };
        } finally {
          await context.close();
        }
      }),
    );
  } finally {
    await browser.close();
  }
}
