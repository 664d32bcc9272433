// Who may change the cluster. Three modes: read-only (nobody), open (everybody: nsqadmin's default
// when no admin is named) and admin (users named by nsqadmin's --admin-user, identified by the
// --acl-http-header an authenticating proxy sets, or built-in basic-auth users).
// Reads are never restricted, as in nsqadmin. In every mode a change must come from this site
// (isCrossSite) and address the console by a name it knows (lib/auth/host.ts).
import { cidrContains, parseCidr } from '../cidr';
import type { AccessConfig } from '../config';
import { BUSY_RETRY_SECONDS, backoffKey, inPasswordTurn, passwordBackoff } from './backoff';
import { hostRefusal } from './host';
import { checkCredentials } from './password';

export type AccessMode = 'read-only' | 'open' | 'admin';

export function accessMode(a: AccessConfig): AccessMode {
  if (a.readOnly) return 'read-only';
  return a.adminUsers.length > 0 || a.basicAuthUsers.length > 0 ? 'admin' : 'open';
}

/** A request as access decisions see it: its headers and its TCP peer (lib/peer.ts), null if unknown. */
export interface Caller {
  headers: Headers;
  peer: string | null;
}

/** The basic-auth user name and password, or null. */
export function basicCredentials(headers: Headers): { name: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.get('authorization') ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const at = text.indexOf(':');
  return at < 0 ? null : { name: text.slice(0, at), password: text.slice(at + 1) };
}

/** Whether the --acl-http-header of a request from this peer is believed (--acl-trusted-proxy). */
export function isTrustedProxy(a: AccessConfig, peer: string | null): boolean {
  if (peer === null) return false;
  return a.aclTrustedProxies.some((c) => {
    const range = parseCidr(c);
    return range !== null && cidrContains(range, peer);
  });
}

/**
 * Who the caller is. `verified` when a basic-auth password matched or the ACL header came from a
 * trusted proxy; otherwise `name` is only what the request claims, and is recorded as such.
 */
export interface Identity {
  name: string | null;
  /** where the name came from */
  source: 'basic-auth' | 'header' | null;
  verified: boolean;
  admin: boolean;
}

export type Identified = Identity | { throttled: true; retryAfterSeconds: number; name: string; reason: string };

/**
 * The caller's identity. A basic-auth password is checked only when `checkPassword` (one scrypt, off
 * the event loop, one check at a time) and not while the peer is backing off after wrong passwords.
 */
export async function identify(a: AccessConfig, caller: Caller, checkPassword = true): Promise<Identified> {
  const basic = basicCredentials(caller.headers);
  if (basic && checkPassword && a.basicAuthUsers.length > 0) {
    const backoff = passwordBackoff();
    const key = backoffKey(caller.peer);
    const turn = inPasswordTurn(async () => {
      const wait = backoff.waitSeconds(key);
      if (wait > 0) return wait;
      const ok = await checkCredentials(a.basicAuthUsers, basic.name, basic.password);
      if (ok) backoff.succeeded(key);
      else backoff.failed(key);
      return ok;
    });
    if (turn === null) {
      const reason = `too many password checks are waiting: try again in ${BUSY_RETRY_SECONDS} s`;
      return { throttled: true, retryAfterSeconds: BUSY_RETRY_SECONDS, name: basic.name, reason };
    }
    const checked = await turn;
    if (typeof checked === 'number') {
      const reason = `too many wrong passwords from this address: try again in ${checked} s`;
      return { throttled: true, retryAfterSeconds: checked, name: basic.name, reason };
    }
    if (checked) return { name: basic.name, source: 'basic-auth', verified: true, admin: true };
  }
  const fromProxy = caller.headers.get(a.aclHttpHeader);
  if (fromProxy) {
    const verified = isTrustedProxy(a, caller.peer);
    return { name: fromProxy, source: 'header', verified, admin: verified && a.adminUsers.includes(fromProxy) };
  }
  if (basic) return { name: basic.name, source: 'basic-auth', verified: false, admin: false };
  return { name: null, source: null, verified: false, admin: false };
}

/**
 * A browser request from another site: Sec-Fetch-Site says so, or Origin names another host than
 * the one addressed. Requests with neither header (curl, nsqadmin-era scripts) are not judged here.
 */
export function isCrossSite(headers: Headers): boolean {
  if (headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = headers.get('origin');
  if (origin === null) return false;
  if (origin === 'null' || !URL.canParse(origin)) return true;
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  return host === null || new URL(origin).host !== host.toLowerCase();
}

export type AccessDecision =
  | { allowed: true; identity: Identity }
  | {
      allowed: false;
      identity: Identity | null;
      name: string | null;
      status: 403 | 429;
      reason: string;
      retryAfterSeconds?: number;
    };

const refuse = (identity: Identity, reason: string): AccessDecision => ({
  allowed: false,
  identity,
  name: identity.name,
  status: 403,
  reason,
});

/**
 * May this request change the cluster? Cross-site requests and unknown host names never may.
 * `checkPassword: false` judges a basic-auth user as unverified, for reads that only adjust what they
 * show: they come every poll interval, and each password check costs a scrypt.
 */
export async function judgeMutation(
  a: AccessConfig,
  caller: Caller,
  opts: { checkPassword?: boolean } = {},
): Promise<AccessDecision> {
  const mode = accessMode(a);
  const host = hostRefusal(caller.headers, a.allowedHosts);
  const crossSite = isCrossSite(caller.headers);
  // a request refused anyway is not worth a password check
  const check = opts.checkPassword !== false && mode === 'admin' && host === null && !crossSite;
  const identity = await identify(a, caller, check);
  if ('throttled' in identity) {
    return {
      allowed: false,
      identity: null,
      name: identity.name,
      status: 429,
      reason: identity.reason,
      retryAfterSeconds: identity.retryAfterSeconds,
    };
  }
  if (host !== null) return refuse(identity, host);
  if (crossSite) return refuse(identity, 'a request from another site may not change the cluster');
  if (mode === 'read-only') return refuse(identity, 'this console is read-only');
  if (mode === 'open' || identity.admin) return { allowed: true, identity };
  if (identity.name === null) return refuse(identity, 'only admins may change the cluster: sign in');
  if (!identity.verified && identity.source === 'basic-auth') return refuse(identity, 'wrong user name or password');
  if (!identity.verified) {
    return refuse(
      identity,
      `${identity.name} is not an admin here: the ${a.aclHttpHeader} header is believed only from --acl-trusted-proxy`,
    );
  }
  return refuse(identity, `${identity.name} is not an admin`);
}
