// Where the poller's reads of the cluster run. In the server, on the poll worker's thread
// (WorkerSource): the reading, parsing and tabling of every nsqd's /stats never delays a request.
// In tests and tools that hand the poller an HTTP client of their own, in this thread
// (InProcessSource). Both answer the same calls with the same data.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config';
import { log } from '../log';
import type { NsqHttp } from '../nsq/http';
import { forgetNodes, type ListMemory, receiveObservation } from './handover';
import type { FromWorker, ToWorker } from './poll-protocol';
import { ClusterReader, type FocusRead, type FocusRequest, type Sweep } from './reader';
import { POLL_WORKER_ENV } from './runtime-key';
import type { NodeObservation } from './snapshot';
import { measureWork } from './thread-cpu';

export interface ReadSource {
  /** one read of the whole cluster; `work_ms`: the CPU time it took its thread */
  sweep(intervalMs: number): Promise<Sweep & { work_ms: number }>;
  focus(requests: FocusRequest[]): Promise<FocusRead[]>;
  resetRates(addresses: readonly string[]): void;
  setLookupdAddresses(addresses: readonly string[]): void;
  readonly lookupdAddresses: readonly string[];
  close(): void;
}

export class InProcessSource implements ReadSource {
  private readonly reader: ClusterReader;

  constructor(config: Config, http: NsqHttp, now?: () => number) {
    this.reader = new ClusterReader({ config, http, now });
  }

  async sweep(intervalMs: number) {
    // this thread's CPU time, requests answered meanwhile included: tests and tools only
    const work = measureWork();
    const sweep = await this.reader.sweep(intervalMs);
    return { ...sweep, work_ms: work() };
  }

  focus(requests: FocusRequest[]) {
    return Promise.all(requests.map((r) => this.reader.focus(r)));
  }

  resetRates(addresses: readonly string[]) {
    this.reader.resetRates(addresses);
  }

  setLookupdAddresses(addresses: readonly string[]) {
    this.reader.setLookupdAddresses(addresses);
  }

  get lookupdAddresses() {
    return this.reader.lookupdAddresses;
  }

  close() {}
}

/**
 * The worker: the bundle beside the launcher in a build, else the source, loaded through tsx (`next
 * dev`, tools run with tsx). The source imports modules marked server-only, which React's server
 * condition allows.
 */
function startWorker(config: Config): Worker {
  const options = { workerData: { config } };
  const bundled = process.env[POLL_WORKER_ENV];
  if (bundled) return new Worker(bundled, options);
  const source = join(process.cwd(), 'lib', 'cluster', 'poll-worker.ts');
  if (!existsSync(source))
    throw new Error(`poll worker not found: set ${POLL_WORKER_ENV} or run from the project root`);
  const load = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(pathToFileURL(source).href)}))`;
  return new Worker(load, { ...options, eval: true, execArgv: ['--conditions=react-server'] });
}

type Pending =
  | {
      kind: 'sweep';
      nodes: NodeObservation[];
      resolve: (s: Sweep & { work_ms: number }) => void;
      reject: (e: Error) => void;
    }
  | { kind: 'focus'; resolve: (r: FocusRead[]) => void; reject: (e: Error) => void };

export class WorkerSource implements ReadSource {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private readonly received: ListMemory = new Map();
  private lookupds: readonly string[];

  constructor(private readonly config: Config) {
    this.lookupds = [...config.lookupdHttpAddresses];
  }

  private send(m: ToWorker): void {
    if (!this.worker) this.worker = this.start();
    this.worker.postMessage(m);
  }

  private start(): Worker {
    const worker = startWorker(this.config);
    // the server's listening socket keeps the process alive, not the poll
    worker.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (e) => log('error', 'poll worker failed', { error: e.stack ?? e.message }));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      // whatever it was reading is lost; the next call starts a new worker, which knows no baselines yet
      this.received.clear();
      for (const p of this.pending.values()) p.reject(new Error(`the poll worker exited with code ${code}`));
      this.pending.clear();
    });
    if (this.lookupds.join() !== this.config.lookupdHttpAddresses.join())
      worker.postMessage({ type: 'setLookupds', addresses: this.lookupds } satisfies ToWorker);
    return worker;
  }

  private onMessage(m: FromWorker): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    if (m.type === 'failed') {
      this.pending.delete(m.id);
      p.reject(new Error(m.error));
    } else if (m.type === 'node' && p.kind === 'sweep') {
      p.nodes.push(receiveObservation(m.posted, this.received));
    } else if (m.type === 'swept' && p.kind === 'sweep') {
      this.pending.delete(m.id);
      forgetNodes(this.received, new Set(p.nodes.map((o) => o.address)));
      p.resolve({ ...m.sweep, nodes: p.nodes, work_ms: m.work_ms });
    } else if (m.type === 'focused' && p.kind === 'focus') {
      this.pending.delete(m.id);
      p.resolve(m.reads);
    }
  }

  sweep(intervalMs: number) {
    const id = ++this.nextId;
    return new Promise<Sweep & { work_ms: number }>((resolve, reject) => {
      this.pending.set(id, { kind: 'sweep', nodes: [], resolve, reject });
      this.send({ type: 'sweep', id, intervalMs });
    });
  }

  focus(requests: FocusRequest[]) {
    const id = ++this.nextId;
    return new Promise<FocusRead[]>((resolve, reject) => {
      this.pending.set(id, { kind: 'focus', resolve, reject });
      this.send({ type: 'focus', id, requests });
    });
  }

  resetRates(addresses: readonly string[]) {
    if (this.worker) this.send({ type: 'resetRates', addresses });
  }

  setLookupdAddresses(addresses: readonly string[]) {
    this.lookupds = [...new Set(addresses)];
    if (this.worker) this.send({ type: 'setLookupds', addresses: this.lookupds });
  }

  get lookupdAddresses() {
    return this.lookupds;
  }

  close() {
    this.worker?.postMessage({ type: 'close' } satisfies ToWorker);
    this.worker = null;
  }
}
