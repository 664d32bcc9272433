// An nsqd that stops answering while nsqlookupd still lists it (its process stopped: the kernel keeps
// its connections open) is down to the console, but lookupd goes on handing it out to consumers.
// That is what nsqadmin's tombstone is for, so the topic page offers it on the down node's row; a
// node lookupd has forgotten (killed: its connection closed) has nothing to tombstone. This spec has
// its own cluster so that stopping and killing nodes does not disturb the other specs.
import type { Page } from '@playwright/test';
import { type ConsoleServer, startConsole } from '../scripts/console-server';
import { httpRequest, type NsqCluster, startCluster } from '../scripts/nsq-cluster';
import { expect, test } from './fixtures';
import { screenshot } from './support';

let cluster: NsqCluster;
let con: ConsoleServer;
let stoppedPid: number | undefined;
let live: string;
let stopped: string;
let killed: string;

test.beforeAll(async () => {
  // in a hook, the hook's own timeout
  test.setTimeout(120_000);
  cluster = await startCluster({ nsqdCount: 3 });
  for (const n of cluster.nsqds) await httpRequest('POST', `http://${n.httpAddress}/topic/create?topic=shared`);
  con = await startConsole([
    `--lookupd-http-address=${cluster.lookupd.httpAddress}`,
    '--poll-interval=500ms',
    '--http-client-request-timeout=1s',
  ]);
  const [a, b, c] = cluster.nsqds;
  if (!a || !b || !c) throw new Error('need three nsqd');
  [live, stopped, killed] = [a.httpAddress, b.httpAddress, c.httpAddress];
  await expect
    .poll(async () => JSON.parse((await httpRequest('GET', `${con.url}/api/topics/shared`)).body).nodes?.length, {
      timeout: 15_000,
    })
    .toBe(3);
  await c.kill();
  stoppedPid = b.pid;
  if (stoppedPid === undefined) throw new Error('no pid for the nsqd to stop');
  process.kill(stoppedPid, 'SIGSTOP');
});

test.afterAll(async () => {
  if (stoppedPid !== undefined) process.kill(stoppedPid, 'SIGCONT');
  await con?.stop();
  await cluster?.stop();
});

const downRow = (page: Page, node: string) => page.locator(`[data-testid="node-down"][data-node="${node}"]`);
const producers = async () =>
  (
    JSON.parse((await httpRequest('GET', `http://${cluster.lookupd.httpAddress}/lookup?topic=shared`)).body) as {
      producers: { http_port: number }[];
    }
  ).producers
    .map((p) => `127.0.0.1:${p.http_port}`)
    .sort();

test('a node down but still listed by lookupd can be tombstoned from the topic page; lookupd stops handing it out', async ({
  page,
}) => {
  expect(await producers()).toEqual([live, stopped].sort());
  await page.goto(`${con.url}/topics/shared`);
  await expect(downRow(page, stopped)).toContainText('timed out');
  await expect(downRow(page, killed)).toContainText('ECONNREFUSED');
  await expect(downRow(page, killed).getByTestId('action-tombstone')).toHaveCount(0);
  await screenshot(page, 'topic-node-unresponsive');

  await downRow(page, stopped).getByTestId('action-tombstone').click();
  const dialog = page.getByRole('dialog', { name: `Tombstone topic shared on ${stopped}?` });
  await expect(dialog.getByTestId('tombstone-down-note')).toContainText('This node is down');
  await dialog.getByTestId('confirm-tombstone').click();
  // lookupd's tombstone holds; deleting the topic on the stopped node cannot, and the toast says so
  const toast = page.getByTestId('action-toast').filter({ hasText: `Topic shared on node ${stopped} tombstoned` });
  await expect(toast).toContainText('1 of 1 nsqlookupd');
  await expect(toast).toContainText(`${stopped} failed`);
  await expect(toast).toHaveAttribute('data-type', 'warning');
  expect(await producers()).toEqual([live]);
});
