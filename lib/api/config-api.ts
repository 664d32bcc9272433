import 'server-only';
// nsqadmin's /config/:opt (http.go doConfig): callers outside --allow-config-from-cidr get 403
// FORBIDDEN; GET answers any option by its config name; PUT changes nsqlookupd_http_addresses (a
// JSON array, used from the next poll on) or log_level (plain text); anything else is 400
// INVALID_OPTION.
import { cidrContains, parseCidr } from '../cidr';
import type { Runtime } from '../cluster/runtime';
import { upstreamAddressProblem } from '../config';
import { OPTION_NAMES, configOptions } from '../config-options';
import { LOG_LEVELS, getLogLevel, log, parseLogLevel, setLogLevel } from '../log';
import { peerAddress } from '../peer';
import { errorJson, json } from './respond';

/** nsqadmin reads at most 1 MiB of a PUT body; a list of addresses needs far less. */
const MAX_BODY_BYTES = 64 * 1024;

const invalidValue = (reason: string) => json({ message: 'INVALID_VALUE', reason }, 400);

function allowed(rt: Runtime, req: Request): { ok: boolean; peer: string | null } {
  const peer = peerAddress(req.headers);
  const cidr = rt.config.allowConfigFromCidr;
  if (cidr === '') return { ok: true, peer };
  const range = parseCidr(cidr);
  return { ok: range !== null && peer !== null && cidrContains(range, peer), peer };
}

function current(rt: Runtime, opt: string): unknown {
  if (!OPTION_NAMES.includes(opt)) return undefined;
  return configOptions(rt.config, { lookupdHttpAddresses: rt.poller.lookupdAddresses, logLevel: getLogLevel() })[opt];
}

export function getConfigOption(rt: Runtime, req: Request, opt: string): Response {
  const { ok, peer } = allowed(rt, req);
  if (!ok) {
    log('warn', 'config refused', { option: opt, method: 'GET', from: peer });
    return errorJson(403, 'FORBIDDEN');
  }
  const value = current(rt, opt);
  return value === undefined ? errorJson(400, 'INVALID_OPTION') : json(value);
}

async function readBody(req: Request): Promise<string | null> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return null;
  const text = await req.text();
  return Buffer.byteLength(text) > MAX_BODY_BYTES ? null : text;
}

export async function putConfigOption(rt: Runtime, req: Request, opt: string): Promise<Response> {
  const { ok, peer } = allowed(rt, req);
  if (!ok) {
    log('warn', 'config refused', { option: opt, method: 'PUT', from: peer });
    return errorJson(403, 'FORBIDDEN');
  }
  if (opt !== 'nsqlookupd_http_addresses' && opt !== 'log_level') return errorJson(400, 'INVALID_OPTION');
  const body = await readBody(req);
  if (body === null) return invalidValue(`the body is larger than ${MAX_BODY_BYTES} bytes`);
  const before = current(rt, opt);

  if (opt === 'log_level') {
    const level = parseLogLevel(body);
    if (level === null) return invalidValue(`log_level must be one of ${LOG_LEVELS.join(', ')}, as plain text`);
    // logged before the change, so that a level that hides warnings does not hide its own change
    log('warn', 'config changed', { option: opt, from: peer, before, after: level });
    setLogLevel(level);
    return json(level);
  }
  if (rt.config.mode !== 'lookupd') {
    return invalidValue('this console was started with --nsqd-http-address; the nsqlookupd list applies only with --lookupd-http-address');
  }
  let list: unknown;
  try {
    list = JSON.parse(body);
  } catch {
    return invalidValue('the body must be a JSON array of "host:port" strings');
  }
  if (!Array.isArray(list) || !list.every((a): a is string => typeof a === 'string')) {
    return invalidValue('the body must be a JSON array of "host:port" strings');
  }
  if (list.length === 0) return invalidValue('at least one nsqlookupd address is needed');
  const problems = list.flatMap((a) => {
    const p = upstreamAddressProblem(a);
    return p ? [`${JSON.stringify(a)}: ${p}`] : [];
  });
  if (problems.length > 0) return invalidValue(problems.join('; '));
  rt.poller.setLookupdAddresses(list);
  // the next poll starts now rather than at the end of the interval
  void rt.poller.pollFresh().catch(() => undefined);
  const after = current(rt, opt);
  log('warn', 'config changed', { option: opt, from: peer, before, after });
  return json(after);
}
