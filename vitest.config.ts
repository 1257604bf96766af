import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser and multi-process tests share a 2-core machine; keep parallelism modest.
    maxWorkers: 2,
  },
});
