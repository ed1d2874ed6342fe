import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { parquetMetadataAsync } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { flattenInto } from '../../ocsf/unmapped.js';
import { duckdbRows } from '../../readers/test-helpers/duckdb.js';
import { Ledger } from './column.js';
import { codecFor } from './compression.js';
import { ParquetFile } from './file.js';
import { ocsfParquetSchema } from './schema.js';
import { filesBelow, readEvents, tempDirs } from './test-helpers/files.js';
import { createParquetWriter } from './writer.js';

const temp = tempDirs('ocsfx-parquet-rt-');
const tempDir = () => temp.make();
afterAll(() => temp.cleanup());
const parquetFiles = async (dir: string) => (await filesBelow(dir)).filter((f) => f.endsWith('.parquet'));

async function metadata(file: string) {
  const bytes = await readFile(file);
  return parquetMetadataAsync(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

const query = duckdbRows;

/** What a reader gives back for an event written to Parquet (see `jsonFromParquetRow`). */
function expected(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null || v === undefined ? null : expected(v)));
  if (typeof value !== 'object' || value === null) {
    if (key.endsWith('_dt') && typeof value === 'string') return new Date(Date.parse(value)).toISOString();
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === null || v === undefined) continue;
    if (k === 'unmapped' && key === '') {
      const flat: Record<string, unknown> = {};
      flattenInto(flat, v, '');
      // core's Parquet reader gives a map back as an object, its null values kept (as DuckDB does).
      out[k] = Object.fromEntries(
        Object.entries(flat).map(([fk, fv]) => [fk, typeof fv === 'string' || fv === null ? fv : JSON.stringify(fv)]),
      );
    } else out[k] = k === 'data' ? asJsonText(v) : expected(v, k);
  }
  return out;
}

/**
 * A JSON column comes back parsed as its JSON text: nulls kept at every depth, a `__proto__` key an own key,
 * -0 as 0 (JSON text has no -0).
 */
function asJsonText(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

const text = fc.oneof(
  fc.constantFrom('AWS', 'eu-west-1', '', 'Root', 'IP Address'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
const int32 = fc.integer({ min: -2147483648, max: 2147483647 });
const int64 = fc.maxSafeInteger();
const when = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) });

/** Events of OCSF 1.1.0 Authentication (3002) using every kind of column: structs, lists, nested lists, a map. */
const authEvent = fc
  .record(
    {
      activity_id: maybe(fc.integer({ min: 0, max: 99 })),
      severity_id: maybe(int32),
      time: maybe(int64),
      time_dt: maybe(when.map((ms) => new Date(ms).toISOString())),
      is_mfa: maybe(fc.boolean()),
      status_detail: maybe(text),
      src_endpoint: maybe(
        fc.record(
          {
            ip: maybe(text),
            port: maybe(fc.integer({ min: 0, max: 65535 })),
            location: maybe(
              fc.record({
                coordinates: fc.array(fc.option(fc.double({ noNaN: true }), { nil: null }), { maxLength: 3 }),
              }),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      user: maybe(
        fc.record(
          {
            name: maybe(text),
            groups: maybe(
              fc.array(
                fc.option(
                  fc.record(
                    {
                      name: maybe(text),
                      privileges: maybe(fc.array(fc.option(text, { nil: null }), { maxLength: 3 })),
                    },
                    { requiredKeys: [] },
                  ),
                  { nil: null },
                ),
                { maxLength: 3 },
              ),
            ),
          },
          { requiredKeys: [] },
        ),
      ),
      api: maybe(fc.record({ request: fc.record({ data: fc.jsonValue({ maxDepth: 2 }) }) })),
      observables: maybe(
        fc.array(
          fc.record(
            { name: text, type_id: fc.integer({ min: 0, max: 99 }), value: maybe(text) },
            { requiredKeys: ['name', 'type_id'] },
          ),
          { maxLength: 4 },
        ),
      ),
      unmapped: maybe(
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 6 }).filter((k) => !k.includes('.') && k !== '__proto__'),
          fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.record({ inner: text })),
          { maxKeys: 4 },
        ),
      ),
    },
    { requiredKeys: [] },
  )
  .map((e) => ({ class_uid: 3002, metadata: { version: '1.1.0' }, ...e }));

describe('Parquet files read back (hyparquet)', () => {
  it('give every event back as written: all column kinds, nulls, empty lists and maps, across row groups and pages', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(authEvent, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom<'present' | 'class'>('present', 'class'),
        async (events, rowGroupRows, columns) => {
          const dir = tempDir();
          const writer = createParquetWriter({ dir, rowGroupRows, columns });
          for (const e of events) await writer.write(e);
          await writer.close();
          // One class, plain layout: a file is committed when the next event needs more columns, so the
          // files in commit order hold the events in order.
          const back: unknown[] = [];
          for (const f of writer.files) back.push(...(await readEvents(f)));
          expect(writer.files.length).toBe((await parquetFiles(dir)).length);
          // DuckDB opens every file and counts the same rows.
          const counted = await query(
            `SELECT count(*) FROM read_parquet([${writer.files.map((f) => `'${f}'`).join(', ')}], union_by_name = true)`,
          );
          expect(counted).toEqual([[BigInt(events.length)]]);
          expect(back).toEqual(events.map((e) => expected(e)));
          await rm(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 30 },
    );
  }, 180_000);

  it('splits column chunks into pages and falls back from a dictionary of mostly distinct values', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({ dir, rowGroupRows: 30_000 });
    const n = 50_000;
    const events = Array.from({ length: n }, (_, i) => ({
      class_uid: 3002,
      metadata: { version: '1.1.0' },
      // Distinct per event (dictionary abandoned), constant, and few values: three paths of the column writer.
      src_endpoint: { ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port: i % 7 === 0 ? undefined : 443 },
      status_detail: i % 3 === 0 ? null : `detail-${i % 5}`,
      time: 1_700_000_000_000 + i * 1000,
      is_mfa: i % 2 === 0,
    }));
    for (const e of events) await writer.write(e);
    await writer.close();
    const [file] = await parquetFiles(dir);
    const md = await metadata(file as string);
    expect(md.row_groups.map((g) => Number(g.num_rows))).toEqual([30_000, 20_000]);
    const ip = md.row_groups[0]?.columns.find((c) => c.meta_data?.path_in_schema.join('.') === 'src_endpoint.ip');
    expect(ip?.meta_data?.encodings).toEqual(expect.arrayContaining(['PLAIN', 'RLE_DICTIONARY']));
    expect((await readEvents(file as string)).map((e) => e)).toEqual(events.map((e) => expected(e)));
    const rows = await query(
      `SELECT count(*), count(DISTINCT src_endpoint.ip), count(src_endpoint.port), count(status_detail), min(time), max(time), sum(is_mfa::INT)
       FROM read_parquet('${file}')`,
    );
    expect(rows[0]).toEqual([
      BigInt(n),
      BigInt(n),
      BigInt(events.filter((e) => e.src_endpoint.port !== undefined).length),
      BigInt(events.filter((e) => e.status_detail !== null).length),
      BigInt(events[0]?.time as number),
      BigInt(events[n - 1]?.time as number),
      BigInt(n / 2),
    ]);
  }, 120_000);

  it('keeps nothing of a refused event: the events around it read back as written', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({ dir, schemaRows: 2 });
    const ok = (i: number) => ({
      class_uid: 3002,
      metadata: { version: '1.1.0' },
      user: { name: `u${i}` },
      observables: [{ name: 'user.name', type_id: 4, value: `u${i}` }],
    });
    const refused = [
      // The bad value comes after good ones in the walk: nothing before it may be kept either.
      {
        ...ok(90),
        observables: [
          { name: 'a', type_id: 1 },
          { name: 'b', type_id: 'two' },
        ],
      },
      { ...ok(91), user: { name: 'x', not_ocsf: 1 } },
    ];
    const written: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      await writer.write(ok(i));
      written.push(ok(i));
      expect(() => writer.write(refused[i % 2] as Record<string, unknown>)).toThrow(
        /observables\.type_id|user\.not_ocsf/,
      );
    }
    await writer.close();
    expect(await readEvents(writer.files[0] as string)).toEqual(written.map((e) => expected(e)));
  });

  it('compresses open pages early to keep its budget, and the events still read back in order', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({
      dir,
      layout: 'security-lake',
      sourceName: 'compact',
      maxBufferedBytes: 1024 * 1024,
    });
    const event = (i: number) => ({
      class_uid: 3002,
      metadata: { version: '1.1.0' },
      cloud: { provider: 'AWS', region: `r${i % 3}`, account: { uid: '000011112222' } },
      time: Date.UTC(2024, 8, 11) + i,
      src_endpoint: { ip: `10.0.${(i >> 8) & 255}.${i & 255}`, port: i % 65536 },
      user: { name: `user-${i % 500}`, uid: `uid-${i}` },
      status_detail: `detail ${i % 7}`,
    });
    const n = 30_000;
    for (let i = 0; i < n; i++) await writer.write(event(i));
    await writer.close();
    const files = await parquetFiles(dir);
    expect(files).toHaveLength(3);
    for (const f of files) {
      const region = /region=(r\d)/.exec(f)?.[1];
      const mine = Array.from({ length: n }, (_, i) => i)
        .filter((i) => `r${i % 3}` === region)
        .map((i) => expected(event(i)));
      expect(await readEvents(f)).toEqual(mine);
    }
  }, 120_000);

  it('writes a file with no rows that both readers open', async () => {
    const dir = tempDir();
    const target = join(dir, 'empty.gz.parquet');
    const file = await ParquetFile.create(target, ocsfParquetSchema(3002, '1.1.0'), {
      codec: codecFor('gzip'),
      columns: 'present',
      schemaRows: 10,
      ledger: new Ledger(),
      pending: { count: 0 },
    });
    await file.commit();
    expect(await readEvents(target)).toEqual([]);
    expect(Number((await metadata(target)).num_rows)).toBe(0);
    expect(await query(`SELECT count(*) FROM read_parquet('${target}')`)).toEqual([[0n]]);
  });

  it('bounds the bytes held across many partitions by writing the fullest file’s row group', async () => {
    const dir = tempDir();
    const writer = createParquetWriter({
      dir,
      layout: 'security-lake',
      sourceName: 'many',
      maxBufferedBytes: 256 * 1024,
    });
    const n = 4000;
    const event = (i: number) => ({
      class_uid: 3002,
      metadata: { version: '1.1.0' },
      cloud: { provider: 'AWS', region: `r${i % 40}`, account: { uid: '000011112222' } },
      time: Date.UTC(2024, 8, 11) + i,
      user: { name: `user-${i}` },
    });
    for (let i = 0; i < n; i++) await writer.write(event(i));
    await writer.close();
    const files = await parquetFiles(dir);
    expect(files).toHaveLength(40);
    let rows = 0;
    let groups = 0;
    for (const f of files) {
      rows += (await readEvents(f)).length;
      groups += (await metadata(f)).row_groups.length;
    }
    expect(rows).toBe(n);
    expect(groups).toBeGreaterThan(files.length);
    const counted = await query(
      `SELECT count(*), count(DISTINCT user.name) FROM read_parquet('${dir}/**/*.parquet', union_by_name = true)`,
    );
    expect(counted).toEqual([[BigInt(n), BigInt(n)]]);
  }, 120_000);
});
