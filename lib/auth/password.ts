// Built-in basic-auth passwords are kept only as scrypt hashes: "scrypt$<salt>$<hash>" (base64url).
// `npm run hash-password` makes one; the configuration never holds a password.
// Checking runs scrypt on libuv's thread pool (the synchronous one stalled every request behind it),
// once per request, and as much work for a user that does not exist as for one that does, so that
// timing does not tell which names exist.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const FORMAT = /^scrypt\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{40,})$/;

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64url')}$${scryptSync(password, salt, KEY_LENGTH).toString('base64url')}`;
}

export function isPasswordHash(text: string): boolean {
  return FORMAT.test(text);
}

function scryptAsync(password: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, (e, key) => (e ? reject(e) : resolve(key))));
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = FORMAT.exec(stored);
  if (!m) return false;
  const expected = Buffer.from(m[2] as string, 'base64url');
  const actual = await scryptAsync(password, Buffer.from(m[1] as string, 'base64url'), expected.length);
  return timingSafeEqual(actual, expected);
}

/** What an unknown name is checked against: same parameters as a real hash, matching no password. */
const DECOY = `scrypt$${randomBytes(16).toString('base64url')}$${randomBytes(KEY_LENGTH).toString('base64url')}`;

/** Whether name and password match one of users; one scrypt whatever the name. */
export async function checkCredentials(
  users: readonly { name: string; hash: string }[],
  name: string,
  password: string,
): Promise<boolean> {
  const user = users.find((u) => u.name === name);
  const ok = await verifyPassword(password, user?.hash ?? DECOY);
  return ok && user !== undefined;
}
