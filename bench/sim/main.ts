// Runs the large-cluster SIMULATOR as its own process, so its CPU is not counted against the process
// being measured: `tsx bench/sim/main.ts --nodes 50 --topics 1000 --channels 4 [--clients 1]
// [--big-channel-clients 1000] [--busy 0.1] [--busy-on-every-node]` (--busy: the share of each node's
// topics with traffic; --busy-on-every-node: the same topics on every node, rather than drawn per node).
// Prints one JSON line with the addresses once every server listens, and stops on SIGTERM or SIGINT,
// or when its standard input closes (the benchmark that started it has gone, even if it was killed).
import { parseArgs } from 'node:util';
import { DEFAULT_BUSY_SHARE, parseBusyShare } from './model';
import { startSimulator } from './server';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    topics: { type: 'string', default: '20' },
    channels: { type: 'string', default: '3' },
    clients: { type: 'string', default: '1' },
    'big-channel-clients': { type: 'string', default: '1000' },
    busy: { type: 'string', default: String(DEFAULT_BUSY_SHARE) },
    'busy-on-every-node': { type: 'boolean', default: false },
  },
});
const int = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${values[name]}`);
  return n;
};

const sim = await startSimulator({
  nodes: Math.max(1, int('nodes')),
  topics: Math.max(1, int('topics')),
  channels: int('channels'),
  clientsPerChannel: int('clients'),
  bigChannelClients: int('big-channel-clients'),
  busyShare: parseBusyShare(values.busy),
  busyOnEveryNode: values['busy-on-every-node'],
});
process.stdout.write(`${JSON.stringify({ lookupd: sim.lookupdHttpAddress, nsqds: sim.nsqdHttpAddresses })}\n`);
const stop = () => void sim.stop().then(() => process.exit(0));
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, stop);
process.stdin.once('close', stop);
process.stdin.resume();
