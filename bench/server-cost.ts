// What the production console costs while it polls with nobody watching: CPU (share of one core,
// seconds per minute), polls per minute and the interval it settled at, bytes fetched from nsqd, and
// RSS over time. The large-cluster SIMULATOR runs in its own process; the console is the production
// build (`npm run build` first), read from /proc. `--minutes=60` gives the RSS after an hour of history.
import { startConsole } from '../scripts/console-server';
import { cpuSeconds, rssMiB } from './bench-util';
import { type Scale, scaleName } from './scales';
import { spawnSimulator } from './sim/spawn';

interface Snapshot {
  seq: number;
  poll_interval_ms: number;
  configured_poll_interval_ms: number;
  poll_work_ms: number;
  poll_duration_ms: number;
}

/** RSS in whole MiB (start-built.mjs runs the launcher in the same process as Next's server, so this is the server's). */
const rssMb = (pid: number) => Math.round(rssMiB(pid));

/** glibc's allocator as the image sets it (Dockerfile): allocations of 128 KiB or more mapped apart and returned when freed. */
export const IMAGE_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' };

export async function measureServerCost(
  scale: Scale,
  opts: {
    warmupMs: number;
    windowMs: number;
    sampleEveryMs?: number;
    env?: Record<string, string>;
    busyShare?: number;
  },
) {
  const sim = await spawnSimulator({
    ...scale,
    clientsPerChannel: 1,
    bigChannelClients: 1000,
    busyShare: opts.busyShare,
  });
  const con = await startConsole([`--lookupd-http-address=${sim.lookupdHttpAddress}`, '--poll-interval=2s'], {
    env: opts.env,
  });
  const snapshot = async () => (await (await fetch(`${con.url}/api/cluster?topics=false`)).json()) as Snapshot;
  try {
    // the first polls compile, allocate history and settle the adaptive interval
    const deadline = Date.now() + 120_000;
    while ((await snapshot().catch(() => ({ seq: 0 }))).seq < 3 && Date.now() < deadline) await sleep(500);
    await sleep(opts.warmupMs);

    const first = await snapshot();
    await sim.reset();
    const cpu0 = cpuSeconds(con.pid);
    const t0 = Date.now();
    const rss: { minute: number; rss_mb: number }[] = [];
    const works: number[] = [];
    const intervals = new Set<number>();
    let peakRss = rssMb(con.pid);
    while (Date.now() - t0 < opts.windowMs) {
      await sleep(Math.min(opts.sampleEveryMs ?? 5_000, opts.windowMs - (Date.now() - t0)));
      const s = await snapshot();
      works.push(s.poll_work_ms);
      intervals.add(s.poll_interval_ms);
      const now = rssMb(con.pid);
      peakRss = Math.max(peakRss, now);
      const minute = Math.floor((Date.now() - t0) / 60_000);
      if (rss.at(-1)?.minute !== minute) rss.push({ minute, rss_mb: now });
    }
    const seconds = (Date.now() - t0) / 1000;
    const cpu = cpuSeconds(con.pid) - cpu0;
    const last = await snapshot();
    const counts = await sim.counts();
    const polls = last.seq - first.seq;
    const sorted = [...works].sort((a, b) => a - b);
    return {
      scale: scaleName(scale),
      window_s: Math.round(seconds),
      polls,
      polls_per_minute: Math.round((polls / seconds) * 60 * 10) / 10,
      poll_interval_ms_in_use: [...intervals].sort((a, b) => a - b),
      configured_poll_interval_ms: last.configured_poll_interval_ms,
      poll_cpu_ms_median_self_reported: sorted[Math.floor(sorted.length / 2)] ?? null,
      server_cpu_share_of_one_core: Math.round((cpu / seconds) * 1000) / 1000,
      server_cpu_seconds_per_minute: Math.round((cpu / seconds) * 60 * 10) / 10,
      nsqd_stats_requests_per_minute: Math.round(((counts.nsqd['/stats'] ?? 0) / seconds) * 60 * 10) / 10,
      nsqd_mb_per_minute: Math.round((counts.nsqd_bytes / 1e6 / seconds) * 60 * 10) / 10,
      nsqd_mb_per_poll:
        polls > 0
          ? Math.round((counts.nsqd_bytes / 1e6 / ((counts.nsqd['/stats'] ?? 0) / scale.nodes)) * 10) / 10
          : null,
      poll_duration_ms_last: last.poll_duration_ms,
      rss_mb_end: rssMb(con.pid),
      rss_mb_peak: peakRss,
      rss_mb_by_minute: rss,
    };
  } finally {
    await con.stop();
    await sim.stop();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
