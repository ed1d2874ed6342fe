/**
 * Regression tests for faults found by the bad-input campaign: deep nesting, over-long values, streamed
 * `{"Records":[…]}` documents, truncated gzip, byte order marks, invalid UTF-8, numbers a double cannot
 * hold, `__proto__` keys and the `aws logs filter-log-events` envelope.
 */
import { Readable } from 'node:stream';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { unmappedFrom } from '../ocsf/unmapped.js';
import { rawOf } from '../pipeline/rejects.js';
import type { JsonRecord, RowRecord } from '../plugin/types.js';
import { InputError, openInput } from './index.js';
import { readAll, tempDir } from './test-helpers/io.js';
import type { ReaderItem } from './types.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const VPC_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const vpcLine = (i: number): string =>
  `2 123456789010 eni-1 10.0.0.${i % 250} 10.0.1.1 ${1024 + (i % 1000)} 443 6 10 840 1418530010 1418530070 ACCEPT OK`;
const values = (items: ReaderItem[]): unknown[] =>
  items.map((i) => (i.kind === 'json' ? i.value : i.kind === 'issue' ? i.code : (i as RowRecord).text));

describe('deep nesting', () => {
  it('rejects a value nested 10,000 deep as json/too-deep and reads on', async () => {
    const deep = `${'['.repeat(10000)}${']'.repeat(10000)}`;
    const path = tmp.file('deep.json', `${deep}\n`);
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'issue', outcome: 'rejected', code: 'json/too-deep' });
    expect((items[0] as { raw: string }).raw.length).toBeLessThanOrEqual(1024);
    const mixed = tmp.file('deep.ndjson', `{"a":1}\n{"d":${'['.repeat(600)}${']'.repeat(600)}}\n{"a":3}\n`);
    expect(values((await readAll(mixed)).items)).toEqual([{ a: 1 }, 'json/too-deep', { a: 3 }]);
  });

  it('rejects a deep element of a Records document and keeps the others', async () => {
    const deep = `{"x":${'{"y":'.repeat(700)}1${'}'.repeat(700)}}`;
    const path = tmp.file('deep-records.json', `{"Records":[{"a":1},${deep},{"a":3}]}`);
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(values(items)).toEqual([{ a: 1 }, 'json/too-deep', { a: 3 }]);
    expect(items.map((i) => i.location.index)).toEqual([0, 1, 2]);
  });

  it('rejects a deeply nested message of a CloudWatch subscription', async () => {
    const message = `{"a":${'['.repeat(600)}${']'.repeat(600)}}`;
    const doc = { messageType: 'DATA_MESSAGE', logEvents: [{ id: '1', timestamp: 1, message }] };
    const { items } = await readAll(tmp.file('deep-cw.json', JSON.stringify(doc)));
    expect(values(items)).toEqual(['json/too-deep']);
  });
});

describe('the length limit is enforced while a value is read', () => {
  it('rejects an over-long NDJSON line as json/too-large and reads the next line', async () => {
    const path = tmp.file('long.ndjson', `{"a":1}\n{"big":"${'x'.repeat(5000)}"}\n{"a":3}\n`);
    const { items, error } = await readAll(path, { maxLineLength: 1000 });
    expect(error).toBeUndefined();
    expect(values(items)).toEqual([{ a: 1 }, 'json/too-large', { a: 3 }]);
    expect(items[1]).toMatchObject({ location: { line: 2 } });
    expect((items[1] as { raw: string }).raw).toBe(`{"big":"${'x'.repeat(1016)}`);
  });

  it('rejects an over-long line inside a gzip file without holding it', async () => {
    const path = tmp.file('long.json.gz', gzipSync(`{"a":1}\n[${'1,'.repeat(100_000)}1]\n{"a":3}\n`));
    const { items, error } = await readAll(path, { maxLineLength: 1000 });
    expect(error).toBeUndefined();
    // A top-level array is read element by element: its elements are short, so they all come through.
    expect(items.filter((i) => i.kind === 'json')).toHaveLength(100_003);
    const single = tmp.file('long-object.json.gz', gzipSync(`{"a":1}\n{"s":"${'y'.repeat(100_000)}"}\n{"a":3}\n`));
    expect(values((await readAll(single, { maxLineLength: 1000 })).items)).toEqual([
      { a: 1 },
      'json/too-large',
      { a: 3 },
    ]);
  });
});

describe('{"Records":[…]} documents are streamed', () => {
  const records = Array.from({ length: 300 }, (_, i) => ({ eventName: 'ConsoleLogin', i }));

  it('one-line and pretty-printed documents give the same records with their index', async () => {
    for (const text of [JSON.stringify({ Records: records }), JSON.stringify({ Records: records }, null, 2)]) {
      const { items, error } = await readAll(tmp.file('records.json', text));
      expect(error).toBeUndefined();
      expect(items).toHaveLength(300);
      expect(items[299]).toEqual({
        kind: 'json',
        value: records[299],
        location: expect.objectContaining({ index: 299 }),
      });
    }
  });

  it('hands on records before the document has been read to its end', async () => {
    // A stream that sends the start of a document and then waits: records must come before its end.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // More than the 64 KiB head that openInput reads before it returns.
    const many = Array.from({ length: 3000 }, (_, i) => ({ eventName: 'ConsoleLogin', i }));
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from(`{"Records":[${many.map((r) => JSON.stringify(r)).join(',')},`);
      await gate;
      yield Buffer.from('{"i":3000}]}');
    }
    const input = await openInput('-', { stdin: Readable.from(source()), format: 'json' });
    const seen: ReaderItem[] = [];
    for await (const batch of input.records()) {
      seen.push(...batch);
      if (seen.length >= 100) release();
    }
    expect(seen).toHaveLength(3001);
  });

  it('rejects a broken element and keeps the ones around it; keys beside Records are ignored', async () => {
    const path = tmp.file('broken-element.json', '{"other":{"x":[1]},"Records":[{"a":1},{"b":},{"c":3}],"more":2}');
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(values(items)).toEqual([{ a: 1 }, 'json/invalid', { c: 3 }]);
  });

  it('a document cut short gives the records before the cut, then an InputError naming the line', async () => {
    const text = JSON.stringify({ Records: records }, null, 2);
    const path = tmp.file('cut.json', text.slice(0, Math.floor(text.length / 2)));
    const { items, error } = await readAll(path);
    expect(items.length).toBeGreaterThan(100);
    expect(error).toBeInstanceOf(InputError);
    // The error names the line where the unfinished record starts.
    const line = Number(
      /:(\d+): the JSON value that starts here does not end/.exec((error as InputError).message)?.[1],
    );
    expect(text.split('\n')[line - 1]?.trim()).toBe('{');
    expect(text.split('\n')[line]?.trim()).toBe(`"eventName": "ConsoleLogin",`);
  });
});

describe('a truncated gzip hands on everything inflated before the fault', () => {
  it('gzip followed by a stray byte: both records come through, then the error', async () => {
    const good = `${VPC_HEADER}\n${vpcLine(1)}\n${vpcLine(2)}\n`;
    const path = tmp.file('t.gz', Buffer.concat([gzipSync(good), Buffer.from('X')]));
    const { items, error } = await readAll(path);
    expect(items.map((i) => (i as RowRecord).text)).toEqual([vpcLine(1), vpcLine(2)]);
    expect(error).toMatchObject({ code: 'input/truncated-gzip' });
    expect((error as Error).message).toMatch(/\d+ bytes inflated from the first \d+ compressed bytes were read/);
  });

  it('a gzip cut in the middle: every line inflated before the cut comes through, the last partial one too', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => vpcLine(i));
    const whole = gzipSync(`${VPC_HEADER}\n${lines.join('\n')}\n`);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const inflated = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    const expected = inflated.split('\n').slice(1); // the header is not a record
    const { items, error } = await readAll(tmp.file('cut.log.gz', cut));
    expect(error).toMatchObject({ code: 'input/truncated-gzip' });
    expect(items.map((i) => (i as RowRecord).text)).toEqual(expected.filter((l) => l !== ''));
  });
  it('CSV in a gzip cut in the middle: every row inflated before the cut comes through', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},host-${i},${i * 7}`);
    const whole = gzipSync(`n,host,bytes\n${rows.join('\n')}\n`);
    const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
    const inflated = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    const expected = inflated
      .split('\n')
      .slice(1)
      .filter((l) => l !== '');
    const { items, error } = await readAll(tmp.file('cut.csv.gz', cut));
    expect(error).toMatchObject({ code: 'input/truncated-gzip' });
    expect(items).toHaveLength(expected.length);
  });
});

describe('a UTF-8 byte order mark is accepted', () => {
  const BOM = '\uFEFF';

  it('before a VPC header, a custom header, CSV, NDJSON and a JSON document', async () => {
    const vpc = await readAll(tmp.file('bom.log', `${BOM}${VPC_HEADER}\n${vpcLine(1)}\n`));
    expect((vpc.items[0] as RowRecord).columns?.[0]).toBe('version');
    expect(vpc.items).toHaveLength(1);
    const custom = await readAll(tmp.file('bom-custom.log', `${BOM}srcaddr dstaddr start\n10.0.0.1 10.0.0.2 1\n`));
    expect((custom.items[0] as RowRecord).columns).toEqual(['srcaddr', 'dstaddr', 'start']);
    const ndjson = await readAll(tmp.file('bom.ndjson', `${BOM}{"a":1}\n{"a":2}\n`));
    expect(ndjson.input.format).toBe('json');
    expect(values(ndjson.items)).toEqual([{ a: 1 }, { a: 2 }]);
    const csv = await readAll(tmp.file('bom.csv', `${BOM}srcaddr,dstaddr\n10.0.0.1,10.0.0.2\n`));
    expect(csv.input.format).toBe('csv');
    expect((csv.items[0] as RowRecord).columns).toEqual(['srcaddr', 'dstaddr']);
    const doc = await readAll(tmp.file('bom.json', `${BOM}${JSON.stringify({ Records: [{ a: 1 }] }, null, 2)}`));
    expect(doc.input.format).toBe('json');
    expect(values(doc.items)).toEqual([{ a: 1 }]);
  });
});

describe('values are never changed quietly', () => {
  it('a line with bytes that are not UTF-8 is rejected as input/invalid-utf8; a real U+FFFD is kept', async () => {
    const bad = Buffer.concat([
      Buffer.from(`${VPC_HEADER}\n${vpcLine(1)}\n2 1234 eni-\xff`, 'latin1'),
      Buffer.from(` 10.0.0.1 10.0.0.2 1 2 6 1 1 1 2 ACCEPT OK\n${vpcLine(3)}\n`),
    ]);
    const { items } = await readAll(tmp.file('bad-utf8.log', bad));
    expect(values(items)).toEqual([vpcLine(1), 'input/invalid-utf8', vpcLine(3)]);
    expect(items[1]).toMatchObject({ location: { line: 3 } });
    const kept = await readAll(tmp.file('fffd.log', `${VPC_HEADER}\n${vpcLine(1)} \uFFFD\n`));
    expect(values(kept.items)).toEqual([`${vpcLine(1)} \uFFFD`]);
    const json = Buffer.concat([
      Buffer.from('{"a":1}\n{"b":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}\n{"a":3}\n'),
    ]);
    expect(values((await readAll(tmp.file('bad-utf8.ndjson', json))).items)).toEqual([
      { a: 1 },
      'input/invalid-utf8',
      { a: 3 },
    ]);
  });

  it('a CSV row with bytes that are not UTF-8 is rejected; the rows around it are kept', async () => {
    const csv = Buffer.concat([Buffer.from('host,bytes\na,1\nb'), Buffer.from([0xe9]), Buffer.from(',2\nc,3\n')]);
    const { items } = await readAll(tmp.file('bad-utf8.csv', csv), { format: 'csv' });
    expect(items.map((i) => (i.kind === 'row' ? i.values.join(',') : i.kind === 'issue' ? i.code : i.kind))).toEqual([
      'a,1',
      'input/invalid-utf8',
      'c,3',
    ]);
  });

  it('numbers a double cannot hold keep their source text', async () => {
    const text =
      '{"big":12345678901234567890,"inf":1e400,"tiny":1e-400,"unsafe":9007199254740993,"ok":0.1,"max":9007199254740991,"neg":-1.5e3,"f":0.30000000000000004}';
    const { items } = await readAll(tmp.file('numbers.json', `${text}\n`));
    expect((items[0] as JsonRecord).value).toEqual({
      big: '12345678901234567890',
      inf: '1e400',
      tiny: '1e-400',
      unsafe: '9007199254740993',
      ok: 0.1,
      max: 9007199254740991,
      neg: -1500,
      f: 0.30000000000000004,
    });
    // Digits inside strings are text already and stay as they are.
    const inString = await readAll(tmp.file('numbers-str.json', '{"s":"a:12345678901234567890"}\n'));
    expect((inString.items[0] as JsonRecord).value).toEqual({ s: 'a:12345678901234567890' });
  });

  it('a top-level "__proto__" key and a __proto__ column reach unmapped; Object.prototype is untouched', async () => {
    const { items } = await readAll(tmp.file('proto.json', '{"__proto__":{"polluted":1},"a":1}\n'));
    const value = (items[0] as JsonRecord).value as Record<string, unknown>;
    const unmapped = unmappedFrom(value, new Set(['a'])) as Record<string, unknown>;
    expect(Object.keys(unmapped)).toEqual(['__proto__.polluted']);
    const literal = JSON.parse('{"__proto__":5,"b":1}') as Record<string, unknown>;
    const kept = unmappedFrom(literal, new Set(['b'])) as Record<string, unknown>;
    expect(Object.hasOwn(kept, '__proto__')).toBe(true);
    expect(JSON.stringify(kept)).toBe('{"__proto__":5}');
    const row = (await readAll(tmp.file('proto.csv', '__proto__,b\n1,2\n'))).items[0] as RowRecord;
    expect(JSON.stringify(rawOf(row))).toBe('{"__proto__":"1","b":"2"}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('aws logs filter-log-events output', () => {
  it('is an envelope: each event message (a CloudTrail event as JSON text) is a record', async () => {
    const event = { eventVersion: '1.08', eventName: 'ConsoleLogin', eventTime: '2024-01-02T03:04:05Z' };
    const doc = {
      events: [
        { logStreamName: 's-1', timestamp: 1, message: JSON.stringify(event), ingestionTime: 2, eventId: '1' },
        {
          logStreamName: 's-1',
          timestamp: 3,
          message: JSON.stringify({ ...event, eventName: 'AssumeRole' }),
          ingestionTime: 4,
          eventId: '2',
        },
      ],
      searchedLogStreams: [{ logStreamName: 's-1', searchedCompletely: true }],
    };
    const { items, error } = await readAll(tmp.file('filter-log-events.json', JSON.stringify(doc, null, 2)));
    expect(error).toBeUndefined();
    expect(values(items)).toEqual([event, { ...event, eventName: 'AssumeRole' }]);
    expect(items.map((i) => i.location.index)).toEqual([0, 1]);
  });
});
