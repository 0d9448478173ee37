import { defineConfig } from 'vitest/config';

// Four layers (DESIGN.md §7). `npm test` runs unit, infra and integration; the browser layer
// runs from `npm run test:browser` because it needs Debian's chromium.
export default defineConfig({
  test: {
    projects: [
      // Some unit tests are CPU work by design (scrypt, million-line files, seeded draws); on a
      // busy 2-core machine they may take several seconds. Speed belongs to the bench, not here.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', env: { POWERTOOLS_LOG_LEVEL: 'SILENT' }, testTimeout: 30_000 } },
      // Synthesizing bundles every Lambda with esbuild: minutes on 2 cores while integration runs beside it.
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
