import 'server-only';
// The OpenTelemetry SDK, started from instrumentation.ts when an OTLP endpoint is set (otlp-env.ts).
// Everything else is the SDK's own reading of the standard variables: protocol, headers, service name,
// resource attributes, sampler, export intervals. Next.js then traces its requests through the
// registered provider, and lib/telemetry/tracing.ts and otel-metrics.ts add the console's own.
import { envDetector, hostDetector, osDetector, serviceInstanceIdDetector } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { log } from '../log';
import { type Env, otlpSignals } from './otlp-env';

export function startTelemetry(env: Env = process.env): NodeSDK | null {
  const signals = otlpSignals(env);
  if (!signals.traces && !signals.metrics) return null;
  const sdk = new NodeSDK({
    // an empty list keeps the SDK from configuring that signal from the environment
    ...(signals.traces ? {} : { spanProcessors: [] }),
    ...(signals.metrics ? {} : { metricReaders: [] }),
    // the console's logs go to stderr, not to OTLP
    logRecordProcessors: [],
    instrumentations: [],
    // the SDK's defaults less its process detector, which would send the whole command line, and
    // with it any secret given as a flag (--notification-http-header, --basic-auth-user hashes).
    // OTEL_NODE_RESOURCE_DETECTORS still chooses, as the SDK documents.
    ...(env.OTEL_NODE_RESOURCE_DETECTORS
      ? {}
      : { resourceDetectors: [serviceInstanceIdDetector, hostDetector, osDetector, envDetector] }),
  });
  sdk.start();
  log('info', 'OpenTelemetry export started', { ...signals });
  return sdk;
}
