// Responses recorded from real nsqd and nsqlookupd v1.3.0 (lib/nsq/__fixtures__, see its README).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'lib', 'nsq', '__fixtures__');

/** The recorded body as text, exactly as a parser would receive it. */
export function fixtureText(name: string): string {
  return readFileSync(path.join(DIR, name), 'utf8');
}

export function fixture<T = unknown>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}
