// CPU time by thread, for weighing a sweep's own work (interval.ts). A sweep's work is what the
// process spends outside the thread that answers requests (the poll worker, and V8's and libuv's
// helper threads, which collect the garbage a sweep leaves), plus what that thread spends on the
// sweep itself (receiving its nodes, building the snapshot). The rest of that thread's time is
// answering requests, which must not make the data staler. Wall time would count the time a thread
// waited for a core on a busy machine.
import { readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of /proc's CPU times: 100 on every architecture Node runs on. */
const TICK_MS = 10;

/** This thread's CPU time (user + system), ms, from /proc/thread-self/stat; null where there is no such file. */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // the command name may hold spaces; fields are counted after its closing parenthesis
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Starts measuring: the function returned gives the CPU time this thread spent since (wall time where /proc is missing), ms. */
export function measureWork(): () => number {
  const cpu0 = threadCpuMs();
  const t0 = performance.now();
  return () => {
    const cpu = threadCpuMs();
    return cpu0 !== null && cpu !== null ? cpu - cpu0 : performance.now() - t0;
  };
}

const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Starts measuring the CPU time the process spends outside the calling thread; the function returned
 * gives it since, ms (the whole process's where /proc is missing).
 */
export function measureOffThread(): () => number {
  const process0 = processCpuMs();
  const thread0 = threadCpuMs();
  return () => {
    const thread = threadCpuMs();
    const own = thread0 !== null && thread !== null ? thread - thread0 : 0;
    return Math.max(0, processCpuMs() - process0 - own);
  };
}
