import { describe, expect, it } from 'vitest';
import type { AccessConfig } from '../config';
import { accessMode, isCrossSite, judgeMutation } from './access';
import { hashPassword } from './password';

const open: AccessConfig = { readOnly: false, adminUsers: [], aclHttpHeader: 'X-Forwarded-User', basicAuthUsers: [] };
const h = (init: Record<string, string> = {}) => new Headers({ host: 'console:4171', ...init });
const basic = (name: string, pw: string) => `Basic ${Buffer.from(`${name}:${pw}`).toString('base64')}`;

describe('accessMode', () => {
  it('is open with no admins, admin with some, read-only when asked', () => {
    expect(accessMode(open)).toBe('open');
    expect(accessMode({ ...open, adminUsers: ['alice'] })).toBe('admin');
    expect(accessMode({ ...open, readOnly: true })).toBe('read-only');
  });
});

describe('judgeMutation', () => {
  it('lets anyone act in open mode, as nsqadmin does, but nobody in read-only mode', () => {
    expect(judgeMutation(open, h())).toEqual({ allowed: true, user: null });
    expect(judgeMutation({ ...open, readOnly: true }, h())).toMatchObject({ allowed: false, reason: 'this console is read-only' });
  });

  it('lets only the named admins act, identified by the ACL header', () => {
    const a = { ...open, adminUsers: ['alice'] };
    expect(judgeMutation(a, h({ 'x-forwarded-user': 'alice' }))).toEqual({ allowed: true, user: 'alice' });
    expect(judgeMutation(a, h({ 'x-forwarded-user': 'mallory' }))).toMatchObject({ allowed: false, reason: 'mallory is not an admin' });
    expect(judgeMutation(a, h())).toMatchObject({ allowed: false });
  });

  it('lets built-in basic-auth users act with the right password only', () => {
    const a = { ...open, basicAuthUsers: [{ name: 'ops', hash: hashPassword('pw') }] };
    expect(judgeMutation(a, h({ authorization: basic('ops', 'pw') }))).toEqual({ allowed: true, user: 'ops' });
    expect(judgeMutation(a, h({ authorization: basic('ops', 'nope') }))).toMatchObject({ allowed: false });
  });

  it('refuses cross-site requests in every mode, even from an admin', () => {
    const a = { ...open, adminUsers: ['alice'] };
    const admin = { 'x-forwarded-user': 'alice' };
    expect(judgeMutation(a, h({ ...admin, origin: 'https://evil.example' }))).toMatchObject({ allowed: false });
    expect(judgeMutation(open, h({ 'sec-fetch-site': 'cross-site' }))).toMatchObject({ allowed: false });
    expect(judgeMutation(a, h({ ...admin, origin: 'http://console:4171', 'sec-fetch-site': 'same-origin' }))).toEqual({ allowed: true, user: 'alice' });
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
