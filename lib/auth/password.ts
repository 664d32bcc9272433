// Built-in basic-auth passwords are kept only as scrypt hashes: "scrypt$<salt>$<hash>" (base64url).
// `npm run hash-password` makes one; the configuration never holds a password.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const FORMAT = /^scrypt\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{40,})$/;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, KEY_LENGTH).toString('base64url')}`;
}

export function isPasswordHash(text: string): boolean {
  return FORMAT.test(text);
}

export function verifyPassword(password: string, stored: string): boolean {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[2] as string, 'base64url');
  const actual = scryptSync(password, Buffer.from(m[1] as string, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}
