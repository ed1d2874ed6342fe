import { ocsfxVitestConfig } from '@ocsfx/vitest-config';

export default ocsfxVitestConfig();
