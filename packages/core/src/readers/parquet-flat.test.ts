import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import fc from 'fast-check';
import { type AsyncBuffer, type Compressors, parquetMetadata, parquetRead, type RowGroup } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import type { CellValue, RowRecord } from '../plugin/types.js';
import { readParquet } from './parquet.js';
import { flatGroup, flatLayout } from './parquet-flat.js';
import { readAll, tempDir } from './test-helpers/io.js';
import { InputError } from './types.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const compressors: Compressors = { GZIP: (input) => gunzipSync(input) };
const writeCompressors = { GZIP: (input: Uint8Array) => gzipSync(input) };

type Codec = 'SNAPPY' | 'UNCOMPRESSED' | 'GZIP';

function write(columnData: ColumnSource[], options: { rowGroupSize?: number; pageSize?: number; codec?: Codec } = {}) {
  return parquetWriteBuffer({ columnData, compressors: writeCompressors, ...options });
}

async function readRows(file: AsyncBuffer, limit?: number): Promise<CellValue[][]> {
  const rows: CellValue[][] = [];
  for await (const batch of readParquet(file, 'test.parquet', limit)) {
    for (const item of batch) rows.push([...(item as RowRecord).values]);
  }
  return rows;
}

/** hyparquet's own whole-file read, with absent values as null (what the reader has always given). */
async function hyparquetRows(file: ArrayBuffer): Promise<CellValue[][]> {
  let rows: unknown[][] = [];
  await parquetRead({ file, compressors, onComplete: (data: unknown[][]) => (rows = data) });
  return rows.map((row) => row.map((v) => (v === undefined ? null : (v as CellValue))));
}

/** Whether every row group of the file goes through the page decoder (not hyparquet). */
function decodedByPages(file: ArrayBuffer): boolean {
  const metadata = parquetMetadata(file);
  const layout = flatLayout(metadata.schema);
  return layout !== null && metadata.row_groups.every((g) => flatGroup(g, layout, compressors) !== null);
}

/** The data pages of each column chunk of a group, by column name. */
function pageEncodings(file: ArrayBuffer, group: RowGroup): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const chunk of group.columns) {
    const meta = chunk.meta_data;
    if (meta === undefined) continue;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const reader = { view: new DataView(file, start, Number(meta.total_compressed_size)), offset: 0 };
    const pages: string[] = [];
    while (reader.offset < reader.view.byteLength) {
      const header = parquetHeader(reader);
      pages.push(header.data_page_header_v2?.encoding ?? header.data_page_header?.encoding ?? 'DICTIONARY');
      reader.offset += header.compressed_page_size;
    }
    out.set(meta.path_in_schema.join('.'), pages);
  }
  return out;
}

describe('Parquet page decoder', () => {
  it('reads several row groups and pages, dictionary and plain pages, with nulls at page boundaries', async () => {
    const rows = 1000;
    const action = Array.from({ length: rows }, (_, i) => (i % 37 < 5 ? null : i % 3 === 0 ? 'REJECT' : 'ACCEPT'));
    const addr = Array.from({ length: rows }, (_, i) =>
      i % 11 === 0 ? null : `10.${i % 256}.${(i * 7) % 256}.${i % 97}`,
    );
    const port = Array.from({ length: rows }, (_, i) => (i % 13 === 0 ? null : (i * 7919) % 65536));
    const bytes = Array.from({ length: rows }, (_, i) => (i % 17 === 0 ? null : BigInt(i) * 1_000_003n));
    const file = write(
      [
        { name: 'action', data: action, type: 'STRING', nullable: true },
        { name: 'srcaddr', data: addr, type: 'STRING', nullable: true, encoding: 'PLAIN' },
        { name: 'srcport', data: port, type: 'INT32', nullable: true },
        { name: 'bytes', data: bytes, type: 'INT64', nullable: true },
      ],
      { rowGroupSize: 400, pageSize: 256 },
    );
    const metadata = parquetMetadata(file);
    expect(metadata.row_groups.length).toBe(3);
    const pages = pageEncodings(file, metadata.row_groups[0] as RowGroup);
    expect(pages.get('action')).toEqual(expect.arrayContaining(['DICTIONARY', 'RLE_DICTIONARY']));
    expect((pages.get('action') ?? []).length).toBeGreaterThan(2);
    expect(new Set(pages.get('srcaddr'))).toEqual(new Set(['PLAIN']));
    expect((pages.get('srcaddr') ?? []).length).toBeGreaterThan(5);
    expect(decodedByPages(file)).toBe(true);

    const got = await readRows(file);
    expect(got).toEqual(action.map((a, i) => [a, addr[i], port[i], bytes[i]]));
  });

  it('stops at the limit, inside a row group and inside a page', async () => {
    const data = Array.from({ length: 500 }, (_, i) => i);
    const file = write([{ name: 'n', data, type: 'INT32', nullable: false }], { rowGroupSize: 200, pageSize: 64 });
    expect(await readRows(file, 20)).toEqual(data.slice(0, 20).map((n) => [n]));
    expect(await readRows(file, 317)).toEqual(data.slice(0, 317).map((n) => [n]));
  });

  it('reads a row group through bounded windows of the file, not the whole column chunk at once', async () => {
    const rows = 60_000;
    const text = Array.from({ length: rows }, (_, i) => `value-${(i * 2654435761) % 1_000_003}`);
    const file = write([{ name: 'text', data: text, type: 'STRING', nullable: false, encoding: 'PLAIN' }], {
      rowGroupSize: rows,
      pageSize: 64 * 1024,
      codec: 'UNCOMPRESSED',
    });
    const chunkSize = Number(parquetMetadata(file).row_groups[0]?.columns[0]?.meta_data?.total_compressed_size);
    expect(chunkSize).toBeGreaterThan(800_000);
    let largest = 0;
    const buffer: AsyncBuffer = {
      byteLength: file.byteLength,
      slice(start, end = file.byteLength) {
        // The footer is read first, from the end of the file; the data after it.
        if (end < file.byteLength) largest = Math.max(largest, end - start);
        return file.slice(start, end);
      },
    };
    const got = await readRows(buffer);
    expect(got.length).toBe(rows);
    expect(got[rows - 1]).toEqual([text[rows - 1]]);
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThanOrEqual(256 * 1024 + 64 * 1024 + 4096);
  });

  it('reads a file on disk with the same rows as in memory, its column buffers reused across row groups', async () => {
    const rows = 3000;
    const text = Array.from({ length: rows }, (_, i) => (i % 5 === 0 ? null : `host-${i % 700}.example`));
    const n = Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : BigInt(i * 31)));
    const file = write(
      [
        { name: 'text', data: text, type: 'STRING', nullable: true, encoding: 'PLAIN' },
        { name: 'n', data: n, type: 'INT64', nullable: true },
      ],
      // Pages of different sizes in every group: a later, larger page must grow the buffers it reuses.
      { rowGroupSize: 700, pageSize: 1500 },
    );
    expect(parquetMetadata(file).row_groups.length).toBe(5);
    const path = tmp.file('groups.parquet', new Uint8Array(file));
    const { input, items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(items.map((item) => (item as RowRecord).values)).toEqual(text.map((t, i) => [t, n[i]]));
    expect(items.map((item) => item.location.row)).toEqual(text.map((_, i) => i + 1));
    // Progress by bytes: every byte of the file was read (the footer's end twice).
    expect(input.bytesRead()).toBeGreaterThanOrEqual(file.byteLength);
  });

  it('leaves columns it does not decode (timestamps, delta encodings) to hyparquet, with the same cells as before', async () => {
    const file = write([
      { name: 'n', data: [1n, 2n, null], type: 'INT64', nullable: true, encoding: 'DELTA_BINARY_PACKED' },
      { name: 's', data: ['a', null, 'c'], type: 'STRING', nullable: true },
    ]);
    const metadata = parquetMetadata(file);
    const layout = flatLayout(metadata.schema);
    expect(layout).not.toBeNull();
    expect(flatGroup(metadata.row_groups[0] as RowGroup, layout ?? [], compressors)).toBeNull();
    expect(await readRows(file)).toEqual([
      [1n, 'a'],
      [2n, null],
      [null, 'c'],
    ]);
    const timestamps = write([{ name: 't', data: [new Date(0)], type: 'TIMESTAMP' }]);
    expect(flatLayout(parquetMetadata(timestamps).schema)).toBeNull();
    expect(await readRows(timestamps)).toEqual([['1970-01-01T00:00:00.000Z']]);
  });

  it('a dictionary index past the dictionary is an input error naming the row group', async () => {
    const file = write(
      [{ name: 's', data: ['a', 'b', 'c', 'a'], type: 'STRING', nullable: false, encoding: 'RLE_DICTIONARY' }],
      {
        codec: 'UNCOMPRESSED',
      },
    );
    const meta = parquetMetadata(file).row_groups[0]?.columns[0]?.meta_data;
    expect(meta?.encodings).toContain('RLE_DICTIONARY');
    // The chunk ends with the data page's 2-bit indices [0, 1, 2, 0] (8 values bit-packed in 2 bytes):
    // all ones makes them index 3 of a 3-entry dictionary.
    const bytes = new Uint8Array(file);
    const end = Number(meta?.dictionary_page_offset ?? meta?.data_page_offset) + Number(meta?.total_compressed_size);
    bytes[end - 2] = 0xff;
    bytes[end - 1] = 0xff;
    const error = await readRows(file).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('input/invalid-parquet');
    expect((error as InputError).message).toMatch(/row group 1 of 1 \(rows 1–4\).*dictionary index/);
  });
});

type Kind = 'BOOLEAN' | 'INT32' | 'INT64' | 'FLOAT' | 'DOUBLE' | 'STRING' | 'BYTE_ARRAY';

/** Values of each type, half of them from a few repeated ones so that dictionaries are written too. */
const valuesOf: Record<Kind, fc.Arbitrary<unknown>> = {
  BOOLEAN: fc.boolean(),
  INT32: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer()),
  INT64: fc.oneof(fc.bigInt({ min: 0n, max: 3n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  FLOAT: fc.oneof(fc.constantFrom(0.5, 1.5), fc.float()),
  DOUBLE: fc.oneof(fc.constantFrom(1.25, -2), fc.double()),
  STRING: fc.oneof(fc.constantFrom('ACCEPT', 'REJECT', '-'), fc.string({ unit: 'binary', maxLength: 24 })),
  // Unannotated bytes, read as UTF-8 text (invalid sequences become U+FFFD, as hyparquet decodes them).
  BYTE_ARRAY: fc.oneof(fc.constant(new Uint8Array([0x41, 0x42])), fc.uint8Array({ maxLength: 12 })),
};

const columnArb = (rows: number, index: number): fc.Arbitrary<ColumnSource> =>
  fc
    .record({
      type: fc.constantFrom<Kind>('BOOLEAN', 'INT32', 'INT64', 'FLOAT', 'DOUBLE', 'STRING', 'BYTE_ARRAY'),
      nullable: fc.boolean(),
      encoding: fc.constantFrom<'PLAIN' | 'RLE_DICTIONARY' | undefined>(undefined, 'PLAIN', 'RLE_DICTIONARY'),
    })
    .chain(({ type, nullable, encoding }) =>
      fc
        .array(nullable ? fc.option(valuesOf[type], { freq: 3, nil: null }) : valuesOf[type], {
          minLength: rows,
          maxLength: rows,
        })
        .map((data) => ({
          name: `c${index}`,
          data,
          type,
          nullable,
          ...(encoding === undefined || (encoding === 'RLE_DICTIONARY' && type === 'BOOLEAN') ? {} : { encoding }),
        })),
    );

const fileArb = fc.integer({ min: 0, max: 400 }).chain((rows) =>
  fc.record({
    columns: fc
      .integer({ min: 1, max: 5 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => columnArb(rows, i)))),
    rowGroupSize: fc.integer({ min: 1, max: 250 }),
    pageSize: fc.integer({ min: 8, max: 4096 }),
    codec: fc.constantFrom<Codec>('SNAPPY', 'UNCOMPRESSED', 'GZIP'),
  }),
);

/** Each row's cells, or the code of the reject it became. */
async function readItems(file: AsyncBuffer): Promise<Array<CellValue[] | string>> {
  const items: Array<CellValue[] | string> = [];
  for await (const batch of readParquet(file, 'test.parquet')) {
    for (const item of batch)
      items.push(item.kind === 'row' ? [...item.values] : item.kind === 'issue' ? item.code : '');
  }
  return items;
}

describe('Parquet page decoder against hyparquet', () => {
  it('gives the cells hyparquet gives, on generated files of every flat type, encoding, codec and page size', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, async ({ columns, ...options }) => {
        const file = write(columns, options);
        expect(decodedByPages(file)).toBe(true);
        // A row with a text cell of bytes that are not UTF-8 is a reject; hyparquet gives U+FFFD there.
        const notUtf8 = (row: number) =>
          columns.some(({ data }) => {
            const value = (data as ArrayLike<unknown>)[row];
            return value instanceof Uint8Array && !isUtf8(value);
          });
        const expected = (await hyparquetRows(file)).map((cells, row) => (notUtf8(row) ? 'input/invalid-utf8' : cells));
        expect(await readItems(file)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it.skipIf(!hasShared)('gives the cells hyparquet gives on the real AWS Parquet fixtures (v1 pages)', async () => {
    const base = ['fixtures', 'real', 'sekoia-automation-library', 'AWS', 'tests'];
    for (const path of [
      [...base, 'data', '111111111111_vpcflowlogs_eu-west-3_fl-032a163fae170ae52_20220831T1255Z_2ad4bef5.parquet'],
      [...base, 'connectors', 's3', 'test_parquet.parquet'],
    ]) {
      const bytes = readFileSync(shared(...path));
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      expect(decodedByPages(file)).toBe(true);
      const rows = await readRows(file);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows).toEqual(await hyparquetRows(file));
    }
  });
});
