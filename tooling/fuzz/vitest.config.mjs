import { ocsfxVitestConfig } from '@ocsfx/vitest-config';

// The seeded run is bounded by --seconds inside the test; the timeout only catches a harness that never ends.
export default ocsfxVitestConfig({ include: ['test/**/*.test.mjs'], testTimeout: 120_000 });
