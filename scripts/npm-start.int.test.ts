// `npm start` as an operator or a process supervisor runs it: SIGTERM to the npm process stops the
// server, as it does for the container's `node start.mjs`. npm runs the script through `sh -c`, and
// a shell that does not exec its command takes the signal and leaves the server running, the port
// held. Needs `npm run build`.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort, type NsqCluster, startCluster, waitForHttp } from './nsq-cluster';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let cluster: NsqCluster;
let npm: ChildProcess | undefined;

beforeAll(async () => {
  cluster = await startCluster({ nsqdCount: 1 });
});

afterAll(async () => {
  // whatever the test left, in npm's process group (its own: detached)
  if (npm?.pid) killGroup(npm.pid, 'SIGKILL');
  await cluster?.stop();
});

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether nothing accepts connections on the port. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

it('SIGTERM to `npm start` stops the server within 10 s, freeing the port, and leaves no process behind', async () => {
  const port = await freePort();
  npm = spawn(
    'npm',
    ['start', '--', `--http-address=127.0.0.1:${port}`, `--lookupd-http-address=${cluster.lookupd.httpAddress}`],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  npm.stdout?.on('data', (b: Buffer) => (output += b));
  npm.stderr?.on('data', (b: Buffer) => (output += b));
  const group = npm.pid as number;
  await waitForHttp(`http://127.0.0.1:${port}/ping`, 30_000);

  process.kill(group, 'SIGTERM');
  const gone = async () => ({ portFree: await portFree(port), processLeft: killGroup(group, 0) });
  await expect.poll(gone, { timeout: 10_000, interval: 100 }).toEqual({ portFree: true, processLeft: false });
  expect(output).toContain('"msg":"shutting down"');
});
