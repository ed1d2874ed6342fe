import type { UserConfig } from 'vitest/config';
export declare function ocsfxVitestConfig(options?: { testTimeout?: number; include?: string[] }): UserConfig;
