import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const tsx = 'node_modules/.bin/tsx';
function start(args: string[], env: Record<string, string> = {}) {
  const clean = { ...process.env };
  for (const k of Object.keys(clean)) if (k.startsWith('NSQ_CONSOLE_')) delete clean[k];
  return spawnSync(tsx, ['scripts/start.ts', ...args], {
    env: { ...clean, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('npm start with a bad configuration', () => {
  it.each([
    [[], '--nsqd-http-address or --lookupd-http-address required'],
    [
      ['--lookupd-http-address=127.0.0.1:4161', '--nsqd-http-address=127.0.0.1:4151'],
      'use --nsqd-http-address or --lookupd-http-address not both',
    ],
    [
      ['--lookupd-http-address=127.0.0.1:4161', '--http-client-request-timeout=fast'],
      '--http-client-request-timeout="fast": is not a duration',
    ],
    [['--lookupd-http-address=127.0.0.1:4161', '--no-such-flag'], "Unknown option '--no-such-flag'"],
    [
      ['--lookupd-http-address=127.0.0.1:4161', '--http-client-tls-cert=/nonexistent.crt'],
      '--http-client-tls-cert="/nonexistent.crt": requires --http-client-tls-key',
    ],
    [
      ['--lookupd-http-address=127.0.0.1:4161', '--http-client-tls-root-ca-file=/nonexistent.crt'],
      '--http-client-tls-root-ca-file="/nonexistent.crt": ENOENT',
    ],
  ])('exits 1 and says why: %j', (args, message) => {
    const r = start(args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('names the environment variable a bad value came from', () => {
    const r = start([], { NSQ_CONSOLE_LOOKUPD_HTTP_ADDRESS: '127.0.0.1:4161', NSQ_CONSOLE_POLL_INTERVAL: '0s' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--poll-interval="0s" (from NSQ_CONSOLE_POLL_INTERVAL): must be from 250ms to 1h');
  });

  it('prints its version and exits 0', () => {
    const r = start(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^nsq-console v\d+\.\d+\.\d+\n$/);
  });
});
