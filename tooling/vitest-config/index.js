// Shared vitest preset: every package writes a JSON report next to the console output so that
// `.ci/run` can add up passed/failed tests across the workspace.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** @param {{ testTimeout?: number, include?: string[] }} [options] */
export function ocsfxVitestConfig(options = {}) {
  return defineConfig({
    test: {
      include: options.include ?? ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: options.testTimeout ?? 30_000,
      hookTimeout: 60_000,
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      pool: 'forks',
      setupFiles: [fileURLToPath(new URL('./setup.js', import.meta.url))],
    },
  });
}
