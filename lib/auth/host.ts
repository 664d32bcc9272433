// DNS rebinding: a web page on attacker.example can rebind its own name to the console's address and
// then call the console "same-origin": its Origin and the Host it sends both name attacker.example,
// so comparing them proves nothing. What the attacker cannot choose is a name the console was told
// about, so requests that can change anything (mutations, /config, /api/login) must address the
// console by an IP literal, `localhost`, the --http-address host or an --allowed-host name.
import { isIP } from 'node:net';

/** An --allowed-host value: a DNS name, or "*.<name>" for every name under it (not the name itself). */
const PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Why this is not an --allowed-host value, or null when it is one. */
export function allowedHostProblem(value: string): string | null {
  if (value.includes(':')) return 'give the host name alone, without a port or scheme';
  if (!PATTERN.test(value.toLowerCase()))
    return 'must be a host name such as nsq.example.com, or *.example.com for every name under it';
  return null;
}

/** The host part of a Host header ("name:port", "[v6]:port", "name"), lower case; null when malformed. */
export function hostName(header: string): string | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+))(?::\d{1,5})?$/.exec(header.trim());
  if (!m) return null;
  if (m[1] !== undefined) return isIP(m[1]) === 6 ? m[1].toLowerCase() : null;
  return (m[2] as string).toLowerCase().replace(/\.$/, '');
}

/** May a request that addresses the console as `name` change anything? */
export function isAllowedHostName(name: string, allowed: readonly string[]): boolean {
  if (isIP(name) !== 0 || name === 'localhost') return true;
  return allowed.some((p) => {
    const pattern = p.toLowerCase();
    return pattern.startsWith('*.')
      ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1
      : name === pattern;
  });
}

/**
 * Why this request's Host (and any X-Forwarded-Host a proxy added, which names what the browser
 * addressed) is not one the console answers to for changes; null when it is. Every value must pass:
 * a header the client adds can only narrow what is accepted.
 */
export function hostRefusal(headers: Headers, allowed: readonly string[]): string | null {
  const given = [headers.get('host'), ...(headers.get('x-forwarded-host')?.split(',') ?? [])].filter((h) => h !== null);
  if (headers.get('host') === null) return 'the request has no Host header';
  for (const raw of given) {
    const name = hostName(raw);
    if (name === null || !isAllowedHostName(name, allowed)) {
      return (
        `the host ${JSON.stringify(raw.trim())} is not one this console answers to for changes; ` +
        `if it is this console's name, start it with --allowed-host=${name ?? '<name>'}`
      );
    }
  }
  return null;
}
