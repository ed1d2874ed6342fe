import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type Compressors, parquetMetadata, parquetRead } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import type { CellValue, RowRecord } from '../plugin/types.js';
import { readParquet } from './parquet.js';
import { flatGroup, flatLayout } from './parquet-flat.js';
import { duckdbRows } from './test-helpers/duckdb.js';
import { tempDir } from './test-helpers/io.js';

const compressors: Compressors = { GZIP: (input) => gunzipSync(input) };
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/**
 * Files written by another writer: DuckDB writes v1 data pages (definition levels inside the compressed
 * page), dictionaries that fall back to PLAIN, INT_8 … UINT_64 annotations and several codecs.
 */
const COLUMNS = `
  CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 7919) % 65536 END::INTEGER AS port,
  CASE WHEN i % 11 = 0 THEN NULL ELSE i * 1000003 END::BIGINT AS bytes,
  (i % 3)::TINYINT AS tiny,
  (i % 300)::SMALLINT AS small,
  (4294967295 - i)::UINTEGER AS uint,
  (18446744073709551615 - i)::UBIGINT AS ubig,
  CASE WHEN i % 5 = 0 THEN NULL ELSE ['ACCEPT', 'REJECT', 'ÄÖÜ-✓'][i % 3 + 1] END AS action,
  CASE WHEN i % 13 = 0 THEN NULL ELSE '10.' || (i % 256) || '.' || ((i * 7) % 256) || '.' || (i % 97) END AS addr,
  i % 2 = 0 AS even,
  CASE WHEN i % 17 = 0 THEN NULL ELSE i / 8.0 END::DOUBLE AS ratio,
  (i / 4.0)::FLOAT AS quarter`;

async function duckdbFile(name: string, rows: number, codec: string): Promise<ArrayBuffer> {
  const path = tmp.file(name, '');
  await duckdbRows(
    `COPY (SELECT ${COLUMNS} FROM range(${rows}) t(i)) TO '${path}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 2048)`,
  );
  const bytes = readFileSync(path);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

describe('Parquet page decoder on files DuckDB writes', () => {
  for (const codec of ['snappy', 'gzip', 'uncompressed']) {
    it(`gives the cells hyparquet gives (${codec}, several row groups, v1 pages)`, async () => {
      const file = await duckdbFile(`duckdb-${codec}.parquet`, 10_000, codec);
      const metadata = parquetMetadata(file);
      expect(metadata.row_groups.length).toBeGreaterThan(1);
      const layout = flatLayout(metadata.schema);
      expect(layout?.map((c) => c.kind)).toEqual([
        'int32',
        'int64',
        'int32',
        'int32',
        'uint32',
        'uint64',
        'text',
        'text',
        'boolean',
        'double',
        'float',
      ]);
      for (const group of metadata.row_groups) expect(flatGroup(group, layout ?? [], compressors)).not.toBeNull();
      const got: CellValue[][] = [];
      for await (const batch of readParquet(file, 'duckdb.parquet')) {
        for (const item of batch) got.push([...(item as RowRecord).values]);
      }
      let expected: unknown[][] = [];
      await parquetRead({ file, compressors, onComplete: (rows: unknown[][]) => (expected = rows) });
      expect(got.length).toBe(10_000);
      expect(got).toEqual(expected.map((row) => row.map((v) => (v === undefined ? null : v))));
      expect(got[1]).toEqual([
        7919,
        1000003n,
        1,
        1,
        4294967294,
        18446744073709551614n,
        'REJECT',
        '10.1.7.1',
        false,
        0.125,
        0.25,
      ]);
    });
  }
});
