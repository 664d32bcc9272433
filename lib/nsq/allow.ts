// --nsqd-allow: the nsqd addresses this console may contact. nsqlookupd lists whatever address an
// nsqd registers with, so without a bound anyone who can register picks where the console sends its
// polls and actions. A pattern is a CIDR range (10.0.0.0/8), an IP address (127.0.0.1) or a host
// name in which "*" stands for any part of one label (nsqd-*.prod.example.com). Addresses are
// matched as registered, without resolving names: an IP address against ranges and addresses, a
// host name against host name patterns.
import { type Cidr, cidrContains, parseCidr, parseIp } from '../cidr';

export type NsqdAllowPattern = { kind: 'cidr'; cidr: Cidr } | { kind: 'host'; name: RegExp };

const HOST_PATTERN = /^(?:[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?)(?:\.[a-z0-9*](?:[a-z0-9*-]*[a-z0-9*])?)*$/i;

/** One --nsqd-allow value as a pattern, or null when it is none of the three forms. */
export function parseNsqdAllow(s: string): NsqdAllowPattern | null {
  const text = s.trim();
  const ip = parseIp(text);
  if (ip)
    return { kind: 'cidr', cidr: parseCidr(`${text}/${ip.family === 4 && !text.includes(':') ? 32 : 128}`) as Cidr };
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    return cidr ? { kind: 'cidr', cidr } : null;
  }
  // 10.0.* is no host name: a range is written as one (10.0.0.0/16)
  if (!HOST_PATTERN.test(text) || text.length > 253 || /^[0-9.*]+$/.test(text)) return null;
  const source = text.toLowerCase().replaceAll('.', '\\.').replaceAll('*', '[a-z0-9-]*');
  return { kind: 'host', name: new RegExp(`^${source}$`) };
}

/** The host of a node address (host:port, IPv6 in brackets). */
function hostOf(address: string): string {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):\d+$/.exec(address);
  return m ? (m[1] ?? m[2] ?? '') : address;
}

/**
 * Why this nsqd address may not be contacted, or null when it may: no patterns allow everything
 * (nsqadmin's behaviour).
 */
export function nsqdRefusal(patterns: readonly NsqdAllowPattern[], address: string): string | null {
  if (patterns.length === 0) return null;
  const host = hostOf(address);
  const isIp = parseIp(host) !== null;
  const allowed = patterns.some((p) =>
    p.kind === 'cidr' ? isIp && cidrContains(p.cidr, host) : !isIp && p.name.test(host.toLowerCase()),
  );
  return allowed ? null : `not contacted: ${host} is outside --nsqd-allow`;
}

/** What the console asks of nsqlookupd (lib/nsq/lookupd.ts, the actions' nsqlookupd fan-out). */
const LOOKUPD_PATHS = new Set([
  '/ping',
  '/info',
  '/nodes',
  '/topics',
  '/lookup',
  '/channels',
  '/topic/create',
  '/topic/delete',
  '/topic/tombstone',
  '/channel/create',
  '/channel/delete',
]);

/**
 * Why this request may not be made, or null. Every address but the configured nsqlookupd is an
 * nsqd's, most of them registered by the nsqd itself, and must be inside --nsqd-allow; one that
 * registers at an nsqlookupd's own address still gets no nsqd request there (/stats, pause, empty),
 * only what the console asks of nsqlookupd anyway.
 */
export function requestRefusal(
  patterns: readonly NsqdAllowPattern[],
  lookupds: readonly string[],
  address: string,
  path: string,
): string | null {
  if (lookupds.includes(address) && LOOKUPD_PATHS.has(path)) return null;
  return nsqdRefusal(patterns, address);
}
