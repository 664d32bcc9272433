// `npm run build && npm run bench:topics`: the topic list at 10,000 topics. Starts one real nsqd,
// creates 10,000 topics over its HTTP API (a few with channels, messages, a pause), starts the
// production console in nsqd mode, and measures in Chromium:
//   (a) navigation start → first topic row in the DOM and painted, /topics, median of 5 fresh page loads;
//   (b) keystroke → filtered list rendered (the count changed and a frame was painted), 3 rounds;
//   (c) the size and time of /api/cluster and of the lean /api/cluster/topics.
// Prints one JSON document.
import http from 'node:http';
import pLimit from 'p-limit';
import { startConsole } from '../scripts/console-server';
import { httpRequest, startCluster } from '../scripts/nsq-cluster';
import { publish } from '../scripts/traffic';
import {
  benchTopicFilter,
  newContext as freshContext,
  launchBrowser,
  visitFirstShown,
  waitForHydration,
} from './browser';
import { r1, medianSummary as stats } from './stats';

const TOPICS = 10_000;
const CONCURRENCY = 32;
const LOADS = 5;
const API_SAMPLES = 20;
const ROUNDS = 3;
const QUERY = '9876'; // each keystroke narrows the list: ~3,400 → ~360 → ~30 → 1 topics
/** One GET on a fresh socket; the body's bytes as they came over the wire, not decompressed. */
function rawGet(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () =>
        res.statusCode === 200
          ? resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' })
          : reject(new Error(`${url}: HTTP ${res.statusCode}`)),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
const name = (i: number) => `bench-${String(i).padStart(5, '0')}`;

// nsqd mode: lookupd is not needed to list one node's topics, so it is not started
const cluster = await startCluster({ nsqdCount: 1, withLookupd: false });
const nsqd = cluster.nsqds[0]?.httpAddress as string;
let con: Awaited<ReturnType<typeof startConsole>> | undefined;
const browser = await launchBrowser();
const progress = (line: string) => process.stderr.write(`[bench:topics] ${line}\n`);
const newContext = () => freshContext(browser);

try {
  const post = async (path: string) => {
    const res = await httpRequest('POST', `http://${nsqd}${path}`, { timeoutMs: 30_000 });
    if (res.status !== 200) throw new Error(`POST ${path}: HTTP ${res.status} ${res.body}`);
  };
  const t0 = performance.now();
  const limit = pLimit(CONCURRENCY);
  await Promise.all(Array.from({ length: TOPICS }, (_, i) => limit(() => post(`/topic/create?topic=${name(i)}`))));
  // every 500th topic gets a channel and a backlog, every 2,000th is paused
  for (let i = 0; i < TOPICS; i += 500) {
    await post(`/channel/create?topic=${name(i)}&channel=work`);
    await publish(
      nsqd,
      name(i),
      Array.from({ length: 1 + (i % 7) * 10 }, (_, k) => `m${k}`),
    );
    if (i % 2000 === 0) await post(`/topic/pause?topic=${name(i)}`);
  }
  const createMs = performance.now() - t0;
  progress(`${TOPICS} topics created in ${Math.round(createMs)} ms`);

  con = await startConsole([`--nsqd-http-address=${nsqd}`, '--poll-interval=2s']);
  const url = con.url;
  const deadline = Date.now() + 120_000;
  for (;;) {
    const body = JSON.parse((await httpRequest('GET', `${url}/api/cluster/topics`, { timeoutMs: 30_000 })).body) as {
      count?: number;
    };
    if (body.count === TOPICS) break;
    if (Date.now() > deadline) throw new Error(`the console lists ${body.count} topics, not ${TOPICS}`);
    await new Promise((r) => setTimeout(r, 500));
  }

  progress('the console lists every topic');
  // (c) API size and time: bytes on the wire, as a browser asks (gzip accepted) and uncompressed
  const api: Record<string, unknown> = {};
  for (const path of ['/api/cluster', '/api/cluster/topics']) {
    for (const encoding of ['identity', 'gzip']) {
      const times: number[] = [];
      let wire = { bytes: 0, encoding: '' };
      for (let i = 0; i < API_SAMPLES; i++) {
        const t = performance.now();
        wire = await rawGet(`${url}${path}`, encoding);
        times.push(performance.now() - t);
      }
      api[`${path} (${encoding})`] = { content_encoding: wire.encoding, bytes: wire.bytes, ms: stats(times) };
    }
  }
  progress('API measured');
  // (a) first topic row, fresh context (empty cache) each time
  const firstRow: number[] = [];
  const firstRowPainted: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const visit = await visitFirstShown(browser, `${url}/topics`, '[data-testid="topic-row"]');
    firstRow.push(visit.shown_ms);
    firstRowPainted.push(visit.painted_ms);
  }

  progress('page loads measured');
  // (b) keystrokes, one at a time (bench/browser.ts), then a header click and a jump to the end of the list
  const filter = await benchTopicFilter(browser, url, { query: QUERY, rounds: ROUNDS });
  const context = await newContext();
  const page = await context.newPage();
  await page.goto(`${url}/topics`);
  await page.locator('[data-testid="topic-row"]').first().waitFor();
  await waitForHydration(page, 'section[aria-label="Topic list"]');
  const renderedRows = await page.locator('[data-testid="topic-row"]').count();

  // sort by channel depth over all 10,000 rows: click → aria-sort changed and a frame painted
  const sortMs = await page.evaluate(async () => {
    const th = [...document.querySelectorAll('th')].find((t) =>
      t.textContent?.includes('Channel depth'),
    ) as HTMLElement;
    const button = th.querySelector('button') as HTMLButtonElement;
    const t0 = performance.now();
    button.click();
    while (th.getAttribute('aria-sort') !== 'descending') await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  });
  const topAfterSort = await page.locator('[data-testid="topic-row"]').first().getAttribute('data-topic');

  // scroll to the end: the last row is mounted and painted
  const scrollMs = await page.evaluate(async (last) => {
    const region = document.querySelector('section[aria-label="Topic list"]') as HTMLElement;
    const t0 = performance.now();
    region.scrollTop = region.scrollHeight;
    while (!document.querySelector(`[data-testid="topic-row"][aria-rowindex="${last}"]`))
      await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return performance.now() - t0;
  }, TOPICS + 1);
  const rowsAfterScroll = await page.locator('[data-testid="topic-row"]').count();
  await context.close();

  process.stdout.write(
    `${JSON.stringify(
      {
        setup: { topics: TOPICS, nsqd: 1, mode: 'nsqd', create_ms: Math.round(createMs), poll_interval: '2s' },
        first_topic_row_ms: stats(firstRow),
        first_topic_row_painted_ms: stats(firstRowPainted),
        keystroke_to_filtered_list_ms: {
          keystrokes: filter.keystrokes,
          clear_to_all_rows: filter.clear_to_all_rows_ms,
        },
        sort_10k_ms: r1(sortMs),
        top_after_sort: topAfterSort,
        scroll_to_end_ms: r1(scrollMs),
        rows_in_dom: { first_screen: renderedRows, at_end: rowsAfterScroll },
        api,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await browser.close();
  await con?.stop();
  await cluster.stop();
}
