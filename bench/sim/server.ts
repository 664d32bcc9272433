// The large-cluster SIMULATOR's HTTP side: one HTTP server per simulated nsqd and one simulated
// nsqlookupd, all in this process, on 127.0.0.1 and free ports. It answers what nsqadmin and the
// console ask (nsqd /stats /info /ping; nsqlookupd /nodes /topics /channels /lookup /info /ping) and
// counts every request and byte it serves. /_sim/counts on the lookupd reports the counts and
// /_sim/reset zeroes them. For scale benchmarks only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOKUPD_INFO, SimCluster, type SimNode, type SimSpec } from './model';

export interface AgentCounts {
  /** requests per path ("/stats", "/info", ...), summed over the nsqd */
  nsqd: Record<string, number>;
  /**
   * nsqd /stats requests by what they asked for: "all" (every topic, what a poll or nsqadmin's
   * counter asks), "topic" (one topic), "topic+channel", each with "+clients" when clients were
   * included. Tells a console's poll from the per-page requests.
   */
  nsqd_stats_by_query: Record<string, number>;
  nsqd_bytes: number;
  lookupd: Record<string, number>;
  lookupd_bytes: number;
}

export interface RequestCounts extends AgentCounts {
  /**
   * The same counts split by who asked, keyed by the User-Agent's product: "Go-http-client" for
   * nsqadmin v1.3.0 (it sets none of its own), "-" for a request without one (the console's undici
   * requests). Lets a benchmark tell two clients of one simulator apart.
   */
  by_agent: Record<string, AgentCounts>;
  /** when the counts were last zeroed, and when they were read (this process's clock, ms since epoch) */
  since_ms: number;
  at_ms: number;
}

export interface Simulator {
  lookupdHttpAddress: string;
  nsqdHttpAddresses: string[];
  counts(): RequestCounts;
  reset(): void;
  stop(): Promise<void>;
}

const NSQ_V1 = 'application/vnd.nsq; version=1.0';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const flag = (v: string | null, dflt: boolean) => (v === null ? dflt : v === 'true' || v === '1');

const emptyCounts = (): AgentCounts => ({
  nsqd: {},
  nsqd_stats_by_query: {},
  nsqd_bytes: 0,
  lookupd: {},
  lookupd_bytes: 0,
});
const freshCounts = (): RequestCounts => ({ ...emptyCounts(), by_agent: {}, since_ms: Date.now(), at_ms: Date.now() });
const agentOf = (req: IncomingMessage) => req.headers['user-agent']?.split('/')[0]?.trim() || '-';

function count(into: AgentCounts, who: 'nsqd' | 'lookupd', path: string, bytes: number, statsQuery?: string) {
  into[who][path] = (into[who][path] ?? 0) + 1;
  if (statsQuery !== undefined) into.nsqd_stats_by_query[statsQuery] = (into.nsqd_stats_by_query[statsQuery] ?? 0) + 1;
  if (who === 'nsqd') into.nsqd_bytes += bytes;
  else into.lookupd_bytes += bytes;
}

export async function startSimulator(spec: SimSpec): Promise<Simulator> {
  let counts = freshCounts();
  const record = (req: IncomingMessage, who: 'nsqd' | 'lookupd', path: string, bytes: number, statsQuery?: string) => {
    count(counts, who, path, bytes, statsQuery);
    const agent = agentOf(req);
    counts.by_agent[agent] ??= emptyCounts();
    count(counts.by_agent[agent]!, who, path, bytes, statsQuery);
  };
  const servers: Server[] = [];
  const nodes: SimNode[] = [];
  let cluster: SimCluster | null = null;

  /** Real nsqd/nsqlookupd answer the bare body to a v1 Accept header, the legacy envelope otherwise. */
  function send(
    req: IncomingMessage,
    res: ServerResponse,
    who: 'nsqd' | 'lookupd',
    path: string,
    status: number,
    body: Buffer | object,
    statsQuery?: string,
  ) {
    const v1 = req.headers.accept === NSQ_V1;
    let buf = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    if (!v1 && status === 200) {
      buf = Buffer.concat([Buffer.from('{"status_code":200,"status_txt":"OK","data":'), buf, Buffer.from('}')]);
    }
    record(req, who, path, buf.length, statsQuery);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': buf.length,
      'x-nsq-content-type': 'nsq; version=1.0',
    });
    res.end(buf);
  }

  for (let i = 0; i < spec.nodes; i++) {
    const node: SimNode = {
      index: i,
      httpPort: 0,
      hostname: `nsqd-${String(i).padStart(3, '0')}.sim.internal`,
      startTime: Math.floor(Date.now() / 1000),
    };
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const c = cluster!;
      if (url.pathname === '/stats') {
        const q = {
          topic: url.searchParams.get('topic') ?? undefined,
          channel: url.searchParams.get('channel') ?? undefined,
          includeClients: flag(url.searchParams.get('include_clients'), true),
          includeMem: flag(url.searchParams.get('include_mem'), true),
        };
        const kind = `${q.topic === undefined ? 'all' : q.channel === undefined ? 'topic' : 'topic+channel'}${q.includeClients ? '+clients' : ''}`;
        send(req, res, 'nsqd', '/stats', 200, c.statsBody(node, q), kind);
      } else if (url.pathname === '/info') send(req, res, 'nsqd', '/info', 200, c.info(node));
      else if (url.pathname === '/ping') {
        record(req, 'nsqd', '/ping', 2);
        res.end('OK');
      } else send(req, res, 'nsqd', 'other', 404, { message: 'NOT_FOUND' });
    });
    server.keepAliveTimeout = 65_000;
    node.httpPort = await listen(server);
    servers.push(server);
    nodes.push(node);
  }
  cluster = new SimCluster(spec, nodes);

  // the lookupd's answers do not change, so they are serialized once
  const nodesBody = Buffer.from(JSON.stringify(cluster.lookupdNodes()));
  const topicsBody = Buffer.from(JSON.stringify(cluster.lookupdTopics()));
  const lookupd = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const c = cluster!;
    const topic = url.searchParams.get('topic') ?? '';
    switch (url.pathname) {
      case '/nodes':
        return send(req, res, 'lookupd', '/nodes', 200, nodesBody);
      case '/topics':
        return send(req, res, 'lookupd', '/topics', 200, topicsBody);
      case '/channels':
        return send(req, res, 'lookupd', '/channels', 200, c.lookupdChannels(topic));
      case '/lookup': {
        const found = c.lookupdLookup(topic);
        return found
          ? send(req, res, 'lookupd', '/lookup', 200, found)
          : send(req, res, 'lookupd', '/lookup', 404, { message: 'TOPIC_NOT_FOUND' });
      }
      case '/info':
        return send(req, res, 'lookupd', '/info', 200, LOOKUPD_INFO);
      case '/ping':
        res.end('OK');
        return;
      case '/_sim/counts':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...counts, at_ms: Date.now() }));
        return;
      case '/_sim/reset':
        counts = freshCounts();
        res.end('OK');
        return;
      default:
        return send(req, res, 'lookupd', 'other', 404, { message: 'NOT_FOUND' });
    }
  });
  const lookupdPort = await listen(lookupd);
  servers.push(lookupd);

  return {
    lookupdHttpAddress: `127.0.0.1:${lookupdPort}`,
    nsqdHttpAddresses: nodes.map((n) => `127.0.0.1:${n.httpPort}`),
    counts: () => ({ ...structuredClone(counts), at_ms: Date.now() }),
    reset: () => {
      counts = freshCounts();
    },
    stop: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      );
    },
  };
}
