import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const resolve = {
  alias: {
    '@/': root,
    // 'server-only' throws outside React's server condition; under Vitest every module is server-side.
    'server-only': `${root}test/server-only-stub.ts`,
  },
};

export default defineConfig({
  resolve,
  test: {
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts?(x)', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
        },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', '.next/**', '.next-base-path/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file starts its own NSQ processes; one file at a time suits a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
