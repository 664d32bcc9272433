// Starts the shared poller when the server starts, so history accumulates before the first viewer.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { getRuntime } = await import('./lib/cluster/runtime');
    getRuntime();
  }
}
