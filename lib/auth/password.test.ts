import { describe, expect, it } from 'vitest';
import { hashPassword, isPasswordHash, verifyPassword } from './password';

describe('password hashes', () => {
  it('verifies the password it was made from, and nothing else', () => {
    const h = hashPassword('correct horse');
    expect(isPasswordHash(h)).toBe(true);
    expect(h).not.toContain('correct horse');
    expect(verifyPassword('correct horse', h)).toBe(true);
    expect(verifyPassword('correct hors', h)).toBe(false);
    expect(hashPassword('correct horse')).not.toBe(h);
  });

  it('rejects what is not a hash', () => {
    expect(isPasswordHash('hunter2')).toBe(false);
    expect(verifyPassword('hunter2', 'hunter2')).toBe(false);
  });
});
