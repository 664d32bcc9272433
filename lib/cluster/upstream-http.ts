// The HTTP client to nsqd and nsqlookupd made from the configuration, the same on the server's thread
// (runtime.ts) and in the poll worker (poll-worker.ts): its timeouts, its TLS material and the
// --nsqd-allow list. Free of Next.js, so the worker can load it.
import type { Config } from '../config';
import { log } from '../log';
import { type NsqdAllowPattern, parseNsqdAllow, requestRefusal } from '../nsq/allow';
import { createNsqHttp, type NsqHttp } from '../nsq/http';
import { loadTlsMaterial } from '../tls-files';

/**
 * `lookupds`: the nsqlookupd addresses known now, which the allow-list always admits (asked at each
 * request, since discovery changes them).
 */
export function createNsqHttpFromConfig(config: Config, lookupds: () => readonly string[]): NsqHttp {
  // The launcher has checked these files already; a problem now (one removed since) is logged, and
  // only the nodes that require TLS are affected.
  const { material: tls, problems } = loadTlsMaterial(config.httpClientTls);
  for (const p of problems) log('error', `--${p.flag}: ${p.reason}`);
  const allow = config.nsqdAllow.map((p) => parseNsqdAllow(p) as NsqdAllowPattern);
  return createNsqHttp({
    connectTimeoutMs: config.httpClientConnectTimeoutMs,
    requestTimeoutMs: config.httpClientRequestTimeoutMs,
    tls,
    refuse: (node, path) => requestRefusal(allow, lookupds(), node, path),
  });
}
