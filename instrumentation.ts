// Starts what the server runs from its first moment: the OpenTelemetry SDK when an OTLP endpoint is
// set (lib/telemetry/sdk.ts), first, so that the console's meters and Next.js's spans find it; then
// the shared poller, so history accumulates before the first viewer.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startTelemetry } = await import('./lib/telemetry/sdk');
    startTelemetry();
    const { getRuntime } = await import('./lib/cluster/runtime');
    getRuntime();
  }
}
