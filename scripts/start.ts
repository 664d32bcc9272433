// `npm start -- <nsqadmin flags>`: validates the configuration once (a bad value exits 1 naming the
// setting, the value and the reason), then runs Next's standalone server in this process with the
// resolved configuration handed over in NSQ_CONSOLE_RESOLVED. At the root that is the root build;
// under --base-path, the base-path build with the base path written in (scripts/base-path.ts).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, RESOLVED_ENV, loadConfig, serialiseConfig } from '../lib/config';
import { log } from '../lib/log';
import { prepareBasePathBuild } from './base-path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

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

let server = join(root, '.next', 'standalone', 'server.js');
if (config.basePath !== '/') {
  try {
    const served = prepareBasePathBuild(root, config.basePath);
    // Next's server ends the process on SIGTERM and SIGINT; 'exit' follows, where only sync work runs.
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

for (const n of notices) log('warn', n);
process.env[RESOLVED_ENV] = serialiseConfig(config);
process.env.PORT = String(config.httpAddress.port);
process.env.HOSTNAME = config.httpAddress.host || '0.0.0.0';
// Next's standalone server reads NODE_ENV; a production build must run as production.
Object.assign(process.env, { NODE_ENV: 'production' });
const source =
  config.mode === 'lookupd'
    ? `nsqlookupd ${config.lookupdHttpAddresses.join(', ')}`
    : `nsqd ${config.nsqdHttpAddresses.join(', ')}`;
const at = config.basePath === '/' ? '' : config.basePath;
log('info', `nsq-console v${pkg.version} on http://${config.httpAddress.host || '0.0.0.0'}:${config.httpAddress.port}${at} reading ${source}, polling every ${config.pollIntervalMs}ms`);
await import(server);
