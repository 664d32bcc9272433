import { describe, expect, it } from 'vitest';
import type { AccessConfig } from '../config';
import type { UpstreamErrorInfo } from '../nsq/http';
import { errorFor, showsUpstreamText, withErrorsFor } from './upstream-text';

const answered: UpstreamErrorInfo = {
  kind: 'http',
  node: '127.0.0.2:4151',
  status: 500,
  message: 'GET /stats: HTTP 500',
  upstream_body: '<h1>hi</h1>',
};
const admins: AccessConfig = {
  readOnly: false,
  adminUsers: ['alice'],
  aclHttpHeader: 'X-Forwarded-User',
  aclTrustedProxies: ['127.0.0.1/32'],
  basicAuthUsers: [],
  allowedHosts: [],
};
// the peer, as lib/peer.ts reads it outside the launcher, is the trusted proxy's address
const request = (headers: Record<string, string> = {}) =>
  new Request('http://127.0.0.1/api/nodes', {
    headers: { host: '127.0.0.1:4171', 'x-forwarded-for': '127.0.0.1', ...headers },
  });

describe('what callers are shown of an upstream’s answer', () => {
  it('only callers who may change the cluster see it', async () => {
    expect(await showsUpstreamText(admins, request({ 'X-Forwarded-User': 'alice' }))).toBe(true);
    expect(await showsUpstreamText(admins, request({ 'X-Forwarded-User': 'bob' }))).toBe(false);
    expect(await showsUpstreamText(admins, request())).toBe(false);
    expect(await showsUpstreamText({ ...admins, adminUsers: [], readOnly: true }, request())).toBe(false);
  });

  it('believes the admin header only from a trusted proxy', async () => {
    const elsewhere = { 'X-Forwarded-User': 'alice', 'x-forwarded-for': '192.0.2.7' };
    expect(await showsUpstreamText(admins, request(elsewhere))).toBe(false);
  });

  it('others get the kind, the status and the message, without the text', () => {
    expect(errorFor(answered, false)).toEqual({
      kind: 'http',
      node: '127.0.0.2:4151',
      status: 500,
      message: 'GET /stats: HTTP 500',
    });
    expect(errorFor(answered, true)).toBe(answered);
    const nodes = [
      { node: 'a', error: answered },
      { node: 'b', error: null },
    ];
    expect(withErrorsFor(nodes, false).map((n) => n.error?.upstream_body)).toEqual([undefined, undefined]);
    expect(withErrorsFor(nodes, false)[1]).toBe(nodes[1]);
    expect(withErrorsFor(nodes, true)[0]?.error?.upstream_body).toBe('<h1>hi</h1>');
  });
});
