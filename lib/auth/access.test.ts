import { describe, expect, it } from 'vitest';
import type { AccessConfig } from '../config';
import { accessMode, identify, isCrossSite, judgeMutation } from './access';
import { FREE_FAILURES } from './backoff';
import { hashPassword } from './password';

const open: AccessConfig = {
  readOnly: false,
  adminUsers: [],
  aclHttpHeader: 'X-Forwarded-User',
  aclTrustedProxies: [],
  basicAuthUsers: [],
  allowedHosts: ['console'],
};
const PROXY = '10.0.0.5';
const behindProxy: AccessConfig = { ...open, adminUsers: ['alice'], aclTrustedProxies: ['10.0.0.0/24'] };
const h = (init: Record<string, string> = {}) => new Headers({ host: 'console:4171', ...init });
const from = (peer: string | null, init: Record<string, string> = {}) => ({ headers: h(init), peer });
const basic = (name: string, pw: string) => `Basic ${Buffer.from(`${name}:${pw}`).toString('base64')}`;

describe('accessMode', () => {
  it('is open with no admins, admin with some, read-only when asked', () => {
    expect(accessMode(open)).toBe('open');
    expect(accessMode(behindProxy)).toBe('admin');
    expect(accessMode({ ...open, readOnly: true })).toBe('read-only');
  });
});

describe('judgeMutation', () => {
  it('lets anyone act in open mode, as nsqadmin does, but nobody in read-only mode', async () => {
    expect(await judgeMutation(open, from('127.0.0.1'))).toMatchObject({ allowed: true });
    expect(await judgeMutation({ ...open, readOnly: true }, from('127.0.0.1'))).toMatchObject({
      allowed: false,
      status: 403,
      reason: 'this console is read-only',
    });
  });

  it('believes the ACL header only from a trusted proxy', async () => {
    expect(await judgeMutation(behindProxy, from(PROXY, { 'x-forwarded-user': 'alice' }))).toMatchObject({
      allowed: true,
      identity: { name: 'alice', verified: true, admin: true },
    });
    const forged = await judgeMutation(behindProxy, from('192.168.1.9', { 'x-forwarded-user': 'alice' }));
    expect(forged).toMatchObject({ allowed: false, status: 403, identity: { name: 'alice', verified: false } });
    expect(forged.allowed ? '' : forged.reason).toContain('--acl-trusted-proxy');
    expect(await judgeMutation(behindProxy, from(null, { 'x-forwarded-user': 'alice' }))).toMatchObject({
      allowed: false,
    });
    expect(await judgeMutation(behindProxy, from(PROXY, { 'x-forwarded-user': 'mallory' }))).toMatchObject({
      allowed: false,
      reason: 'mallory is not an admin',
    });
    expect(await judgeMutation(behindProxy, from(PROXY))).toMatchObject({
      allowed: false,
      reason: 'only admins may change the cluster: sign in',
    });
  });

  it('lets built-in basic-auth users act with the right password only', async () => {
    const a = { ...open, basicAuthUsers: [{ name: 'ops', hash: hashPassword('pw') }] };
    expect(await judgeMutation(a, from('10.9.0.1', { authorization: basic('ops', 'pw') }))).toMatchObject({
      allowed: true,
      identity: { name: 'ops', verified: true },
    });
    expect(await judgeMutation(a, from('10.9.0.2', { authorization: basic('ops', 'nope') }))).toMatchObject({
      allowed: false,
      reason: 'wrong user name or password',
      identity: { name: 'ops', verified: false },
    });
  });

  it('answers 429 with a wait once a peer has given too many wrong passwords, without checking more', async () => {
    const a = { ...open, basicAuthUsers: [{ name: 'ops', hash: hashPassword('pw') }] };
    const wrong = from('10.9.0.3', { authorization: basic('ops', 'nope') });
    for (let i = 0; i <= FREE_FAILURES; i++) await judgeMutation(a, wrong);
    const d = await judgeMutation(a, from('10.9.0.3', { authorization: basic('ops', 'pw') }));
    expect(d).toMatchObject({ allowed: false, status: 429, retryAfterSeconds: 1 });
    expect(await judgeMutation(a, from('10.9.0.4', { authorization: basic('ops', 'pw') }))).toMatchObject({
      allowed: true,
    });
  });

  it('checks one burst of guesses one at a time, and only until the back-off starts', async () => {
    const a = { ...open, basicAuthUsers: [{ name: 'ops', hash: hashPassword('pw') }] };
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => judgeMutation(a, from('10.9.0.5', { authorization: basic('ops', 'nope') }))),
    );
    const statuses = burst.map((d) => (d.allowed ? 200 : d.status));
    expect(statuses.filter((s) => s === 403)).toHaveLength(FREE_FAILURES + 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - FREE_FAILURES - 1);
  });

  it('refuses cross-site requests in every mode, even from an admin', async () => {
    const admin = { 'x-forwarded-user': 'alice' };
    expect(await judgeMutation(behindProxy, from(PROXY, { ...admin, origin: 'https://evil.example' }))).toMatchObject({
      allowed: false,
    });
    expect(await judgeMutation(open, from(PROXY, { 'sec-fetch-site': 'cross-site' }))).toMatchObject({
      allowed: false,
    });
    expect(
      await judgeMutation(
        behindProxy,
        from(PROXY, { ...admin, origin: 'http://console:4171', 'sec-fetch-site': 'same-origin' }),
      ),
    ).toMatchObject({ allowed: true });
  });

  it('refuses a host name the console was not told about, even with a matching Origin (DNS rebinding)', async () => {
    const rebound = {
      headers: new Headers({ host: 'rebind.attacker.example:4171', origin: 'http://rebind.attacker.example:4171' }),
      peer: '127.0.0.1',
    };
    const d = await judgeMutation(open, rebound);
    expect(d).toMatchObject({ allowed: false, status: 403 });
    expect(d.allowed ? '' : d.reason).toContain('--allowed-host=rebind.attacker.example');
    const byIp = {
      headers: new Headers({ host: '127.0.0.1:4171', origin: 'http://127.0.0.1:4171' }),
      peer: '127.0.0.1',
    };
    expect(await judgeMutation(open, byIp)).toMatchObject({ allowed: true });
  });
});

describe('identify', () => {
  it('marks a name nothing verified as claimed', async () => {
    expect(await identify(open, from('127.0.0.1', { 'x-forwarded-user': 'bob' }))).toEqual({
      name: 'bob',
      source: 'header',
      verified: false,
      admin: false,
    });
    expect(await identify(open, from('127.0.0.1', { authorization: basic('eve', 'x') }))).toEqual({
      name: 'eve',
      source: 'basic-auth',
      verified: false,
      admin: false,
    });
    expect(
      await identify({ ...open, aclTrustedProxies: ['127.0.0.0/8'] }, from('127.0.0.1', { 'x-forwarded-user': 'bob' })),
    ).toMatchObject({
      name: 'bob',
      verified: true,
      admin: false,
    });
  });
});

describe('isCrossSite', () => {
  it('judges only requests that say where they come from', () => {
    expect(isCrossSite(h())).toBe(false);
    expect(isCrossSite(h({ origin: 'http://console:4171' }))).toBe(false);
    expect(isCrossSite(h({ origin: 'http://console:4172' }))).toBe(true);
    expect(isCrossSite(h({ origin: 'null' }))).toBe(true);
    expect(isCrossSite(h({ 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(isCrossSite(h({ origin: 'https://nsq.example', 'x-forwarded-host': 'nsq.example' }))).toBe(false);
  });
});
