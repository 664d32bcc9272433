import 'server-only';
// nsqadmin's /config/:opt (http.go doConfig): callers outside --allow-config-from-cidr get 403
// FORBIDDEN; GET answers any option by its config name; PUT changes nsqlookupd_http_addresses (a
// JSON array, used from the next poll on) or log_level (plain text); anything else is 400
// INVALID_OPTION. Ours beside nsqadmin's: the Host must be one the console knows (DNS rebinding, see
// lib/auth/host.ts), the body is streamed and cut at the cap, and every PUT and every refusal is an
// audit line (written whatever the log level).
import { hostRefusal } from '../auth/host';
import { cidrContains, parseCidr } from '../cidr';
import type { Runtime } from '../cluster/runtime';
import { upstreamAddressProblem } from '../config';
import { configOptions, OPTION_NAMES } from '../config-options';
import { audit, getLogLevel, LOG_LEVELS, parseLogLevel, setLogLevel } from '../log';
import { peerAddress } from '../peer';
import { readBodyText } from './body';
import { errorJson, json } from './respond';

/** nsqadmin reads at most 1 MiB of a PUT body; a list of addresses needs far less. */
const MAX_BODY_BYTES = 64 * 1024;

const invalidValue = (reason: string) => json({ message: 'INVALID_VALUE', reason }, 400);

function allowed(
  rt: Runtime,
  req: Request,
): { ok: true; peer: string | null } | { ok: false; peer: string | null; response: Response } {
  const peer = peerAddress(req.headers);
  const host = hostRefusal(req.headers, rt.config.access.allowedHosts);
  if (host !== null) return { ok: false, peer, response: json({ message: 'FORBIDDEN', reason: host }, 403) };
  const cidr = rt.config.allowConfigFromCidr;
  if (cidr === '') return { ok: true, peer };
  const range = parseCidr(cidr);
  if (range !== null && peer !== null && cidrContains(range, peer)) return { ok: true, peer };
  return { ok: false, peer, response: errorJson(403, 'FORBIDDEN') };
}

const record = (req: Request, opt: string, peer: string | null, outcome: string, extra: Record<string, unknown> = {}) =>
  audit({
    action: 'config',
    method: req.method,
    option: opt,
    peer,
    forwarded_for: req.headers.get('x-forwarded-for'),
    outcome,
    ...extra,
  });

function current(rt: Runtime, opt: string): unknown {
  if (!OPTION_NAMES.includes(opt)) return undefined;
  return configOptions(rt.config, { lookupdHttpAddresses: rt.poller.lookupdAddresses, logLevel: getLogLevel() })[opt];
}

export function getConfigOption(rt: Runtime, req: Request, opt: string): Response {
  const a = allowed(rt, req);
  if (!a.ok) {
    record(req, opt, a.peer, 'forbidden');
    return a.response;
  }
  const value = current(rt, opt);
  return value === undefined ? errorJson(400, 'INVALID_OPTION') : json(value);
}

export async function putConfigOption(rt: Runtime, req: Request, opt: string): Promise<Response> {
  const a = allowed(rt, req);
  if (!a.ok) {
    await req.body?.cancel().catch(() => undefined);
    record(req, opt, a.peer, 'forbidden');
    return a.response;
  }
  let res: Change;
  try {
    res = await change(rt, req, opt);
  } catch (e) {
    // the body could not be read (the client went away): still one audit line for the attempt
    record(req, opt, a.peer, 'error', { reason: e instanceof Error ? e.message : String(e) });
    throw e;
  }
  const ok = res.response.status === 200;
  record(
    req,
    opt,
    a.peer,
    ok ? 'ok' : 'invalid',
    ok ? { before: res.before, after: res.after } : { status: res.response.status },
  );
  return res.response;
}

/** The answer to a PUT, with the value before and after when it changed something. */
interface Change {
  response: Response;
  before?: unknown;
  after?: unknown;
}

async function change(rt: Runtime, req: Request, opt: string): Promise<Change> {
  const answer = (response: Response): Change => ({ response });
  if (opt !== 'nsqlookupd_http_addresses' && opt !== 'log_level') return answer(errorJson(400, 'INVALID_OPTION'));
  const read = await readBodyText(req, MAX_BODY_BYTES);
  if (!read.ok) return answer(read.response);
  const body = read.text;
  const before = current(rt, opt);

  if (opt === 'log_level') {
    const level = parseLogLevel(body);
    if (level === null) return answer(invalidValue(`log_level must be one of ${LOG_LEVELS.join(', ')}, as plain text`));
    setLogLevel(level);
    return { response: json(level), before, after: level };
  }
  if (rt.config.mode !== 'lookupd') {
    return answer(
      invalidValue(
        'this console was started with --nsqd-http-address; the nsqlookupd list applies only with --lookupd-http-address',
      ),
    );
  }
  let list: unknown;
  try {
    list = JSON.parse(body);
  } catch {
    return answer(invalidValue('the body must be a JSON array of "host:port" strings'));
  }
  if (!Array.isArray(list) || !list.every((a): a is string => typeof a === 'string')) {
    return answer(invalidValue('the body must be a JSON array of "host:port" strings'));
  }
  if (list.length === 0) return answer(invalidValue('at least one nsqlookupd address is needed'));
  const problems = list.flatMap((a) => {
    const p = upstreamAddressProblem(a);
    return p ? [`${JSON.stringify(a)}: ${p}`] : [];
  });
  if (problems.length > 0) return answer(invalidValue(problems.join('; ')));
  rt.poller.setLookupdAddresses(list);
  // the next poll starts now rather than at the end of the interval
  void rt.poller.pollFresh().catch(() => undefined);
  const after = current(rt, opt);
  return { response: json(after), before, after };
}
