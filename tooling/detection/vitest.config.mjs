import { ocsfxVitestConfig } from '@ocsfx/vitest-config';

export default ocsfxVitestConfig({ include: ['test/**/*.test.mjs'] });
