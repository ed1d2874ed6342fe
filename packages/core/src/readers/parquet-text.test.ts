/**
 * What Parquet text and nested values become: text whose bytes are not UTF-8 makes its row a reject (on both
 * read paths: core's page decoder and hyparquet), and nulls that are values (in a map, in a JSON column) are
 * kept, as DuckDB keeps them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { type ColumnSource, parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import type { RowRecord } from '../plugin/types.js';
import { readParquet } from './parquet.js';
import { flatLayout } from './parquet-flat.js';
import { duckdbRows } from './test-helpers/duckdb.js';
import { readAll, tempDir } from './test-helpers/io.js';
import type { ReaderItem } from './types.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** Stands for the bytes FF FE in a written file (DEL DEL: valid in JSON text too), replaced once it is written. */
const MARK = '\u007f\u007f';

/** `bytes` with every MARK (after a "1") made 31 FF FE; uncompressed files only. */
function spoil(bytes: Uint8Array): Buffer {
  const out = Buffer.from(bytes);
  const mark = Buffer.from(`1${MARK}`);
  let found = 0;
  for (let at = out.indexOf(mark); at !== -1; at = out.indexOf(mark, at + 1)) {
    out[at + 1] = 0xff;
    out[at + 2] = 0xfe;
    found++;
  }
  expect(found).toBeGreaterThan(0);
  return out;
}

const arrayBuffer = (bytes: Buffer): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** Each item as its cells, or as `[code, row, reason]` for a reject. */
function shown(items: readonly ReaderItem[]): unknown[] {
  return items.map((item) =>
    item.kind === 'row'
      ? item.values
      : item.kind === 'issue'
        ? [item.code, item.location.row, item.reason]
        : [item.kind, item.location.row, item.value],
  );
}

const notUtf8 = (row: number, column: string) => [
  'input/invalid-utf8',
  row,
  expect.stringContaining(`column "${column}" holds text whose bytes are not UTF-8`),
];

describe('Parquet text that is not UTF-8', () => {
  const text = ['ok', `1${MARK}`, 'fine', `1${MARK}`, 'ok'];
  const port = [1n, 2n, 3n, 4n, 5n];

  for (const encoding of ['PLAIN', 'RLE_DICTIONARY'] as const) {
    it(`makes its row a reject naming the row and column; the other rows come through (page decoder, ${encoding})`, async () => {
      const columns: ColumnSource[] = [
        { name: 'port', data: port, type: 'INT64', nullable: false },
        { name: 'action', data: text, type: 'STRING', nullable: false, encoding },
      ];
      const file = spoil(new Uint8Array(parquetWriteBuffer({ columnData: columns, codec: 'UNCOMPRESSED' })));
      expect(flatLayout(parquetMetadata(arrayBuffer(file)).schema)).not.toBeNull();
      const { items, error } = await readAll(tmp.file(`flat-${encoding}.parquet`, file));
      expect(error).toBeUndefined();
      expect(shown(items)).toEqual([[1n, 'ok'], notUtf8(2, 'action'), [3n, 'fine'], notUtf8(4, 'action'), [5n, 'ok']]);
      expect(items[1]).toMatchObject({ location: { file: expect.stringContaining('flat-'), row: 2 } });
      // The reject keeps the row, its text as decoded
      expect(items[1]?.kind === 'issue' && JSON.parse(items[1].raw ?? '')).toEqual({
        port: '2',
        action: '1\uFFFD\uFFFD',
      });
    });
  }

  it('makes its row a reject when hyparquet reads the file (a timestamp column), in rows and as JSON', async () => {
    const columns: ColumnSource[] = [
      { name: 'time', data: port.map((n) => new Date(Number(n) * 1000)), type: 'TIMESTAMP', nullable: false },
      { name: 'action', data: text, type: 'STRING', nullable: false },
    ];
    const file = spoil(new Uint8Array(parquetWriteBuffer({ columnData: columns, codec: 'UNCOMPRESSED' })));
    const buffer = arrayBuffer(file);
    expect(flatLayout(parquetMetadata(buffer).schema)).toBeNull();
    const path = tmp.file('hyparquet.parquet', file);
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(shown(items)).toEqual([
      ['1970-01-01T00:00:01.000Z', 'ok'],
      notUtf8(2, 'action'),
      ['1970-01-01T00:00:03.000Z', 'fine'],
      notUtf8(4, 'action'),
      ['1970-01-01T00:00:05.000Z', 'ok'],
    ]);
    const json: ReaderItem[] = [];
    for await (const batch of readParquet(buffer, path, Number.POSITIVE_INFINITY, 'json')) json.push(...batch);
    expect(shown(json).map((item) => (item as unknown[])[0])).toEqual([
      'json',
      'input/invalid-utf8',
      'json',
      'input/invalid-utf8',
      'json',
    ]);
  });

  it('inside nested columns (a struct field, a map key, a list element, a JSON column): the row is a reject', async () => {
    const path = tmp.file('nested.parquet', '');
    const bad = `'1' || chr(127) || chr(127)`;
    await duckdbRows(`COPY (SELECT * FROM (VALUES
        (1, {'s': 'ok'}, MAP {'k': 1}, ['a'], '{"a":"ok"}'::JSON),
        (2, {'s': ${bad}}, MAP {'k': 1}, ['a'], '{"a":"ok"}'::JSON),
        (3, {'s': 'ok'}, MAP {${bad}: 1}, ['a'], '{"a":"ok"}'::JSON),
        (4, {'s': 'ok'}, MAP {'k': 1}, ['a', ${bad}], '{"a":"ok"}'::JSON),
        (5, {'s': 'ok'}, MAP {'k': 1}, ['a'], ('{"a":"' || ${bad} || '"}')::JSON),
        (6, {'s': 'ok'}, MAP {'k': 1}, ['a'], '{"a":"ok"}'::JSON)
      ) t(n, st, m, l, j)) TO '${path}' (FORMAT parquet, COMPRESSION uncompressed)`);
    writeFileSync(path, spoil(readFileSync(path)));
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(shown(items)).toEqual([
      [1, '{"s":"ok"}', '{"k":1}', '["a"]', '{"a":"ok"}'],
      notUtf8(2, 'st'),
      notUtf8(3, 'm'),
      notUtf8(4, 'l'),
      notUtf8(5, 'j'),
      [6, '{"s":"ok"}', '{"k":1}', '["a"]', '{"a":"ok"}'],
    ]);
  });
});

describe('nulls that are values', () => {
  it('a null map value and nulls inside a JSON column are kept, as DuckDB keeps them; null struct fields are not', async () => {
    const path = tmp.file('nulls.parquet', '');
    await duckdbRows(`COPY (SELECT * FROM (VALUES
        (1, MAP {'a': NULL, 'b': 1}, '{"x":null,"y":[1,null],"z":{"w":null}}'::JSON, {'p': NULL, 'q': 2}, [{'r': NULL, 's': 3}]),
        (2, MAP {'a': 2}, 'null'::JSON, {'p': 1, 'q': NULL}, [])
      ) t(n, m, j, st, l)) TO '${path}' (FORMAT parquet)`);
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    const cells = items.map((item) => (item as RowRecord).values);
    expect(cells).toEqual([
      [1, '{"a":null,"b":1}', '{"x":null,"y":[1,null],"z":{"w":null}}', '{"q":2}', '[{"s":3}]'],
      [2, '{"a":2}', null, '{"p":1}', '[]'],
    ]);
    // DuckDB's own JSON of the same map and JSON values
    const duck = await duckdbRows(`SELECT to_json(m)::VARCHAR, j::VARCHAR FROM read_parquet('${path}') ORDER BY n`);
    expect(
      cells.map((row) => [JSON.parse(row[1] as string), row[2] === null ? null : JSON.parse(row[2] as string)]),
    ).toEqual(duck.map(([m, j]) => [JSON.parse(m as string), JSON.parse(j as string)]));
    const bytes = readFileSync(path);
    const json: ReaderItem[] = [];
    const buffer = arrayBuffer(bytes);
    for await (const batch of readParquet(buffer, path, Number.POSITIVE_INFINITY, 'json')) json.push(...batch);
    expect(json.map((item) => item.kind === 'json' && item.value)).toEqual([
      { n: 1, m: { a: null, b: 1 }, j: { x: null, y: [1, null], z: { w: null } }, st: { q: 2 }, l: [{ s: 3 }] },
      { n: 2, m: { a: 2 }, st: { p: 1 }, l: [] },
    ]);
  });
});

describe('a `__proto__` map key', () => {
  it('is an entry like any other, in cells and as JSON (hyparquet lost it or took its value for the map)', async () => {
    const path = tmp.file('proto.parquet', '');
    await duckdbRows(`COPY (SELECT MAP {'__proto__': 1, 'b': 2} AS m, MAP {'__proto__': {'x': 1}} AS n,
        '__proto__' AS s, ['__proto__'] AS l) TO '${path}' (FORMAT parquet)`);
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(items.map((item) => (item as RowRecord).values)).toEqual([
      ['{"__proto__":1,"b":2}', '{"__proto__":{"x":1}}', '__proto__', '["__proto__"]'],
    ]);
    const bytes = readFileSync(path);
    const json: ReaderItem[] = [];
    for await (const batch of readParquet(arrayBuffer(bytes), path, Number.POSITIVE_INFINITY, 'json'))
      json.push(...batch);
    const value = (json[0] as { value: Record<string, Record<string, unknown>> }).value;
    expect(Object.getPrototypeOf(value.m)).toBe(Object.prototype);
    expect(Object.keys(value.m as object)).toEqual(['__proto__', 'b']);
    expect(JSON.stringify(value)).toBe(
      '{"m":{"__proto__":1,"b":2},"n":{"__proto__":{"x":1}},"s":"__proto__","l":["__proto__"]}',
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('a JSON column whose text is not JSON', () => {
  it('makes its row a reject naming the column; the other rows of the row group come through', async () => {
    // The writer takes objects: one is written with a marker, then its bytes are made not JSON.
    const columns: ColumnSource[] = [
      { name: 'n', data: [1, 2, 3], type: 'INT32', nullable: false },
      { name: 'j', data: [{ a: 1 }, { a: 'QQ' }, { a: null }], type: 'JSON', nullable: false },
    ];
    const file = Buffer.from(parquetWriteBuffer({ columnData: columns, codec: 'UNCOMPRESSED' }));
    const marker = Buffer.from('"QQ"');
    let found = 0;
    for (let at = file.indexOf(marker); at !== -1; at = file.indexOf(marker, at + 1)) {
      file.write('QQQQ', at);
      found++;
    }
    expect(found).toBeGreaterThan(0);
    const { items, error } = await readAll(tmp.file('not-json.parquet', file));
    expect(error).toBeUndefined();
    expect(shown(items)).toEqual([
      [1, '{"a":1}'],
      [
        'parquet/invalid-json',
        2,
        expect.stringContaining('column "j" is a JSON column, but its value in this row is not JSON'),
      ],
      [3, '{"a":null}'],
    ]);
  });
});
