// What one OTLP metrics export costs the console at a given cluster size: building the cluster's
// data points from a snapshot (lib/telemetry/otel-metrics.ts) and encoding them as the OTLP
// protobuf the exporter sends, for every series (the server stops at OTLP_MAX_ROWS). In process, on
// snapshots built from the large-cluster simulator's /stats (bench/sim, scale only); no network.
// Usage: npm run bench:otlp -- [--scales=10x1000x4,50x1000x4] [--runs=5]
import { parseArgs } from 'node:util';
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { emptyResource } from '@opentelemetry/resources';
import { buildSnapshot } from '../lib/cluster/snapshot';
import { metricsFilter } from '../lib/metrics';
import { nsqdStatsSchema } from '../lib/nsq/schemas';
import { clusterMetricData } from '../lib/telemetry/otel-metrics';
import { poll, upNode } from '../test/snapshot-builders';
import { parseScales, scaleName } from './scales';
import { SimCluster } from './sim/model';

const { values } = parseArgs({
  options: { scales: { type: 'string', default: '10x1000x4,50x1000x4' }, runs: { type: 'string', default: '5' } },
});
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

for (const scale of parseScales(values.scales as string)) {
  const nodes = Array.from({ length: scale.nodes }, (_, i) => ({
    index: i,
    httpPort: 4151 + i,
    hostname: `nsqd-${i}`,
    startTime: 1_795_000_000,
  }));
  const sim = new SimCluster({ ...scale, clientsPerChannel: 0, bigChannelClients: 0 }, nodes);
  const snap = buildSnapshot(
    poll(
      nodes.map((n) =>
        upNode(
          `10.0.${n.index >> 8}.${n.index & 255}:4151`,
          nsqdStatsSchema.parse(JSON.parse(sim.statsBody(n, { includeClients: false, includeMem: false }).toString())),
          { hostname: n.hostname },
        ),
      ),
    ),
  );
  const filter = metricsFilter({ excludeEphemeral: true, topicInclude: null, topicExclude: null });
  const build: number[] = [];
  const encode: number[] = [];
  let points = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    // uncapped: the cost of every series, which OTLP_MAX_ROWS bounds in the server
    const { metrics } = clusterMetricData(snap, filter, new Map(), Date.now(), Number.POSITIVE_INFINITY);
    const t1 = performance.now();
    const body = ProtobufMetricsSerializer.serializeRequest({
      resource: emptyResource(),
      scopeMetrics: [{ scope: { name: 'nsq-console' }, metrics }],
    });
    const t2 = performance.now();
    build.push(t1 - t0);
    encode.push(t2 - t1);
    points = metrics.reduce((n, m) => n + m.dataPoints.length, 0);
    bytes = body?.length ?? 0;
  }
  console.log(
    JSON.stringify({
      scale: scaleName(scale),
      data_points: points,
      build_ms_median: Math.round(median(build)),
      encode_ms_median: Math.round(median(encode)),
      request_mb: Math.round((bytes / 1e6) * 10) / 10,
    }),
  );
}
