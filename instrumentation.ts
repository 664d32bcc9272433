// Starts what the server runs from its first moment: the shared poller, so history accumulates
// before the first viewer; then, when an OTLP endpoint is set, the OpenTelemetry SDK
// (lib/telemetry/sdk.ts), which reads the poller's snapshots for its metrics. Spans need no order:
// the API hands out tracers that follow the provider once it is registered.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getRuntime } = await import('./lib/cluster/runtime');
    const rt = getRuntime();
    const { startTelemetry } = await import('./lib/telemetry/sdk');
    rt.telemetry = await startTelemetry(process.env, {
      snapshot: () => rt.poller.latest(),
      pollErrors: () => rt.pollErrors.get(),
      config: rt.config.metrics,
      startedAt: Date.now(),
    });
  }
}
