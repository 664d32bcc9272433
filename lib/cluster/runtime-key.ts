// Where the server process keeps its one Runtime (lib/cluster/runtime.ts), in a module of its own so
// that the launcher (scripts/start.ts) can find the poller at shutdown without importing the server code.
export const RUNTIME_KEY = Symbol.for('nsq-console.runtime');

/**
 * The environment variable through which the launcher names the poll worker's bundle
 * (lib/cluster/poll-source.ts): Next's standalone server changes its working directory, so the
 * worker cannot be found from there.
 */
export const POLL_WORKER_ENV = 'NSQ_CONSOLE_POLL_WORKER';
