import { defineConfig } from 'vitest/config';

// Tests drive real programs (Chromium, LibreOffice): generous timeouts, and no
// more files at once than this 2-core machine can run without starving them.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
