// The launcher: validates the configuration once (a bad value exits 1 naming the setting, the value
// and the reason), then runs Next's standalone server in this process with the resolved configuration
// handed over in NSQ_CONSOLE_RESOLVED. `npm run build` bundles it (scripts/build-launcher.mjs) into
// .next/standalone/start.mjs, which needs nothing but node: the container runs `node start.mjs` and
// `npm start` runs the same file. `tsx scripts/start.ts` runs it from source.
//
// Around Next's server it adds what Next does not do: it records each request's TCP peer for the
// /config CIDR check (lib/peer.ts), keeps Next's start-up banner out of the JSON log, and on SIGTERM
// or SIGINT stops the poller, lets requests in flight finish (SHUTDOWN_GRACE_MS at most) and exits 0.
// Next's own handler would exit 143 and wait for slow connections without a bound.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pkg from '../package.json';
import { RUNTIME_KEY } from '../lib/cluster/runtime-key';
import { ConfigError, RESOLVED_ENV, formatHostPort, loadConfig, serialiseConfig } from '../lib/config';
import { log, setLogLevel } from '../lib/log';
import { PEER_HEADER, markPeerHeaderInstalled } from '../lib/peer';

/** How long requests in flight may take to finish after SIGTERM before their connections are closed. */
const SHUTDOWN_GRACE_MS = 5_000;
/** Past this, something holds the server open: exit anyway, within Docker's and Kubernetes' 10 s. */
const SHUTDOWN_DEADLINE_MS = 9_000;

const argv = process.argv.slice(2);
if (argv.includes('--version') || argv.includes('-version')) {
  process.stdout.write(`nsq-console v${pkg.version}\n`);
  process.exit(0);
}

let loaded: ReturnType<typeof loadConfig>;
try {
  loaded = loadConfig(argv);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`nsq-console: ${e.message}\n`);
    process.exit(1);
  }
  throw e;
}

// Bundled, this file sits beside server.js in .next/standalone; from source, it is in scripts/.
const here = dirname(fileURLToPath(import.meta.url));
const server = [join(here, 'server.js'), join(here, '..', '.next', 'standalone', 'server.js')].find((f) => existsSync(f));
if (!server) {
  process.stderr.write('nsq-console: no production build found; run `npm run build` first\n');
  process.exit(1);
}

const { config, notices } = loaded;
const listenAddress = formatHostPort({ ...config.httpAddress, host: config.httpAddress.host || '0.0.0.0' });
setLogLevel(config.logLevel);
for (const n of notices) log('warn', n);
process.env[RESOLVED_ENV] = serialiseConfig(config);
process.env.PORT = String(config.httpAddress.port);
// Docker sets HOSTNAME to the container's id; Next's server reads it as the address to listen on.
process.env.HOSTNAME = config.httpAddress.host || '0.0.0.0';
// Next's standalone server reads NODE_ENV; a production build must run as production.
Object.assign(process.env, { NODE_ENV: 'production', NEXT_MANUAL_SIG_HANDLE: 'true' });
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const servers: http.Server[] = [];
const quiet = { log: console.log };
// Next prints a coloured banner with console.log while it starts; the listening line below says the same.
console.log = () => undefined;
const createServer = http.createServer;
http.createServer = ((...args: Parameters<typeof http.createServer>) => {
  const s = createServer(...args);
  servers.push(s);
  // Before Next's listener: overwrite whatever a client sent under this name with the socket's peer.
  s.prependListener('request', (req: http.IncomingMessage) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
  });
  s.once('listening', () => {
    setImmediate(() => {
      console.log = quiet.log;
    });
    log('info', 'listening', { address: `http://${listenAddress}` });
  });
  return s;
}) as typeof http.createServer;
markPeerHeaderInstalled();

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log('info', 'shutting down', { signal });
  const runtime = (globalThis as { [RUNTIME_KEY]?: { poller?: { stop(): void } } })[RUNTIME_KEY];
  runtime?.poller?.stop();
  setTimeout(() => {
    for (const s of servers) s.closeAllConnections();
  }, SHUTDOWN_GRACE_MS).unref();
  setTimeout(() => {
    log('error', 'still open after the shutdown deadline; exiting', { deadline_ms: SHUTDOWN_DEADLINE_MS });
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  void Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))).then(() => {
    log('info', 'stopped');
    process.exit(0);
  });
  for (const s of servers) s.closeIdleConnections();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

const source =
  config.mode === 'lookupd'
    ? `nsqlookupd ${config.lookupdHttpAddresses.join(', ')}`
    : `nsqd ${config.nsqdHttpAddresses.join(', ')}`;
log('info', `nsq-console v${pkg.version} on http://${listenAddress} reading ${source}, polling every ${config.pollIntervalMs}ms`, {
  log_level: config.logLevel,
});
await import(pathToFileURL(server).href);
