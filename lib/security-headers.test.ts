import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce, scriptNonce, securityHeaders } from './security-headers';

describe('security headers', () => {
  it('forbid framing, plugins and foreign bases, and allow only nonce-bearing scripts', () => {
    const nonce = newNonce();
    const h = securityHeaders(nonce);
    expect(h).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    const csp = h['Content-Security-Policy'] as string;
    for (const d of [
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
      `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    ]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
  });

  it('make a fresh nonce each time, which the policy gives back', () => {
    const a = newNonce();
    expect(newNonce()).not.toBe(a);
    expect(scriptNonce(contentSecurityPolicy(a))).toBe(a);
    expect(scriptNonce(null)).toBeUndefined();
    expect(scriptNonce("default-src 'self'")).toBeUndefined();
  });
});
