import { describe, expect, it } from 'vitest';
import { allowedHostProblem, hostName, hostRefusal, isAllowedHostName } from './host';

describe('hostName', () => {
  it('takes the host out of a Host header, lower case, for names, IPv4 and bracketed IPv6', () => {
    expect(hostName('NSQ.Example.com:4171')).toBe('nsq.example.com');
    expect(hostName('nsq.example.com.')).toBe('nsq.example.com');
    expect(hostName('10.0.0.1:80')).toBe('10.0.0.1');
    expect(hostName('[::1]:4171')).toBe('::1');
    expect(hostName('[not-v6]:1')).toBeNull();
    expect(hostName('a b')).toBeNull();
  });
});

describe('isAllowedHostName', () => {
  const allowed = ['nsq.example.com', '*.corp.example'];
  it('always allows IP literals and localhost, which no page can rebind', () => {
    for (const n of ['127.0.0.1', '10.1.2.3', '::1', 'localhost']) expect(isAllowedHostName(n, []), n).toBe(true);
  });

  it('allows the names given, and every name under a *. pattern but not the pattern’s own', () => {
    expect(isAllowedHostName('nsq.example.com', allowed)).toBe(true);
    expect(isAllowedHostName('a.corp.example', allowed)).toBe(true);
    expect(isAllowedHostName('a.b.corp.example', allowed)).toBe(true);
    expect(isAllowedHostName('corp.example', allowed)).toBe(false);
    expect(isAllowedHostName('evilcorp.example', allowed)).toBe(false);
    expect(isAllowedHostName('nsq.example.com.evil', allowed)).toBe(false);
    expect(isAllowedHostName('localhost.evil', allowed)).toBe(false);
  });
});

describe('hostRefusal', () => {
  const headers = (init: Record<string, string>) => new Headers(init);
  it('names the flag that would allow a refused host', () => {
    expect(hostRefusal(headers({ host: 'rebind.attacker.example:4171' }), [])).toMatch(
      /--allowed-host=rebind\.attacker\.example$/,
    );
    expect(hostRefusal(headers({ host: '127.0.0.1:4171' }), [])).toBeNull();
  });

  it('also judges X-Forwarded-Host, which names what the browser addressed through a proxy', () => {
    expect(
      hostRefusal(headers({ host: '127.0.0.1:4171', 'x-forwarded-host': 'rebind.attacker.example' }), []),
    ).not.toBeNull();
    expect(
      hostRefusal(headers({ host: '127.0.0.1:4171', 'x-forwarded-host': 'nsq.example.com' }), ['nsq.example.com']),
    ).toBeNull();
  });
});

describe('allowedHostProblem', () => {
  it('takes names and *. patterns, not ports, schemes or a bare *', () => {
    expect(allowedHostProblem('nsq.example.com')).toBeNull();
    expect(allowedHostProblem('*.example.com')).toBeNull();
    expect(allowedHostProblem('nsq:4171')).toMatch(/without a port/);
    expect(allowedHostProblem('http://nsq')).toMatch(/without a port or scheme/);
    expect(allowedHostProblem('*')).not.toBeNull();
    expect(allowedHostProblem('a.*.com')).not.toBeNull();
  });
});
