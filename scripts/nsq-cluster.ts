/**
 * Launches throwaway NSQ v1.3.0 clusters (nsqlookupd + N nsqd, optionally
 * nsqadmin) on free 127.0.0.1 ports for integration tests, fixtures and demos.
 *
 * Binaries come from `.nsq/bin` (see scripts/install-nsq.sh) so every developer
 * and CI run exercises the exact same NSQ version.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type NsqBinaryName = 'nsqd' | 'nsqlookupd' | 'nsqadmin' | 'to_nsq' | 'nsq_tail';

export interface NsqdProcess {
  readonly name: string;
  readonly httpAddress: string;
  /** Only when started with `tls`; otherwise ''. */
  readonly httpsAddress: string;
  readonly tcpAddress: string;
  readonly dataDir: string;
  readonly running: boolean;
  /** OS pid of the current (or last) process; undefined before the first start. */
  readonly pid: number | undefined;
  /** SIGTERM, wait for exit (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** SIGKILL, simulates a crash. */
  kill(): Promise<void>;
  /** (Re)start on the same ports and data dir, wait until /ping answers (and lookupd lists it). */
  start(): Promise<void>;
}

export interface LookupdProcess {
  readonly httpAddress: string;
  readonly tcpAddress: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface NsqCluster {
  /** Throws when the cluster was started with `withLookupd: false`. */
  readonly lookupd: LookupdProcess;
  readonly nsqds: readonly NsqdProcess[];
  /** Stops everything and removes temp dirs; safe to call twice. */
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Default 2. */
  nsqdCount?: number;
  /** Passed as one --e2e-processing-latency-percentile flag each. */
  e2eLatencyPercentiles?: number[];
  /** Default true. */
  withLookupd?: boolean;
  /** Appended last, so they override the launcher's own flags. */
  extraNsqdArgs?: string[];
  /** Every nsqd serves HTTPS on its own free port with these files (nsqd's --tls-* flags). */
  tls?: NsqdTlsOptions;
  /** Default <root>/.nsq/bin, overridable by env NSQ_BIN_DIR. */
  binDir?: string;
}

export interface NsqdTlsOptions {
  certFile: string;
  keyFile: string;
  /** the CA nsqd checks client certificates against */
  rootCaFile?: string;
  /** --tls-required=true: plain HTTP answers every request with 403 {"https_port": ...} */
  required?: boolean;
  /** --tls-client-auth-policy */
  clientAuthPolicy?: 'require' | 'require-verify';
}

export interface NsqadminProcess {
  readonly httpAddress: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export type NsqadminOptions =
  | { lookupdHttpAddresses: string[]; binDir?: string }
  | { nsqdHttpAddresses: string[]; binDir?: string };

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;
const OUTPUT_TAIL_BYTES = 16 * 1024;
const PORT_ATTEMPTS = 3;

function resolveBinDir(binDir?: string): string {
  return binDir ?? process.env.NSQ_BIN_DIR ?? path.join(ROOT, '.nsq', 'bin');
}

export function nsqBinary(name: NsqBinaryName, binDir?: string): string {
  const file = path.resolve(resolveBinDir(binDir), name);
  if (!existsSync(file)) {
    throw new Error(
      `NSQ binary not found: ${file}. Run \`npm run nsq:install\` to install NSQ v1.3.0 into .nsq/bin ` +
        '(or point NSQ_BIN_DIR at a directory containing the v1.3.0 binaries).',
    );
  }
  return file;
}

// Ports handed out recently; the OS may hand the same ephemeral port to two
// back-to-back bind(0) calls, and two of our children must never share one.
const recentPorts = new Set<number>();

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        const address = server.address();
        const found = typeof address === 'object' && address !== null ? address.port : 0;
        server.close(() => resolve(found));
      });
    });
    if (port > 0 && !recentPorts.has(port)) {
      recentPorts.add(port);
      if (recentPorts.size > 512) {
        const oldest = recentPorts.values().next();
        if (oldest.done !== true) recentPorts.delete(oldest.value);
      }
      return port;
    }
  }
  throw new Error('could not find a free TCP port on 127.0.0.1');
}

/**
 * Minimal HTTP client. Uses a fresh non-keep-alive socket per request so that
 * nothing lingers in the event loop after a test (global fetch pools sockets).
 */
export function httpRequest(
  method: string,
  url: string,
  options: { body?: string | Buffer; timeoutMs?: number; headers?: Record<string, string> } = {},
): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    const req = http.request(
      url,
      { method, agent: false, headers: { connection: 'close', ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 5_000, () => {
      req.destroy(new Error(`${method} ${url} timed out`));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns true. `abortIf` lets callers fail fast (e.g.
 * the child died) instead of waiting out the whole timeout.
 */
async function pollUntil(
  description: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  abortIf?: () => Error | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    const abort = abortIf?.();
    if (abort) throw abort;
    try {
      if (await check()) return;
      lastError = '';
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}${lastError ? ` (last error: ${lastError})` : ''}`,
      );
    }
    await sleep(50);
  }
}

export async function waitForHttp(url: string, timeoutMs = STARTUP_TIMEOUT_MS): Promise<void> {
  await pollUntil(url, timeoutMs, async () => (await httpRequest('GET', url, { timeoutMs: 1_000 })).status === 200);
}

/* ------------------------------------------------------------------------ */
/* Orphan protection                                                          */
/* ------------------------------------------------------------------------ */

const liveChildren = new Set<ChildProcess>();
const liveTempDirs = new Set<string>();
let exitHooksInstalled = false;

function killAllSync(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone; nothing left to clean up.
    }
  }
  liveChildren.clear();
  for (const dir of liveTempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: a leftover temp dir is harmless, a throw in 'exit' is not.
    }
  }
  liveTempDirs.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  // 'exit' handlers must be synchronous, hence SIGKILL + rmSync.
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // If the host program registered its own handler it owns the shutdown
      // (e.g. a graceful cluster.stop()); the 'exit' hook still catches leftovers.
      if (process.listenerCount(signal) > 1) return;
      killAllSync();
      process.off(signal, onSignal);
      // Re-raise so the process dies with the default signal semantics.
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/* ------------------------------------------------------------------------ */
/* Child process wrapper                                                      */
/* ------------------------------------------------------------------------ */

/**
 * Bounded record of a child's output for error messages: the first bytes (a
 * bad flag or bind error shows up there, before Go's usage text) plus the
 * last `limit` bytes.
 */
class OutputTail {
  private head = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = false;

  constructor(
    private readonly limit: number,
    private readonly headLimit = 1_024,
  ) {}

  append(chunk: Buffer): void {
    if (this.head.length < this.headLimit) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, this.headLimit - this.head.length)]);
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length > 1) {
      const first = this.chunks.shift();
      this.size -= first?.length ?? 0;
      this.dropped = true;
    }
  }

  text(tailChars = 3_000): string {
    const all = Buffer.concat(this.chunks).toString('utf8');
    const head = this.head.toString('utf8');
    if (!this.dropped && all.length <= head.length + tailChars) return all;
    return `${head}\n…\n${all.slice(-tailChars)}`;
  }
}

class ManagedChild {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private spawnError: Error | undefined;
  readonly output = new OutputTail(OUTPUT_TAIL_BYTES);

  constructor(
    readonly label: string,
    private readonly binary: string,
  ) {}

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null && !this.spawnError
    );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  spawn(args: string[]): void {
    if (this.running) throw new Error(`${this.label} is already running`);
    installExitHooks();
    this.spawnError = undefined;
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false });
    this.child = child;
    liveChildren.add(child);
    // Both streams must be drained or the child blocks once the pipe fills.
    child.stdout?.on('data', (chunk: Buffer) => this.output.append(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.output.append(chunk));
    this.exited = new Promise<void>((resolve) => {
      child.once('error', (err) => {
        this.spawnError = err;
        liveChildren.delete(child);
        resolve();
      });
      child.once('exit', () => {
        liveChildren.delete(child);
        resolve();
      });
    });
  }

  /** Error describing why the child is not running, with its output tail. */
  deathError(context: string): Error | undefined {
    if (this.running) return undefined;
    const child = this.child;
    const how = this.spawnError
      ? `failed to spawn: ${this.spawnError.message}`
      : `exited with ${child?.signalCode ?? `code ${String(child?.exitCode)}`}`;
    const tail = this.output.text().trim();
    return new Error(
      `${this.label} ${how} ${context}${tail ? `\n--- ${this.label} output (head … tail) ---\n${tail}` : ''}`,
    );
  }

  async terminate(signal: NodeJS.Signals, graceMs = STOP_GRACE_MS): Promise<void> {
    const child = this.child;
    if (!child || !this.running) {
      await this.exited;
      return;
    }
    child.kill(signal);
    if (signal === 'SIGKILL') {
      await this.exited;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const escalate = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        if (this.running) child.kill('SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([this.exited, escalate]);
    clearTimeout(timer);
    await this.exited;
  }
}

/** True when a failed startup looks like a lost race for a "free" port. */
function isPortClash(err: unknown): boolean {
  return err instanceof Error && /address already in use/i.test(err.message);
}

/* ------------------------------------------------------------------------ */
/* nsqlookupd                                                                 */
/* ------------------------------------------------------------------------ */

class Lookupd implements LookupdProcess {
  private readonly proc: ManagedChild;
  httpAddress = '';
  tcpAddress = '';

  constructor(binDir: string | undefined) {
    this.proc = new ManagedChild('nsqlookupd', nsqBinary('nsqlookupd', binDir));
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const [httpPort, tcpPort] = [await freePort(), await freePort()];
      this.httpAddress = `${HOST}:${httpPort}`;
      this.tcpAddress = `${HOST}:${tcpPort}`;
      this.proc.spawn([
        `--http-address=${this.httpAddress}`,
        `--tcp-address=${this.tcpAddress}`,
        `--broadcast-address=${HOST}`,
      ]);
      try {
        await pollUntil(
          `nsqlookupd /ping at ${this.httpAddress}`,
          STARTUP_TIMEOUT_MS,
          async () =>
            (await httpRequest('GET', `http://${this.httpAddress}/ping`, { timeoutMs: 1_000 })).status === 200,
          () => this.proc.deathError('during startup'),
        );
        return;
      } catch (err) {
        await this.proc.terminate('SIGKILL');
        if (attempt < PORT_ATTEMPTS && isPortClash(err)) continue;
        throw err;
      }
    }
  }

  async stop(): Promise<void> {
    await this.proc.terminate('SIGTERM');
  }

  /** Waits until /nodes lists a producer with each of the given HTTP addresses. */
  async waitForNodes(nsqdHttpAddresses: readonly string[], timeoutMs = STARTUP_TIMEOUT_MS): Promise<void> {
    await pollUntil(
      `nsqlookupd ${this.httpAddress} to list nsqd ${nsqdHttpAddresses.join(', ')}`,
      timeoutMs,
      async () => {
        const res = await httpRequest('GET', `http://${this.httpAddress}/nodes`, { timeoutMs: 1_000 });
        if (res.status !== 200) return false;
        const listed = new Set(parseProducers(res.body).map((p) => `${p.broadcast_address}:${p.http_port}`));
        return nsqdHttpAddresses.every((address) => listed.has(address));
      },
      () => this.proc.deathError('while waiting for nsqd registrations'),
    );
  }
}

interface LookupdProducer {
  broadcast_address: string;
  http_port: number;
  tcp_port: number;
}

function parseProducers(body: string): LookupdProducer[] {
  const parsed: unknown = JSON.parse(body);
  if (typeof parsed !== 'object' || parsed === null || !('producers' in parsed)) return [];
  const producers = (parsed as { producers: unknown }).producers;
  return Array.isArray(producers) ? (producers as LookupdProducer[]) : [];
}

/* ------------------------------------------------------------------------ */
/* nsqd                                                                       */
/* ------------------------------------------------------------------------ */

class Nsqd implements NsqdProcess {
  private readonly proc: ManagedChild;
  httpAddress = '';
  httpsAddress = '';
  tcpAddress = '';

  constructor(
    readonly name: string,
    readonly dataDir: string,
    private readonly nodeId: number,
    private readonly lookupd: Lookupd | undefined,
    private readonly options: ClusterOptions,
  ) {
    this.proc = new ManagedChild(name, nsqBinary('nsqd', options.binDir));
  }

  get running(): boolean {
    return this.proc.running;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  private args(): string[] {
    const args = [
      `--http-address=${this.httpAddress}`,
      `--tcp-address=${this.tcpAddress}`,
      // HTTPS only listens when TLS is configured, but an empty value makes
      // sure it can never grab the shared default port 4152.
      `--https-address=${this.httpsAddress}`,
      `--broadcast-address=${HOST}`,
      `--data-path=${this.dataDir}`,
      // The default node id is a hash of the hostname, i.e. identical for
      // every nsqd on one machine.
      `--node-id=${this.nodeId}`,
    ];
    if (this.lookupd) args.push(`--lookupd-tcp-address=${this.lookupd.tcpAddress}`);
    const tls = this.options.tls;
    if (tls) {
      args.push(`--tls-cert=${tls.certFile}`, `--tls-key=${tls.keyFile}`);
      if (tls.rootCaFile) args.push(`--tls-root-ca-file=${tls.rootCaFile}`);
      if (tls.required) args.push('--tls-required=true');
      if (tls.clientAuthPolicy) args.push(`--tls-client-auth-policy=${tls.clientAuthPolicy}`);
    }
    for (const p of this.options.e2eLatencyPercentiles ?? []) {
      args.push(`--e2e-processing-latency-percentile=${p}`);
    }
    args.push(...(this.options.extraNsqdArgs ?? []));
    return args;
  }

  /** First start: picks free ports, retrying if another process wins the race for one. */
  async launch(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.httpAddress = `${HOST}:${await freePort()}`;
      this.tcpAddress = `${HOST}:${await freePort()}`;
      if (this.options.tls) this.httpsAddress = `${HOST}:${await freePort()}`;
      try {
        await this.start();
        return;
      } catch (err) {
        if (attempt < PORT_ATTEMPTS && isPortClash(err)) continue;
        throw err;
      }
    }
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.proc.spawn(this.args());
    // With --tls-required, plain HTTP answers 403 TLS_REQUIRED to everything, /ping included.
    const ready = this.options.tls?.required ? 403 : 200;
    try {
      await pollUntil(
        `${this.name} /ping at ${this.httpAddress}`,
        STARTUP_TIMEOUT_MS,
        async () =>
          (await httpRequest('GET', `http://${this.httpAddress}/ping`, { timeoutMs: 1_000 })).status === ready,
        () => this.proc.deathError('during startup'),
      );
      await this.lookupd?.waitForNodes([this.httpAddress]);
    } catch (err) {
      // A half-started nsqd would hold the ports and confuse the next attempt.
      await this.proc.terminate('SIGKILL');
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.proc.terminate('SIGTERM');
  }

  async kill(): Promise<void> {
    await this.proc.terminate('SIGKILL');
  }
}

/* ------------------------------------------------------------------------ */
/* Cluster                                                                    */
/* ------------------------------------------------------------------------ */

async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  liveTempDirs.add(dir);
  return dir;
}

async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  liveTempDirs.delete(dir);
}

export async function startCluster(opts: ClusterOptions = {}): Promise<NsqCluster> {
  const nsqdCount = opts.nsqdCount ?? 2;
  const withLookupd = opts.withLookupd ?? true;
  // Resolve binaries up front so a missing install fails before anything spawns.
  nsqBinary('nsqd', opts.binDir);
  if (withLookupd) nsqBinary('nsqlookupd', opts.binDir);

  const lookupd = withLookupd ? new Lookupd(opts.binDir) : undefined;
  const nsqds: Nsqd[] = [];
  const tempDirs: string[] = [];
  let stopped: Promise<void> | undefined;

  const stopAll = (): Promise<void> => {
    stopped ??= (async () => {
      await Promise.all(nsqds.map((n) => n.stop()));
      await lookupd?.stop();
      await Promise.all(tempDirs.map(removeTempDir));
    })();
    return stopped;
  };

  try {
    await lookupd?.start();
    for (let i = 0; i < nsqdCount; i++) {
      const dataDir = await makeTempDir(`nsq-console-nsqd-${i + 1}-`);
      tempDirs.push(dataDir);
      nsqds.push(new Nsqd(`nsqd-${i + 1}`, dataDir, i + 1, lookupd, opts));
    }
    await Promise.all(nsqds.map((n) => n.launch()));
    await lookupd?.waitForNodes(nsqds.map((n) => n.httpAddress));
  } catch (err) {
    await stopAll();
    throw err;
  }

  return {
    get lookupd(): LookupdProcess {
      if (!lookupd) throw new Error('this cluster was started with withLookupd: false');
      return lookupd;
    },
    nsqds,
    stop: stopAll,
  };
}

export async function startNsqadmin(opts: NsqadminOptions): Promise<NsqadminProcess> {
  const upstream =
    'lookupdHttpAddresses' in opts
      ? opts.lookupdHttpAddresses.map((a) => `--lookupd-http-address=${a}`)
      : opts.nsqdHttpAddresses.map((a) => `--nsqd-http-address=${a}`);
  if (upstream.length === 0) throw new Error('startNsqadmin needs at least one lookupd or nsqd HTTP address');
  const proc = new ManagedChild('nsqadmin', nsqBinary('nsqadmin', opts.binDir));

  for (let attempt = 1; ; attempt++) {
    const httpAddress = `${HOST}:${await freePort()}`;
    proc.spawn([`--http-address=${httpAddress}`, ...upstream]);
    try {
      await pollUntil(
        `nsqadmin /ping at ${httpAddress}`,
        STARTUP_TIMEOUT_MS,
        async () => (await httpRequest('GET', `http://${httpAddress}/ping`, { timeoutMs: 1_000 })).status === 200,
        () => proc.deathError('during startup'),
      );
      return { httpAddress, pid: proc.pid, stop: () => proc.terminate('SIGTERM') };
    } catch (err) {
      await proc.terminate('SIGKILL');
      if (attempt < PORT_ATTEMPTS && isPortClash(err)) continue;
      throw err;
    }
  }
}

/** PIDs of every NSQ child this module has spawned and not yet seen exit (for leak checks). */
export function liveChildPids(): number[] {
  return [...liveChildren].flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
}
