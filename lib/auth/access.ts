// Who may change the cluster. Three modes: read-only (nobody), open (everybody: nsqadmin's default
// when no admin is named) and admin (users named by nsqadmin's --admin-user, identified by the
// --acl-http-header an authenticating proxy sets, or built-in basic-auth users).
// Reads are never restricted, as in nsqadmin.
import type { AccessConfig } from '../config';
import { verifyPassword } from './password';

export type AccessMode = 'read-only' | 'open' | 'admin';

export function accessMode(a: AccessConfig): AccessMode {
  if (a.readOnly) return 'read-only';
  return a.adminUsers.length > 0 || a.basicAuthUsers.length > 0 ? 'admin' : 'open';
}

/** The basic-auth user name and password, or null. */
export function basicCredentials(headers: Headers): { name: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(headers.get('authorization') ?? '');
  if (!m) return null;
  const text = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const at = text.indexOf(':');
  return at < 0 ? null : { name: text.slice(0, at), password: text.slice(at + 1) };
}

/** The user this request identifies, if it identifies an admin; null otherwise. */
export function identifyAdmin(a: AccessConfig, headers: Headers): string | null {
  const basic = basicCredentials(headers);
  if (basic) {
    const user = a.basicAuthUsers.find((u) => u.name === basic.name);
    if (user && verifyPassword(basic.password, user.hash)) return user.name;
  }
  const fromProxy = headers.get(a.aclHttpHeader);
  if (fromProxy !== null && a.adminUsers.includes(fromProxy)) return fromProxy;
  return null;
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
  | { allowed: true; user: string | null }
  | { allowed: false; user: string | null; reason: string };

/** May this request change the cluster? Cross-site requests never may. */
export function judgeMutation(a: AccessConfig, headers: Headers): AccessDecision {
  const user = identifyAdmin(a, headers) ?? basicCredentials(headers)?.name ?? headers.get(a.aclHttpHeader);
  if (isCrossSite(headers)) return { allowed: false, user, reason: 'a request from another site may not change the cluster' };
  const mode = accessMode(a);
  if (mode === 'read-only') return { allowed: false, user, reason: 'this console is read-only' };
  if (mode === 'open') return { allowed: true, user };
  const admin = identifyAdmin(a, headers);
  if (admin !== null) return { allowed: true, user: admin };
  return { allowed: false, user, reason: user ? `${user} is not an admin` : 'only admins may change the cluster: sign in' };
}
