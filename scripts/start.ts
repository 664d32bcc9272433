// The launcher: validates the configuration once (a bad value exits 1 naming the setting, the value
// and the reason), then runs Next's standalone server in this process with the resolved configuration
// handed over in NSQ_CONSOLE_RESOLVED. At the root that is the root build; under --base-path, the
// base-path build with the base path written into a temporary copy (scripts/base-path.ts).
// `npm run build` bundles this file (scripts/build.ts) into .next/standalone/start.mjs, which needs
// nothing but node: the container runs `node start.mjs` and `npm start` runs the same file.
// `tsx scripts/start.ts` runs it from source.
//
// Where the builds are: beside the bundle, the root build's server.js; the base-path build in
// .next-base-path/standalone under the installation root, which is the bundle's own directory in the
// image (the Dockerfile copies it there) and the project root in a checkout.
//
// Around Next's server, either build, it adds what Next does not do: it records each request's TCP
// peer for the /config CIDR check (lib/peer.ts), sets the security headers and the request's CSP
// nonce on every response (lib/security-headers.ts), keeps Next's start-up banner out of the JSON log, and
// on SIGTERM or SIGINT stops the poller, lets requests in flight finish (SHUTDOWN_GRACE_MS at most),
// removes the base-path copy and exits 0. Next's own handler would exit 143 and wait for slow
// connections without a bound.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { POLL_WORKER_ENV, RUNTIME_KEY } from '../lib/cluster/runtime-key';
import { ConfigError, formatHostPort, loadConfig, RESOLVED_ENV, serialiseConfig } from '../lib/config';
import { log, setLogLevel } from '../lib/log';
import { markPeerHeaderInstalled, PEER_HEADER } from '../lib/peer';
import { newNonce, securityHeaders } from '../lib/security-headers';
import pkg from '../package.json';
import { BASE_PATH_BUILD_DIR, prepareBasePathBuild } from './base-path';

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

const { config, notices } = loaded;

// Bundled, this file sits beside server.js: in .next/standalone of a checkout, or in the image's
// WORKDIR. From source, it is in scripts/.
const here = dirname(fileURLToPath(import.meta.url));
const bundled = existsSync(join(here, 'server.js'));
const rootServer = bundled ? join(here, 'server.js') : join(here, '..', '.next', 'standalone', 'server.js');
/** Where .next-base-path/ is: beside the bundle in the image, else the project root. */
const installRoot = !bundled
  ? join(here, '..')
  : existsSync(join(here, BASE_PATH_BUILD_DIR))
    ? here
    : join(here, '..', '..');

let server = rootServer;
if (config.basePath !== '/') {
  try {
    const served = prepareBasePathBuild(installRoot, config.basePath);
    // 'exit' comes on every way out but SIGKILL (shutdown() below ends in process.exit); sync work only
    process.on('exit', served.remove);
    server = served.serverJs;
  } catch (e) {
    process.stderr.write(`nsq-console: --base-path=${config.basePath}: ${(e as Error).message}\n`);
    process.exit(1);
  }
} else if (!existsSync(server)) {
  process.stderr.write('nsq-console: no production build found; run `npm run build` first\n');
  process.exit(1);
}

const listenAddress = formatHostPort({ ...config.httpAddress, host: config.httpAddress.host || '0.0.0.0' });
const at = config.basePath === '/' ? '' : config.basePath;
setLogLevel(config.logLevel);
for (const n of notices) log('warn', n);
process.env[RESOLVED_ENV] = serialiseConfig(config);
// the poll worker, bundled beside the launcher by `npm run build` (lib/cluster/poll-source.ts)
process.env[POLL_WORKER_ENV] = join(bundled ? here : join(here, '..', '.next', 'standalone'), 'poll-worker.mjs');
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
  s.prependListener('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? '';
    const headers = securityHeaders(newNonce());
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // Next.js takes the nonce for its scripts from the request's policy; a client's own is replaced
    req.headers['content-security-policy'] = headers['Content-Security-Policy'];
    delete req.headers['content-security-policy-report-only'];
  });
  s.once('listening', () => {
    setImmediate(() => {
      console.log = quiet.log;
    });
    log('info', 'listening', { address: `http://${listenAddress}${at}` });
  });
  return s;
}) as typeof http.createServer;
markPeerHeaderInstalled();

let stopping = false;
function shutdown(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log('info', 'shutting down', { signal });
  const runtime = (
    globalThis as {
      [RUNTIME_KEY]?: { poller?: { stop(): void }; telemetry?: { shutdown(): Promise<void> } | null };
    }
  )[RUNTIME_KEY];
  runtime?.poller?.stop();
  // the last spans and metrics, sent while requests finish; the exit below does not wait for them
  void runtime?.telemetry?.shutdown().catch(() => undefined);
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
log(
  'info',
  `nsq-console v${pkg.version} on http://${listenAddress}${at} reading ${source}, polling every ${config.pollIntervalMs}ms`,
  {
    log_level: config.logLevel,
  },
);
await import(pathToFileURL(server).href);
