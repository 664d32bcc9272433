// Starts the production build of nsq-console exactly as `npm start` does (node and the launcher that
// `npm run build` bundles, no tsx), on 127.0.0.1 (a free port unless one is given), for the demo and
// for integration and browser tests. Needs `npm run build`.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normaliseBasePath } from '../lib/config';
import { freePort, waitForHttp } from './nsq-cluster';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface ConsoleServer {
  /** where the console is: the origin plus the --base-path, if one was given ("http://127.0.0.1:4171/nsq") */
  readonly url: string;
  /** scheme, host and port only */
  readonly origin: string;
  /** the server process (for the benchmarks' CPU and RSS readings) */
  readonly pid: number;
  /** everything the server printed so far */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export interface StartConsoleOptions {
  port?: number;
  env?: Record<string, string>;
  /** print the server's output as it comes (the demo) instead of only keeping it */
  echo?: boolean;
}

export async function startConsole(args: string[], opts: StartConsoleOptions = {}): Promise<ConsoleServer> {
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, ['scripts/start-built.mjs', `--http-address=127.0.0.1:${port}`, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  const append = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-64_000);
    if (opts.echo) process.stdout.write(b);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code === null ? `signal ${signal}` : `exit code ${code}`)),
  );
  void exited.then(() => running.delete(child));

  const origin = `http://127.0.0.1:${port}`;
  // the last --base-path wins, as in the launcher; '' at the root
  const given = args.findLast((a) => /^--?base-path=/.test(a));
  const base = given === undefined ? '/' : normaliseBasePath(given.slice(given.indexOf('=') + 1));
  const url = origin + (base === '/' ? '' : base);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await Promise.race([
      waitForHttp(`${url}/ping`, 30_000),
      exited.then((how) => {
        throw new Error(`nsq-console exited during start-up (${how}):\n${out}`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, origin, pid: child.pid!, output: () => out, stop };
}
