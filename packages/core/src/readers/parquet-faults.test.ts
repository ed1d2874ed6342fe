import { readFileSync } from 'node:fs';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, openInput } from './index.js';
import { readAll, tempDir } from './test-helpers/io.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const fixture = (): Buffer =>
  readFileSync(
    shared('fixtures', 'real', 'sekoia-automation-library', 'AWS', 'tests', 'connectors', 's3', 'test_parquet.parquet'),
  );

/** The fixture with some bytes changed (0-based offsets). */
function corrupt(name: string, changes: Record<number, number>): string {
  const bytes = fixture();
  for (const [at, value] of Object.entries(changes)) bytes[Number(at)] = value;
  return tmp.file(name, bytes);
}

describe.skipIf(!hasShared)('corrupt Parquet', () => {
  it('a footer naming a column the schema lacks is an input error naming the file and row group, not a crash', async () => {
    // Byte 71 renames a column chunk's path; byte 1795 breaks a data page of another column.
    const path = corrupt('two-bytes.parquet', { 71: 0x18, 1795: 0x6d });
    const input = await openInput(path);
    // Sampling reads the same row group: it must fail quietly too (no unhandled rejection).
    expect((await input.sample()).records).toEqual([]);
    await input.close();
    const { items, error } = await readAll(path);
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('input/invalid-parquet');
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toContain('row group 1 of 1');
  });

  it('a broken data page is an input error naming the row group', async () => {
    const path = corrupt('page.parquet', { 1795: 0x6d });
    const { error } = await readAll(path);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/row group 1 of 1 \(rows 1–8\)/);
  });
});
