// Which signals the console exports over OTLP, from the standard OpenTelemetry variables alone. An
// exporter starts only where an endpoint is set, for every signal (OTEL_EXPORTER_OTLP_ENDPOINT) or
// for that one (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, ..._METRICS_ENDPOINT): the SDK's own default
// would send to localhost:4318 whether or not anything listens there. OTEL_SDK_DISABLED=true and an
// exporter of "none" turn a signal off as the SDK does.
export type Env = Readonly<Record<string, string | undefined>>;

export interface OtlpSignals {
  traces: boolean;
  metrics: boolean;
}

const set = (v: string | undefined) => v !== undefined && v.trim() !== '';

function exports(env: Env, signal: 'TRACES' | 'METRICS'): boolean {
  const exporters = (env[`OTEL_${signal}_EXPORTER`] ?? '').split(',').map((s) => s.trim());
  if (exporters.includes('none')) return false;
  return set(env.OTEL_EXPORTER_OTLP_ENDPOINT) || set(env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`]);
}

export function otlpSignals(env: Env): OtlpSignals {
  if ((env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true') return { traces: false, metrics: false };
  return { traces: exports(env, 'TRACES'), metrics: exports(env, 'METRICS') };
}
