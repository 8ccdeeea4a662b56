import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The acceptance files in vitest's order, but the least-privilege check last: it reads every call made. */
class LeastPrivilegeLast extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files);
    const last = (file: TestSpecification) => file.moduleId.endsWith('least-privilege.test.ts');
    return [...sorted.filter((file) => !last(file)), ...sorted.filter(last)];
  }
}

// One vitest project per workspace, so `vitest --project products` runs one service's suite.
const workspaces = ['packages', 'services'].flatMap((group) =>
  readdirSync(group, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${group}/${entry.name}/package.json`))
    .map((entry) => `${group}/${entry.name}`),
);

export default defineConfig({
  test: {
    // Handlers log every refused request; keep test output readable (POWERTOOLS_LOG_LEVEL=DEBUG to see them).
    env: { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT' },
    // Starts the AWS emulator on a free loopback port for the integration suites and stops it.
    globalSetup: ['packages/testing/src/global-setup.ts'],
    sequence: { sequencer: LeastPrivilegeLast },
    projects: [
      ...workspaces.map((dir) => ({
        extends: true,
        test: {
          name: dir.split('/')[1],
          root: dir,
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      })),
      {
        // The acceptance suite's own helpers (the contract check of live answers), without a shop.
        test: { name: 'acceptance-unit', root: 'acceptance', include: ['unit/**/*.test.ts'] },
      },
      {
        // Black-box tests of the whole shop through its base URL: one shop (started by this project's
        // global setup) shared by every file, so the files run one after another.
        test: {
          name: 'acceptance',
          root: 'acceptance',
          include: ['test/**/*.test.ts'],
          globalSetup: ['src/global-setup.ts'],
          // Every answer the client receives is checked against the HTTP contract (src/contract-check.ts).
          setupFiles: ['src/contract-setup.ts'],
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
