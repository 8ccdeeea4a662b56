import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// One vitest project per workspace, so `vitest --project products` runs one service's suite.
const workspaces = ['packages', 'services'].flatMap((group) =>
  readdirSync(group, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${group}/${entry.name}`),
);

export default defineConfig({
  test: {
    // Handlers log every refused request; keep test output readable (POWERTOOLS_LOG_LEVEL=DEBUG to see them).
    env: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT' },
    // Starts the AWS emulator on a free loopback port for the integration suites and stops it.
    globalSetup: ['packages/testing/src/global-setup.ts'],
    projects: workspaces.map((dir) => ({
      extends: true,
      test: {
        name: dir.split('/')[1],
        root: dir,
        include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
        testTimeout: 30_000,
        hookTimeout: 120_000,
      },
    })),
  },
});
