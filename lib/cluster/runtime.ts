import 'server-only';
// The server process's single set of long-lived objects. Kept on globalThis because Next.js may load
// this module more than once (instrumentation and each route bundle), and there must be one poller.
import { type Config, runtimeConfig } from '../config';
import { setLogLevel } from '../log';
import { type NsqHttp, createNsqHttp } from '../nsq/http';
import { Actions } from './actions';
import { DetailFetcher } from './detail';
import { Poller } from './poller';
import { RUNTIME_KEY } from './runtime-key';

export interface Runtime {
  config: Config;
  http: NsqHttp;
  poller: Poller;
  detail: DetailFetcher;
  actions: Actions;
}

const KEY = RUNTIME_KEY;
type WithRuntime = typeof globalThis & { [KEY]?: Runtime };

export function getRuntime(): Runtime {
  const g = globalThis as WithRuntime;
  if (!g[KEY]) {
    const config = runtimeConfig();
    setLogLevel(config.logLevel);
    const http = createNsqHttp({
      connectTimeoutMs: config.httpClientConnectTimeoutMs,
      requestTimeoutMs: config.httpClientRequestTimeoutMs,
    });
    const poller = new Poller({ config, http });
    poller.start();
    const detail = new DetailFetcher(http);
    const actions = new Actions({ http, poller, detail, lookupds: () => poller.lookupdAddresses });
    g[KEY] = { config, http, poller, detail, actions };
  }
  return g[KEY];
}
