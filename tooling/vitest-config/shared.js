// Locates ../shared (fixtures, dossiers, OCSF schema) from the repository root.
// Outside CI a missing folder makes the dependent tests skip with a message; with CI=true it is an error,
// so a CI run can never pass by skipping them.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const sharedDir = process.env.OCSFX_SHARED
  ? resolve(process.env.OCSFX_SHARED)
  : resolve(repoRoot, '..', 'shared');

export const hasShared = existsSync(join(sharedDir, 'DESIGN.md')) || existsSync(join(sharedDir, 'fixtures'));

if (!hasShared) {
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `CI=true but the shared folder is missing at ${sharedDir}; tests that need it cannot be skipped in CI.`,
    );
  }
  console.warn(
    `[ocsfx tests] ${sharedDir} not found: tests that need ../shared (fixtures, dossiers, OCSF schema) are skipped.`,
  );
}

/** Absolute path inside ../shared. */
export function shared(...parts) {
  return join(sharedDir, ...parts);
}

export const repoDir = repoRoot;
