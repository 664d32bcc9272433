// Shared by the browser tests: where the cluster is, nsqd's own numbers, accessibility and screenshots.

import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { httpRequest } from '../scripts/nsq-cluster';

export const consoleUrl = (p = '/') => `${process.env.CONSOLE_URL as string}${p}`;
export const nsqdAddresses = () => (process.env.NSQD_HTTP_ADDRESSES as string).split(',');
export const lookupdAddress = () => process.env.LOOKUPD_HTTP_ADDRESS as string;

/** A channel with one consumer whose identity is hostile markup (see global-setup). */
export const PROBE = { topic: 'probe', channel: 'hostile' } as const;
export const HOSTILE = {
  clientId: '<img src=x onerror="window.__xss=1">',
  hostname: '<script>window.__xss=2</script>',
  userAgent: '<svg onload="window.__xss=3">',
} as const;

export interface NsqdChannelStats {
  channel_name: string;
  depth: number;
  in_flight_count: number;
  deferred_count: number;
  requeue_count: number;
  timeout_count: number;
  message_count: number;
  client_count: number;
}
export interface NsqdTopicStats {
  topic_name: string;
  depth: number;
  message_count: number;
  channels: NsqdChannelStats[];
}

/** nsqd's own /stats for one topic on one node: the numbers the pages must show. */
export async function nsqdTopic(nsqd: string, topic: string): Promise<NsqdTopicStats | undefined> {
  const q = new URLSearchParams({ format: 'json', topic, include_clients: 'false', include_mem: 'false' });
  const res = await httpRequest('GET', `http://${nsqd}/stats?${q}`);
  return (JSON.parse(res.body) as { topics: NsqdTopicStats[] | null }).topics?.[0];
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
