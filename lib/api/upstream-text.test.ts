import { describe, expect, it } from 'vitest';
import type { AccessConfig } from '../config';
import type { UpstreamErrorInfo } from '../nsq/http';
import { errorFor, showsUpstreamText, withErrorsFor } from './upstream-text';

const answered: UpstreamErrorInfo = { kind: 'http', node: '127.0.0.2:4151', status: 500, message: 'GET /stats: HTTP 500', upstream_body: '<h1>hi</h1>' };
const admins: AccessConfig = { readOnly: false, adminUsers: ['alice'], aclHttpHeader: 'X-Forwarded-User', basicAuthUsers: [] };
const request = (headers: Record<string, string> = {}) => new Request('http://console/api/nodes', { headers });

describe('what callers are shown of an upstream’s answer', () => {
  it('only callers who may change the cluster see it', () => {
    expect(showsUpstreamText(admins, request({ 'X-Forwarded-User': 'alice' }))).toBe(true);
    expect(showsUpstreamText(admins, request({ 'X-Forwarded-User': 'bob' }))).toBe(false);
    expect(showsUpstreamText(admins, request())).toBe(false);
    expect(showsUpstreamText({ ...admins, adminUsers: [], readOnly: true }, request())).toBe(false);
  });

  it('others get the kind, the status and the message, without the text', () => {
    expect(errorFor(answered, false)).toEqual({ kind: 'http', node: '127.0.0.2:4151', status: 500, message: 'GET /stats: HTTP 500' });
    expect(errorFor(answered, true)).toBe(answered);
    const nodes = [{ node: 'a', error: answered }, { node: 'b', error: null }];
    expect(withErrorsFor(nodes, false).map((n) => n.error?.upstream_body)).toEqual([undefined, undefined]);
    expect(withErrorsFor(nodes, false)[1]).toBe(nodes[1]);
    expect(withErrorsFor(nodes, true)[0]?.error?.upstream_body).toBe('<h1>hi</h1>');
  });
});
