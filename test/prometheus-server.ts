// A throwaway real Prometheus (the one scripts/install-prometheus.sh provides) for integration tests: a temp config
// scraping the given targets, a temp TSDB, 127.0.0.1 only; stop() ends it and removes both.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitForHttp } from '../scripts/nsq-cluster';
import { prometheusBin } from '../scripts/tools';

export interface PrometheusServer {
  readonly url: string;
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Fails with what to install when the binary is missing: these tests never skip silently. */
export function requirePrometheus(): string {
  const bin = prometheusBin();
  if (!existsSync(bin)) {
    throw new Error(
      `Prometheus not found at ${bin}: the Prometheus integration tests need a real Prometheus. ` +
        'Install it with `npm run tools:install` (npm test does), or set PROMETHEUS_BIN to its binary.',
    );
  }
  return bin;
}

export async function startPrometheus(opts: {
  port: number;
  targets: string[];
  scrapeIntervalS?: number;
}): Promise<PrometheusServer> {
  const bin = requirePrometheus();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nsq-console-prometheus-'));
  const interval = `${opts.scrapeIntervalS ?? 1}s`;
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
    'scrape_configs:',
    '  - job_name: nsq-console',
    '    static_configs:',
    `      - targets: [${opts.targets.map((t) => JSON.stringify(t)).join(', ')}]`,
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'prometheus.yml'), config);
  const child = spawn(
    bin,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${opts.port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
      waitForHttp(`${url}/-/ready`, 30_000),
      exited.then(() => {
        throw new Error(`prometheus exited during start-up:\n${out}`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, output: () => out, stop };
}
