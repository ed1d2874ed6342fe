import { mkdtempSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInput } from '../../../readers/index.js';

/**
 * Temp folders for one test file: `make()` creates one, `cleanup()` (from afterAll/afterEach) removes them all.
 * @param prefix name prefix under the system temp directory
 */
export function tempDirs(prefix: string): { make(): string; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  return {
    make() {
      const d = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(d);
      return d;
    },
    async cleanup() {
      for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
    },
  };
}

/** Every regular file below `dir`, as absolute paths, sorted. */
export async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The events of a Parquet file, read back through core's own reader (JSON columns parsed). */
export async function readEvents(file: string): Promise<unknown[]> {
  const input = await openInput(file, { parquet: 'json' });
  const out: unknown[] = [];
  for await (const batch of input.records()) for (const item of batch) if (item.kind === 'json') out.push(item.value);
  return out;
}
