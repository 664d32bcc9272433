// A throwaway real Prometheus (the one scripts/install-prometheus.sh provides) for integration tests: a temp config
// scraping the given targets, a temp TSDB, 127.0.0.1 only; stop() ends it and removes both.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { prometheusBin } from '../scripts/tools';
import { requireBinary, startTempServer, type TempServer } from './temp-server';

export type PrometheusServer = TempServer;

/** Fails with what to install when the binary is missing. */
export const requirePrometheus = (): string => requireBinary(prometheusBin(), 'Prometheus', 'PROMETHEUS_BIN');

export function startPrometheus(opts: {
  port: number;
  targets: string[];
  scrapeIntervalS?: number;
  /** takes OTLP metrics at /api/v1/otlp/v1/metrics (Prometheus 3's --web.enable-otlp-receiver) */
  otlp?: boolean;
}): Promise<PrometheusServer> {
  return startTempServer({
    name: 'prometheus',
    bin: requirePrometheus(),
    port: opts.port,
    readyPath: '/-/ready',
    async setUp(dir) {
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
      return [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${opts.port}`,
        '--log.level=warn',
        ...(opts.otlp ? ['--web.enable-otlp-receiver'] : []),
      ];
    },
  });
}
