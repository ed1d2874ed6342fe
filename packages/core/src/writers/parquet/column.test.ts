import { readFile } from 'node:fs/promises';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ColumnWriter, type LeafSpec, Ledger } from './column.js';
import { codecFor } from './compression.js';
import { filesBelow, readEvents, tempDirs } from './test-helpers/files.js';
import { createParquetWriter, type ParquetWriterOptions } from './writer.js';

const temp = tempDirs('ocsfx-parquet-col-');
afterAll(() => temp.cleanup());

/** One page of a column chunk: its kind (data page encoding, or DICTIONARY) and how many values it holds. */
interface Page {
  readonly encoding: string;
  readonly values: number;
}

/** The pages of every column chunk of a file's first row group, by column path. */
async function pagesOf(file: string): Promise<Map<string, Page[]>> {
  const bytes = await readFile(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const [group] = parquetMetadata(buffer).row_groups;
  const out = new Map<string, Page[]>();
  for (const chunk of group?.columns ?? []) {
    const meta = chunk.meta_data;
    if (meta === undefined) continue;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    const reader = { view: new DataView(buffer, start, Number(meta.total_compressed_size)), offset: 0 };
    const pages: Page[] = [];
    while (reader.offset < reader.view.byteLength) {
      const header = parquetHeader(reader);
      const dict = header.dictionary_page_header;
      const data = header.data_page_header;
      pages.push(
        dict
          ? { encoding: 'DICTIONARY', values: dict.num_values }
          : { encoding: data?.encoding ?? '?', values: data?.num_values ?? 0 },
      );
      reader.offset += header.compressed_page_size;
    }
    out.set(meta.path_in_schema.join('.'), pages);
  }
  return out;
}

/** Writes the events to one plain-layout file and gives its pages, its size and the events read back. */
async function written(events: readonly Record<string, unknown>[], options: Partial<ParquetWriterOptions> = {}) {
  const dir = temp.make();
  const writer = createParquetWriter({ dir, ...options });
  for (const e of events) await writer.write(e);
  await writer.close();
  const [file] = (await filesBelow(dir)).filter((f) => f.endsWith('.parquet'));
  const size = (await readFile(file as string)).length;
  return { pages: await pagesOf(file as string), back: await readEvents(file as string), size };
}

const event = <T extends Record<string, unknown>>(fields: T) => ({
  class_uid: 3002,
  metadata: { version: '1.1.0' },
  ...fields,
});
const kinds = (pages: readonly Page[] | undefined) => pages?.map((p) => p.encoding);

describe('Parquet column dictionaries', () => {
  it('gives up the dictionary of mostly distinct values once it holds 1,024 entries, not at the end of a page', async () => {
    const n = 5000;
    const events = Array.from({ length: n }, (_, i) =>
      event({
        // All distinct (string and INT32), each value twice (distinct share 1/2), four times (1/4), a few values.
        src_endpoint: { ip: `10.0.${i >> 8}.${i & 255}`, port: i },
        dst_endpoint: { ip: `10.1.${i >> 9}.${(i >> 1) & 255}`, port: i >> 2 },
        status_detail: `detail-${i % 7}`,
      }),
    );
    const { pages, back } = await written(events);
    // Before the 1,024th entry the page holds indices; from the next value on, PLAIN pages.
    for (const column of ['src_endpoint.ip', 'src_endpoint.port']) {
      expect(kinds(pages.get(column)), column).toEqual(['DICTIONARY', 'RLE_DICTIONARY', 'PLAIN']);
      expect(pages.get(column)?.map((p) => p.values)).toEqual([1024, 1024, n - 1024]);
    }
    // Each value twice: 1,024 entries after 2,047 values, more than a third of them distinct.
    expect(kinds(pages.get('dst_endpoint.ip'))).toEqual(['DICTIONARY', 'RLE_DICTIONARY', 'PLAIN']);
    expect(pages.get('dst_endpoint.ip')?.map((p) => p.values)).toEqual([1024, 2047, n - 2047]);
    // Each value four times: a quarter distinct, the dictionary pays to the end of the chunk.
    expect(pages.get('dst_endpoint.port')).toEqual([
      { encoding: 'DICTIONARY', values: n / 4 },
      { encoding: 'RLE_DICTIONARY', values: n },
    ]);
    expect(pages.get('status_detail')).toEqual([
      { encoding: 'DICTIONARY', values: 7 },
      { encoding: 'RLE_DICTIONARY', values: n },
    ]);
    expect(back).toEqual(events);
  });

  it('gives up a dictionary of long values at 1 MiB, whatever its number of entries', async () => {
    const long = (i: number) => `${String(i).padStart(6, '0')}:${'x'.repeat(4000)}`;
    const events = Array.from({ length: 600 }, (_, i) => event({ status_detail: long(i) }));
    const { pages, back } = await written(events);
    const detail = pages.get('status_detail') ?? [];
    // 4,011 bytes a value (length and text): the dictionary passes 1 MiB at its 262nd entry; the PLAIN
    // pages after it close at 128 KiB of values (33 of them).
    expect(detail.slice(0, 2)).toEqual([
      { encoding: 'DICTIONARY', values: 262 },
      { encoding: 'RLE_DICTIONARY', values: 262 },
    ]);
    expect(new Set(kinds(detail.slice(2)))).toEqual(new Set(['PLAIN']));
    expect(detail.slice(2).map((p) => p.values)).toEqual([...Array(10).fill(33), 8]);
    expect(back).toEqual(events);
  });

  it('keeps a dictionary of few values across pages, with nulls between them', async () => {
    const n = 40_000;
    const events = Array.from({ length: n }, (_, i) =>
      event({ status_detail: i % 5 === 0 ? undefined : `detail-${i % 900}`, src_endpoint: { port: i % 3 } }),
    );
    const { pages, back } = await written(events);
    const detail = pages.get('status_detail') ?? [];
    expect(detail[0]).toEqual({ encoding: 'DICTIONARY', values: 720 });
    expect(new Set(kinds(detail.slice(1)))).toEqual(new Set(['RLE_DICTIONARY']));
    expect(detail.slice(1).reduce((sum, p) => sum + p.values, 0)).toBe(n);
    expect(back).toEqual(events);
  });

  it('keeps the cells of many files apart through early-compressed pages and short row groups', async () => {
    const dir = temp.make();
    // A small budget: pages are compressed early and row groups cut often, and every column's buffers
    // are given up and grown again many times over.
    const writer = createParquetWriter({
      dir,
      layout: 'security-lake',
      sourceName: 'reuse',
      maxBufferedBytes: 96 * 1024,
    });
    const regions = 6;
    const n = 6000;
    const events = Array.from({ length: n }, (_, i) =>
      event({
        cloud: { provider: 'AWS', region: `r${i % regions}`, account: { uid: '000011112222' } },
        time: Date.UTC(2024, 8, 11) + i,
        // Values of many lengths (size classes) and distinct per event, so a misplaced byte shows.
        user: { name: `user-${i}-${'n'.repeat(i % 97)}` },
        src_endpoint: { ip: `10.${i % 7}.${(i >> 8) & 255}.${i & 255}`, port: (i * 7919) % 65536 },
        status_detail: i % 11 === 0 ? undefined : `detail-${i % 13}`,
      }),
    );
    for (const e of events) await writer.write(e);
    await writer.close();
    const files = (await filesBelow(dir)).filter((f) => f.endsWith('.parquet'));
    expect(files).toHaveLength(regions);
    let groups = 0;
    for (const file of files) {
      const region = /region=(r\d+)/.exec(file)?.[1];
      const back = await readEvents(file);
      expect(back, file).toEqual(events.filter((e) => e.cloud.region === region));
      const bytes = await readFile(file);
      groups += parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).row_groups
        .length;
    }
    expect(groups).toBeGreaterThan(regions);
  }, 120_000);
});

describe('Parquet compression level', () => {
  it('deflates at level 1 by default; a higher level gives a smaller file of the same cells', async () => {
    const events = Array.from({ length: 3000 }, (_, i) =>
      event({ src_endpoint: { ip: `10.0.${(i * 37) % 256}.${(i * 101) % 256}` }, status_detail: `detail ${i}` }),
    );
    const byDefault = await written(events);
    const one = await written(events, { compressionLevel: 1 });
    const nine = await written(events, { compressionLevel: 9 });
    expect(one.size).toBe(byDefault.size);
    expect(nine.size).toBeLessThan(one.size);
    expect(nine.back).toEqual(events);
    expect(one.back).toEqual(events);
  });

  it('refuses a level outside the codec’s range, naming the option and the range', () => {
    for (const compressionLevel of [0, 10, 1.5]) {
      expect(() => createParquetWriter({ dir: temp.make(), compressionLevel })).toThrow(
        `compressionLevel ${compressionLevel}: gzip takes a whole number from 1 to 9 (default 1)`,
      );
    }
  });
});

describe('Parquet open pages', () => {
  const leaf = (type: 'BYTE_ARRAY' | 'INT32' | 'BOOLEAN', dictionary: boolean, maxRep = 0): LeafSpec => ({
    path: ['x'],
    type,
    maxDef: 2,
    maxRep,
    dictionary,
  });

  /** What the ledger counts of a column's open page: the bytes `compact` would give back. */
  const compactable = (column: ColumnWriter) => (column.openBytes >= 4096 ? column.openBytes : 0);

  it('holds a run of equal levels and indices as a value and a count, and arrays from the first other value', () => {
    const ledger = new Ledger();
    const column = new ColumnWriter(leaf('BYTE_ARRAY', true), codecFor('gzip'), ledger);
    const empty = column.openBytes;
    for (let i = 0; i < 10_000; i++) {
      column.string(`AWS${''}`, 0);
      expect(ledger.open).toBe(compactable(column));
    }
    // Ten thousand values in, no level or index array: only the (empty) value buffer.
    expect(column.openBytes).toBe(empty);
    column.string('GCP', 0);
    expect(column.openBytes).toBeGreaterThan(empty + 10_000);
    expect(ledger.open).toBe(compactable(column));
    for (let i = 0; i < 100; i++) {
      column.null(i % 2, 0);
      expect(ledger.open).toBe(compactable(column));
    }
    column.compact();
    expect(column.openBytes).toBe(empty);
    expect(ledger.open).toBe(0);
  });

  it('leaves an open page of a few KiB to fill when asked to compress early, and counts none of it as open', () => {
    const ledger = new Ledger();
    const column = new ColumnWriter(leaf('INT32', false), codecFor('gzip'), ledger);
    for (let i = 0; i < 200; i++) column.int32(i, 0);
    const before = column.openBytes;
    expect(before).toBeLessThan(4096);
    expect(ledger.open).toBe(0);
    column.compact();
    expect(column.openBytes).toBe(before);
    expect(column.levels).toBe(200);
    for (let i = 0; i < 2000; i++) column.int32(i, 0);
    expect(ledger.open).toBe(column.openBytes);
    column.compact();
    expect(column.openBytes).toBeLessThan(before);
    expect(column.levels).toBe(2200);
  });

  it('counts a growing PLAIN value buffer in the ledger as it grows', () => {
    const ledger = new Ledger();
    const column = new ColumnWriter(leaf('BYTE_ARRAY', false), codecFor('gzip'), ledger);
    for (let i = 0; i < 3000; i++) {
      column.string(`value ${i}`, 0);
      expect(ledger.open).toBe(compactable(column));
    }
    expect(column.openBytes).toBeGreaterThan(3000 * 10);
  });

  it('reads back every value of columns that are constant, then change, across pages and compressed-early pages', async () => {
    const n = 40_000;
    const events = Array.from({ length: n }, (_, i) =>
      event({
        // Its third entry for a page and a half, then cycling; absent from 20,000 to 20,099 (at the top and
        // one level down); a list of one (repetition levels all 0) that gets a second element now and then;
        // a boolean that flips once.
        status_detail: i >= 100 && i < 24_000 ? 'v2' : `v${i % 3}`,
        message: i >= 20_000 && i < 20_100 ? undefined : 'present',
        metadata: { version: '1.1.0', profiles: i % 5000 === 4999 ? ['cloud', 'host'] : ['cloud'] },
        src_endpoint: {
          port: i < 30_000 ? 443 : 80 + (i % 2),
          hostname: i >= 20_000 && i < 20_100 ? undefined : 'host',
        },
        is_mfa: i >= 33_333,
      }),
    );
    for (const maxBufferedBytes of [undefined, 64 * 1024]) {
      const { back } = await written(events, maxBufferedBytes ? { maxBufferedBytes } : {});
      expect(back, `budget ${maxBufferedBytes ?? 'default'}`).toEqual(events);
    }
  }, 120_000);
});
