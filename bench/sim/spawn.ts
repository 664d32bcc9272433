// Starts the large-cluster SIMULATOR (bench/sim/main.ts) as a child process and talks to it.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SimSpec } from './model';
import type { RequestCounts } from './server';

export interface SimulatorProcess {
  lookupdHttpAddress: string;
  nsqdHttpAddresses: string[];
  pid: number;
  counts(): Promise<RequestCounts>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

export async function spawnSimulator(spec: SimSpec): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(
    TSX,
    [
      MAIN,
      `--nodes=${spec.nodes}`,
      `--topics=${spec.topics}`,
      `--channels=${spec.channels}`,
      `--clients=${spec.clientsPerChannel}`,
      `--big-channel-clients=${spec.bigChannelClients}`,
      ...(spec.busyShare === undefined ? [] : [`--busy=${spec.busyShare}`]),
      ...(spec.busyOnEveryNode ? ['--busy-on-every-node'] : []),
    ],
    // its stdin is a pipe from this process: when this process ends, however, the simulator stops too
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code} before it listened`)));
  });
  const { lookupd, nsqds } = JSON.parse(first) as { lookupd: string; nsqds: string[] };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    lookupdHttpAddress: lookupd,
    nsqdHttpAddresses: nsqds,
    pid: child.pid!,
    counts: async () => (await (await fetch(`http://${lookupd}/_sim/counts`)).json()) as RequestCounts,
    reset: async () => {
      await fetch(`http://${lookupd}/_sim/reset`);
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
