import { describe, expect, it } from 'vitest';
import { checkCredentials, hashPassword, isPasswordHash, verifyPassword } from './password';

describe('password hashes', () => {
  it('verifies the password it was made from, and nothing else', async () => {
    const h = hashPassword('correct horse');
    expect(isPasswordHash(h)).toBe(true);
    expect(h).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct hors', h)).toBe(false);
    expect(hashPassword('correct horse')).not.toBe(h);
  });

  it('rejects what is not a hash', async () => {
    expect(isPasswordHash('hunter2')).toBe(false);
    expect(await verifyPassword('hunter2', 'hunter2')).toBe(false);
  });
});

describe('checkCredentials', () => {
  const users = [{ name: 'ops', hash: hashPassword('pw') }];

  it('accepts a known user with the right password only', async () => {
    expect(await checkCredentials(users, 'ops', 'pw')).toBe(true);
    expect(await checkCredentials(users, 'ops', 'nope')).toBe(false);
  });

  it('refuses an unknown user, whatever the password (even the empty one)', async () => {
    expect(await checkCredentials(users, 'nobody', 'pw')).toBe(false);
    expect(await checkCredentials(users, 'nobody', '')).toBe(false);
    expect(await checkCredentials([], 'ops', 'pw')).toBe(false);
  });
});
