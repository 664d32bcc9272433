// A real server binary run for an integration test: its own temp directory (config and data), its
// output kept for error messages, ready once its readiness URL answers; stop() ends it (SIGTERM, then
// SIGKILL after 5 s) and removes the directory. A test process that exits kills what is left.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitForHttp } from '../scripts/nsq-cluster';

export interface TempServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** The binary, or an error that says how to get it: these tests never skip silently. */
export function requireBinary(bin: string, name: string, envVar: string): string {
  if (!existsSync(bin)) {
    throw new Error(
      `${name} not found at ${bin}: these integration tests need a real ${name}. ` +
        `Install it with \`npm run tools:install\` (npm test does), or set ${envVar} to its binary.`,
    );
  }
  return bin;
}

export async function startTempServer(opts: {
  /** names the temp directory and the start-up error */
  name: string;
  bin: string;
  port: number;
  /** writes the config into the temp directory and returns the command line */
  setUp(dir: string): Promise<string[]>;
  /** the path that answers once the server is ready, e.g. /-/ready */
  readyPath: string;
}): Promise<TempServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `nsq-console-${opts.name}-`));
  const child = spawn(opts.bin, await opts.setUp(dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  const append = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-32_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await Promise.race([
      waitForHttp(`${url}${opts.readyPath}`, 30_000),
      exited.then(() => {
        throw new Error(`${opts.name} exited during start-up:\n${out}`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, output: () => out, stop };
}
