// A throwaway real Jaeger (the v2 all-in-one that scripts/install-jaeger.sh provides) for integration
// tests: OTLP over HTTP in, the query API out, traces kept in memory, every port free and on
// 127.0.0.1 (Jaeger's own defaults listen on fixed ports); stop() ends it.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../scripts/nsq-cluster';
import { jaegerBin } from '../scripts/tools';
import { requireBinary, startTempServer, type TempServer } from './temp-server';

export interface JaegerServer extends TempServer {
  /** where OTLP/HTTP traces go: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT */
  readonly otlpTracesUrl: string;
}

/** One span as Jaeger's query API (GET /api/traces) gives it. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}

export const requireJaeger = (): string => requireBinary(jaegerBin(), 'Jaeger', 'JAEGER_BIN');

export async function startJaeger(): Promise<JaegerServer> {
  const [query, queryGrpc, otlp] = [await freePort(), await freePort(), await freePort()];
  const server = await startTempServer({
    name: 'jaeger',
    bin: requireJaeger(),
    port: query,
    readyPath: '/api/services',
    async setUp(dir) {
      const config = [
        'service:',
        '  extensions: [jaeger_storage, jaeger_query]',
        '  pipelines:',
        '    traces:',
        '      receivers: [otlp]',
        '      processors: [batch]',
        '      exporters: [jaeger_storage_exporter]',
        '  telemetry:',
        '    metrics:',
        '      level: none',
        '    logs:',
        '      level: warn',
        'extensions:',
        '  jaeger_storage:',
        '    backends:',
        '      memstore:',
        '        memory:',
        '          max_traces: 10000',
        '  jaeger_query:',
        '    storage:',
        '      traces: memstore',
        '    http:',
        `      endpoint: 127.0.0.1:${query}`,
        '    grpc:',
        `      endpoint: 127.0.0.1:${queryGrpc}`,
        'receivers:',
        '  otlp:',
        '    protocols:',
        '      http:',
        `        endpoint: 127.0.0.1:${otlp}`,
        'processors:',
        '  batch:',
        '    timeout: 100ms',
        'exporters:',
        '  jaeger_storage_exporter:',
        '    trace_storage: memstore',
        '',
      ].join('\n');
      await writeFile(path.join(dir, 'jaeger.yaml'), config);
      return [`--config=${path.join(dir, 'jaeger.yaml')}`];
    },
  });
  return { ...server, otlpTracesUrl: `http://127.0.0.1:${otlp}/v1/traces` };
}

/** The tag's value on a span, or undefined. */
export const tag = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;
