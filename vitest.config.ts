import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // botbuilder loads here with the same stand-ins as in the bundle.
    setupFiles: ['tests/support/stand-ins.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Browser and multi-process tests share a 2-core machine; keep parallelism modest.
    maxWorkers: 2,
    // expect.poll gives up after 1 s by default: on a loaded machine a click, its request and the page's
    // update can take longer. A poll that succeeds returns at once, so a longer limit costs nothing.
    expect: { poll: { timeout: 5_000 } },
  },
});
