// The CPU time of the calling thread, for weighing a sweep's own work (interval.ts): the process's
// CPU time would count whatever the other threads do meanwhile (answering requests, or the sweep on
// the worker), and wall time counts the time the thread waited for a core on a busy machine.
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
