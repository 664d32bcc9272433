// Shared by the browser tests: where the cluster is, nsqd's own numbers, accessibility and screenshots.

import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { nsqdStatsSchema, type TopicStats } from '../lib/nsq/schemas';
import { httpRequest } from '../scripts/nsq-cluster';

export const consoleUrl = (p = '/') => `${process.env.CONSOLE_URL as string}${p}`;
export const nsqdAddresses = () => (process.env.NSQD_HTTP_ADDRESSES as string).split(',');
export const lookupdAddress = () => process.env.LOOKUPD_HTTP_ADDRESS as string;

/** A channel with one consumer whose identity is hostile markup (see global-setup). */
export const PROBE = { topic: 'probe', channel: 'hostile' } as const;
/** a channel nothing consumes, with a backlog rule of its own (e2e/global-setup.ts) */
/** where the console links a message's trace (--trace-url-template) */
export const TRACE_URL_TEMPLATE = 'http://jaeger.example:16686/trace/{trace_id}';
export const ALERTING = { topic: 'alerting', channel: 'stuck', rule: 'stuck-backlog', threshold: 50 } as const;
export const HOSTILE = {
  clientId: '<img src=x onerror="window.__xss=1">',
  hostname: '<script>window.__xss=2</script>',
  userAgent: '<svg onload="window.__xss=3">',
} as const;

/** nsqd's /stats, read with the console's own schema (lib/nsq/schemas.ts). */
export async function nsqdStats(nsqd: string, query: Record<string, string> = {}) {
  const q = new URLSearchParams({ format: 'json', include_clients: 'false', include_mem: 'false', ...query });
  return nsqdStatsSchema.parse(JSON.parse((await httpRequest('GET', `http://${nsqd}/stats?${q}`)).body));
}

/** nsqd's own /stats for one topic on one node: the numbers the pages must show. */
export async function nsqdTopic(nsqd: string, topic: string): Promise<TopicStats | undefined> {
  return (await nsqdStats(nsqd, { topic })).topics.find((t) => t.topic_name === topic);
}

/** No serious or critical accessibility violation on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Screenshots go to a stable place (test-results/screenshots/<name>.png), kept as CI artifacts. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join('test-results', 'screenshots', `${name}.png`), fullPage: true });
}

/** Reads a formatted number ("1,234") from an element. */
export async function numberIn(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).first().innerText()).replace(/[^\d.-]/g, ''));
}
