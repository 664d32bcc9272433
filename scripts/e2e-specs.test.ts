// The browser tests' page-error check (e2e/fixtures.ts) holds only for specs that take test from it.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('../e2e/', import.meta.url);
const specs = readdirSync(dir).filter((f) => f.endsWith('.spec.ts'));

describe('browser specs', () => {
  it('take test and expect from e2e/fixtures.ts, never straight from @playwright/test', () => {
    expect(specs.length).toBeGreaterThan(10);
    const strays = specs.filter((f) => {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const fromPlaywright = /import \{([^}]*)\} from '@playwright\/test'/.exec(text)?.[1] ?? '';
      return (
        !/import \{ expect, test \} from '\.\/fixtures'/.test(text) ||
        /\b(test|expect)\b/.test(fromPlaywright.replace(/type \w+/g, ''))
      );
    });
    expect(strays).toEqual([]);
  });
});
