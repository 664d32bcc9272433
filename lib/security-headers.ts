// The headers every response carries (the launcher sets them, scripts/start.ts, so that pages, API
// routes, static files and 404s under any --base-path all get them):
// - a Content-Security-Policy whose scripts need this request's nonce, with 'strict-dynamic' so that
//   the scripts Next.js loads later inherit the trust. Next.js reads the nonce from the policy on the
//   request and puts it on its own scripts; the root layout hands it to next-themes' inline script.
//   Nonces need every page rendered per request, which the pages are (the root layout reads the
//   request's headers). Styles stay 'unsafe-inline': React renders style attributes and sonner
//   inserts a <style>, and a nonce in style-src would disable 'unsafe-inline' for both.
// - frame-ancestors 'none' and X-Frame-Options (older browsers): no page of the console in a frame,
//   so its Pause and Empty buttons cannot be clicked through another site's page.
// - nosniff and a same-origin referrer.
import { randomBytes } from 'node:crypto';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function securityHeaders(nonce: string): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(nonce),
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };
}

/** The script nonce of a policy (as Next.js reads it), or undefined: no policy under `next dev`. */
export function scriptNonce(policy: string | null): string | undefined {
  const scripts = policy?.split(';').find((d) => d.trim().startsWith('script-src '));
  return scripts ? /'nonce-([A-Za-z0-9+/_-]+={0,2})'/.exec(scripts)?.[1] : undefined;
}
