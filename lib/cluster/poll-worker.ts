// The poll worker: a worker thread that reads the cluster (reader.ts), so that receiving, parsing and
// turning every nsqd's /stats into tables never runs on the thread that answers requests. It gets
// the resolved configuration at start, reads when the poller asks, and posts each node's observation
// as soon as it is made (handover.ts). Started by poll-source.ts; `npm run build` bundles this file
// into .next/standalone/poll-worker.mjs.
import { parentPort, workerData } from 'node:worker_threads';
import { type Config, configSchema } from '../config';
import { setLogLevel } from '../log';
import { forgetNodes, type ListMemory, postObservation } from './handover';
import type { FromWorker, ToWorker } from './poll-protocol';
import { ClusterReader } from './reader';
import { measureWork } from './thread-cpu';
import { createNsqHttpFromConfig } from './upstream-http';

const port = parentPort;
if (!port) throw new Error('poll-worker.ts runs as a worker thread (lib/cluster/poll-source.ts starts it)');

const config: Config = configSchema.parse((workerData as { config: unknown }).config);
setLogLevel(config.logLevel);
let reader: ClusterReader | null = null;
const http = createNsqHttpFromConfig(config, () => reader?.lookupdAddresses ?? []);
reader = new ClusterReader({ config, http });
const sent: ListMemory = new Map();
const post = (m: FromWorker) => port.postMessage(m);

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'sweep': {
      // this thread's CPU time: the sweep's own work, whatever the other thread does meanwhile
      const work = measureWork();
      reader!
        .sweep(m.intervalMs, (o) => post({ type: 'node', id: m.id, posted: postObservation(o, sent) }))
        .then(
          ({ nodes, ...sweep }) => {
            forgetNodes(sent, new Set(nodes.map((o) => o.address)));
            post({ type: 'swept', id: m.id, sweep, work_ms: work() });
          },
          (e: unknown) =>
            post({ type: 'failed', id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
        );
      return;
    }
    case 'focus':
      Promise.all(m.requests.map((r) => reader!.focus(r))).then(
        (reads) =>
          post({
            type: 'focused',
            id: m.id,
            reads: reads.map((r) => ({ ...r, nodes: r.nodes.map((o) => postObservation(o, new Map()).observation) })),
          }),
        (e: unknown) =>
          post({ type: 'failed', id: m.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
      return;
    case 'resetRates':
      reader!.resetRates(m.addresses);
      return;
    case 'setLookupds':
      reader!.setLookupdAddresses(m.addresses);
      return;
    case 'close':
      void http.close().finally(() => port.close());
      return;
  }
});
