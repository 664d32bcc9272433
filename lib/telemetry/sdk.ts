import 'server-only';
// The OpenTelemetry SDK, started from instrumentation.ts when an OTLP endpoint is set (otlp-env.ts),
// and only then loaded: without one, the console runs none of it. Everything else is the SDK's own
// reading of the standard variables (headers, service name, resource attributes, sampler, batch
// delays). Next.js then traces its requests through the registered provider, tracing.ts adds the
// console's spans, and otel-metrics.ts the cluster's series.
import { log } from '../log';
import type { ClusterSource } from './otel-metrics';
import { type Env, otlpSignals } from './otlp-env';

export interface Telemetry {
  shutdown(): Promise<void>;
}

const number = (v: string | undefined, fallback: number) => {
  const n = Number(v);
  return v !== undefined && v.trim() !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
};

/**
 * The metrics reader, built here rather than by the SDK so that it carries the cluster's producer:
 * the OTLP exporter of the protocol asked for (each reads its endpoint and headers itself), at the
 * interval asked for (the SDK's defaults: 60 s, 30 s timeout).
 */
async function metricReader(env: Env, source: ClusterSource) {
  const protocol = (env.OTEL_EXPORTER_OTLP_METRICS_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? '').trim();
  const { OTLPMetricExporter } =
    protocol === 'grpc'
      ? await import('@opentelemetry/exporter-metrics-otlp-grpc')
      : protocol === 'http/json'
        ? await import('@opentelemetry/exporter-metrics-otlp-http')
        : await import('@opentelemetry/exporter-metrics-otlp-proto');
  const { PeriodicExportingMetricReader } = await import('@opentelemetry/sdk-metrics');
  const { ClusterMetricProducer } = await import('./otel-metrics');
  const interval = number(env.OTEL_METRIC_EXPORT_INTERVAL, 60_000);
  return new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter(),
    exportIntervalMillis: interval,
    exportTimeoutMillis: Math.min(number(env.OTEL_METRIC_EXPORT_TIMEOUT, 30_000), interval),
    metricProducers: [new ClusterMetricProducer(source)],
  });
}

export async function startTelemetry(env: Env, source: ClusterSource): Promise<Telemetry | null> {
  const signals = otlpSignals(env);
  if (!signals.traces && !signals.metrics) return null;
  const [{ NodeSDK }, resources] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/resources'),
  ]);
  const sdk = new NodeSDK({
    // an empty list keeps the SDK from configuring that signal from the environment
    ...(signals.traces ? {} : { spanProcessors: [] }),
    metricReaders: signals.metrics ? [await metricReader(env, source)] : [],
    // the console's logs go to stderr, not to OTLP
    logRecordProcessors: [],
    instrumentations: [],
    // the SDK's defaults less its process detector, which would send the whole command line, and
    // with it any secret given as a flag (--notification-http-header, --basic-auth-user hashes).
    // OTEL_NODE_RESOURCE_DETECTORS still chooses, as the SDK documents.
    ...(env.OTEL_NODE_RESOURCE_DETECTORS
      ? {}
      : {
          resourceDetectors: [
            resources.serviceInstanceIdDetector,
            resources.hostDetector,
            resources.osDetector,
            resources.envDetector,
          ],
        }),
  });
  sdk.start();
  log('info', 'OpenTelemetry export started', { ...signals });
  return sdk;
}
