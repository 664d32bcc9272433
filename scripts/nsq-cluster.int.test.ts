import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, httpRequest, liveChildPids, type NsqCluster, startCluster, startNsqadmin } from './nsq-cluster';

interface NodesBody {
  producers: { broadcast_address: string; http_port: number; tcp_port: number }[];
}

async function lookupdNodes(cluster: NsqCluster): Promise<string[]> {
  const res = await httpRequest('GET', `http://${cluster.lookupd.httpAddress}/nodes`);
  expect(res.status).toBe(200);
  const body = JSON.parse(res.body) as NodesBody;
  return body.producers.map((p) => `${p.broadcast_address}:${p.http_port}`).sort();
}

/** process.kill(pid, 0) throws ESRCH once the process is gone (and reaped). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const clusters: NsqCluster[] = [];
afterAll(async () => {
  // Reached even when an assertion failed half-way through a test.
  await Promise.all(clusters.map((c) => c.stop()));
});

describe('nsq-cluster', () => {
  it('freePort returns distinct usable ports', async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) expect(port).toBeGreaterThan(0);
  });

  it('starts, survives a crash + restart on the same ports, and stops without orphans', async () => {
    const cluster = await startCluster();
    clusters.push(cluster);
    const [first, second] = cluster.nsqds;
    if (!first || !second) throw new Error('expected two nsqds');

    expect(await lookupdNodes(cluster)).toEqual(cluster.nsqds.map((n) => n.httpAddress).sort());
    for (const nsqd of cluster.nsqds) {
      expect(nsqd.running).toBe(true);
      expect(nsqd.httpAddress).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(nsqd.tcpAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    }
    expect(first.dataDir).not.toBe(second.dataDir);

    // Topic metadata is persisted to the data dir, so it must survive a crash.
    // nsqd writes nsqd.dat asynchronously after the create, hence the wait.
    const created = await httpRequest('POST', `http://${first.httpAddress}/topic/create?topic=survivor`);
    expect(created.status).toBe(200);
    const metadataFile = path.join(first.dataDir, 'nsqd.dat');
    await eventually(
      async () => existsSync(metadataFile) && (await readFile(metadataFile, 'utf8')).includes('survivor'),
    );

    const pidsBefore = [cluster.lookupd.pid, first.pid, second.pid];
    const crashedPid = first.pid;
    const { httpAddress, tcpAddress, dataDir } = first;

    await first.kill();
    expect(first.running).toBe(false);
    expect(crashedPid !== undefined && isAlive(crashedPid)).toBe(false);
    await eventually(async () => (await lookupdNodes(cluster)).length === 1);

    await first.start();
    expect(first.running).toBe(true);
    expect(first.pid).not.toBe(crashedPid);
    expect([first.httpAddress, first.tcpAddress, first.dataDir]).toEqual([httpAddress, tcpAddress, dataDir]);
    expect((await httpRequest('GET', `http://${first.httpAddress}/ping`)).body).toBe('OK');
    expect(await lookupdNodes(cluster)).toEqual(cluster.nsqds.map((n) => n.httpAddress).sort());
    const stats = await httpRequest('GET', `http://${first.httpAddress}/stats?format=json&include_clients=false`);
    expect((JSON.parse(stats.body) as { topics: { topic_name: string }[] }).topics.map((t) => t.topic_name)).toContain(
      'survivor',
    );

    const admin = await startNsqadmin({ lookupdHttpAddresses: [cluster.lookupd.httpAddress] });
    const nodes = await httpRequest('GET', `http://${admin.httpAddress}/api/nodes`);
    expect((JSON.parse(nodes.body) as { nodes: unknown[] }).nodes).toHaveLength(2);
    const adminPid = admin.pid;
    await admin.stop();

    const allPids = [...pidsBefore, first.pid, adminPid].filter((p): p is number => p !== undefined);
    expect(allPids).toHaveLength(5);
    await cluster.stop();
    await cluster.stop(); // idempotent
    for (const pid of allPids) expect(isAlive(pid), `pid ${pid} still alive`).toBe(false);
    expect(liveChildPids()).toEqual([]);
    expect(first.running).toBe(false);
  });

  it('reports a child that dies during startup with its output and leaves nothing behind', async () => {
    const before = liveChildPids();
    await expect(startCluster({ nsqdCount: 1, extraNsqdArgs: ['--no-such-flag'] })).rejects.toThrow(
      /nsqd-1 exited with code 2 during startup[\s\S]*flag provided but not defined: -no-such-flag/,
    );
    expect(liveChildPids()).toEqual(before);
  });

  it('tells how to install missing binaries', async () => {
    await expect(startCluster({ binDir: '/nonexistent-nsq-bin' })).rejects.toThrow(/npm run nsq:install/);
  });
});
