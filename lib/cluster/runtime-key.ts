// Where the server process keeps its one Runtime (lib/cluster/runtime.ts), in a module of its own so
// that the launcher (scripts/start.ts) can find the poller at shutdown without importing the server code.
export const RUNTIME_KEY = Symbol.for('nsq-console.runtime');
