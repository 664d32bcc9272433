import { describe, expect, it } from 'vitest';
import { otlpSignals } from './otlp-env';

describe('which signals go out over OTLP', () => {
  it('none without an endpoint, whatever else is set', () => {
    expect(otlpSignals({})).toEqual({ traces: false, metrics: false });
    expect(otlpSignals({ OTEL_SERVICE_NAME: 'nsq-console', OTEL_TRACES_SAMPLER: 'always_on' })).toEqual({
      traces: false,
      metrics: false,
    });
    expect(otlpSignals({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toEqual({ traces: false, metrics: false });
  });

  it('both with the common endpoint, one with its own', () => {
    expect(otlpSignals({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      traces: true,
      metrics: true,
    });
    expect(otlpSignals({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' })).toEqual({
      traces: true,
      metrics: false,
    });
    expect(otlpSignals({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'http://prom:9090/api/v1/otlp/v1/metrics' })).toEqual({
      traces: false,
      metrics: true,
    });
  });

  it('none when the SDK is disabled, and not a signal whose exporter is "none"', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(otlpSignals({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toEqual({ traces: false, metrics: false });
    expect(otlpSignals({ ...endpoint, OTEL_METRICS_EXPORTER: 'none' })).toEqual({ traces: true, metrics: false });
  });
});
