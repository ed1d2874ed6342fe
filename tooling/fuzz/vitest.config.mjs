import { ocsfxVitestConfig } from '@ocsfx/vitest-config';

// The seeded run has a fixed case budget (a few seconds unloaded); the timeout only catches a harness that never
// ends, with room for a machine running every package's tests at once.
export default ocsfxVitestConfig({ include: ['test/**/*.test.mjs'], testTimeout: 300_000 });
