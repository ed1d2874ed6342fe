import { Readable } from 'node:stream';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openStream } from './index.js';
import { collect } from './test-helpers/io.js';
import { decodeUtf8 } from './text-decode.js';
import type { ReaderItem, ReadOptions } from './types.js';

/** Reads `bytes` as a stream (stdin, an S3 body) delivered in chunks of `size` bytes. */
async function readInChunks(bytes: Buffer, size: number, options?: ReadOptions) {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const input = await openStream('stdin.json', Readable.from(chunks), options);
  return collect(input, options);
}

type Fault = 'invalid-utf8' | 'too-deep';
type Layout = 'records' | 'records-pretty' | 'records-after-keys' | 'array' | 'array-pretty';

const FAULT_CODE: Record<Fault, string> = { 'invalid-utf8': 'input/invalid-utf8', 'too-deep': 'json/too-deep' };
// Marks the place of the bad bytes in the document's text; replaced by bytes FF FE once encoded.
const BAD_BYTES = '\u0001\u0002';

/** A document of `records`, with record `bad` spoiled by `fault`, in `layout`. */
function documentOf(records: object[], bad: number, fault: Fault, layout: Layout): Buffer {
  const pretty = layout.endsWith('-pretty');
  const texts = records.map((record, index) => {
    const text = JSON.stringify(record, null, pretty ? 2 : undefined);
    if (index !== bad) return text;
    const spoiled = fault === 'too-deep' ? `${'['.repeat(600)}${']'.repeat(600)}` : `"x${BAD_BYTES}y"`;
    return `{"spoiled":${spoiled},${text.slice(1)}`;
  });
  const elements = texts.join(pretty ? ',\n  ' : ',');
  const text =
    layout === 'array' || layout === 'array-pretty'
      ? `[${pretty ? '\n  ' : ''}${elements}${pretty ? '\n' : ''}]`
      : layout === 'records-after-keys'
        ? `{"Type":"Notification","MessageAttributes":{"Records":[1,2]},"Records":[${elements}],"Trailer":{"Records":[]}}`
        : `{${pretty ? '\n  ' : ''}"Records": [${pretty ? '\n  ' : ''}${elements}${pretty ? '\n  ' : ''}]${pretty ? '\n' : ''}}`;
  const bytes = Buffer.from(text);
  const at = bytes.indexOf(BAD_BYTES);
  if (at !== -1) bytes.set([0xff, 0xfe], at);
  return bytes;
}

/** Each item is the record it should be, and the spoiled one a reject at its own index. */
function expectPerRecord(items: ReaderItem[], records: object[], bad: number, fault: Fault): void {
  expect(items).toHaveLength(records.length);
  items.forEach((item, index) => {
    expect(item.location.index).toBe(index);
    if (index === bad) {
      expect(item).toMatchObject({ kind: 'issue', outcome: 'rejected', code: FAULT_CODE[fault] });
    } else {
      expect(item.kind).toBe('json');
      if (item.kind === 'json') expect(item.value).toEqual(records[index]);
    }
  });
}

const record = fc.record({
  eventName: fc.constantFrom('ConsoleLogin', 'AssumeRole', 'GetObject'),
  sourceIPAddress: fc.ipV4(),
  // quotes, backslashes, brackets, commas and characters of 2–4 UTF-8 bytes, for cuts inside strings and escapes
  userAgent: fc.string({
    maxLength: 12,
    unit: fc.constantFrom('a', '"', '\\', '{', '[', ']', ',', ':', 'é', '€', '😀'),
  }),
  requestParameters: fc.option(fc.record({ Records: fc.array(fc.nat(), { maxLength: 2 }) }), { nil: null }),
});

describe('a JSON document read in small chunks (stdin, an S3 body)', () => {
  it('rejects only the bad record, at every chunk size (the `"Records"` key cut between chunks)', async () => {
    // The fuzz's reproducer (seed 1203 case 5844): with chunks shorter than `"Records"`, the key was cut,
    // the document was read as one value, and one record with bytes FF FE took its sibling with it.
    const records = [
      { eventName: 'EnableMFADevice', sourceIPAddress: '192.0.2.0' },
      { eventName: 'ConsoleLogin', sourceIPAddress: '192.0.2.1' },
    ];
    const bytes = documentOf(records, 0, 'invalid-utf8', 'records');
    for (let size = 1; size <= bytes.length; size++) {
      const { items, error } = await readInChunks(bytes, size);
      expect(error, `chunk size ${size}`).toBeUndefined();
      expectPerRecord(items, records, 0, 'invalid-utf8');
    }
  });

  it('holds one record at a time at every chunk size (a cut key no longer makes it hold the document)', async () => {
    const records = Array.from({ length: 12 }, (_, n) => ({ eventName: 'GetObject', n }));
    const bytes = Buffer.from(JSON.stringify({ Records: records }));
    for (let size = 1; size <= 32; size++) {
      // a value limit far below the document's length but above one record's
      const { items, error } = await readInChunks(bytes, size, { format: 'json', maxLineLength: 64 });
      expect(error, `chunk size ${size}`).toBeUndefined();
      expect(items.map((i) => (i.kind === 'json' ? i.value : i))).toEqual(records);
    }
  });

  it('property: every chunk size gives what the whole document gives, one reject per bad record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(record, { minLength: 2, maxLength: 5 }),
        fc.nat(),
        fc.constantFrom<Fault>('invalid-utf8', 'too-deep'),
        fc.constantFrom<Layout>('records', 'records-pretty', 'records-after-keys', 'array', 'array-pretty'),
        async (records, pick, fault, layout) => {
          const bad = pick % records.length;
          const bytes = documentOf(records, bad, fault, layout);
          const whole = await readInChunks(bytes, bytes.length);
          expect(whole.error).toBeUndefined();
          expectPerRecord(whole.items, records, bad, fault);
          // every size up to 40 bytes (cuts at every offset of keys, strings and brackets), then a few larger
          const sizes = [...Array.from({ length: 40 }, (_, n) => n + 1), 64, 100, 257, 4096];
          for (const size of sizes) {
            const { items, error } = await readInChunks(bytes, size);
            expect(error, `chunk size ${size}`).toBeUndefined();
            expect(items, `chunk size ${size}`).toEqual(whole.items);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('bytes that are not UTF-8 at a chunk boundary', () => {
  // One record holds a bad sequence (the marker X is replaced by it); its siblings must come through as
  // they are and the bad one must be a reject, never a record with U+FFFD in it, whatever the chunk size.
  const inputs: Array<{ name: string; format: 'text' | 'csv' | 'json'; text: string }> = [
    {
      name: 'VPC text',
      format: 'text',
      text: 'version account-id interface-id srcaddr\n2 1234 eni-1 10.0.0.1\n2 1234 eni-2 10.0.0.X\n2 1234 eni-3 10.0.0.3\n',
    },
    {
      name: 'CSV (a quoted field over two lines)',
      format: 'csv',
      text: 'version,account-id,interface-id,srcaddr\n2,1234,eni-1,10.0.0.1\n2,1234,"eni-2\nz",10.0.0.X\n2,1234,eni-3,10.0.0.3\n',
    },
    { name: 'NDJSON', format: 'json', text: '{"a":1}\n{"a":"X","b":2}\n{"a":3}\n' },
    { name: 'a {"Records":[…]} document', format: 'json', text: '{"Records":[{"a":1},{"a":"X","b":[1,2]},{"a":3}]}' },
  ];
  const sequences: Array<[string, number[]]> = [
    ['FF (never in UTF-8; it had been held back as the start of a 4-byte character)', [0xff]],
    ['FF FE', [0xff, 0xfe]],
    ['overlong C0 80', [0xc0, 0x80]],
    ['an encoded surrogate ED A0 80', [0xed, 0xa0, 0x80]],
    ['a cut character E2 82', [0xe2, 0x82]],
  ];
  for (const { name, format, text } of inputs) {
    it(`${name}: one reject, every chunk size, each bad sequence`, async () => {
      const source = Buffer.from(text);
      const at = source.indexOf('X');
      for (const [label, sequence] of sequences) {
        const bytes = Buffer.concat([source.subarray(0, at), Buffer.from(sequence), source.subarray(at + 1)]);
        for (let size = 1; size <= bytes.length; size++) {
          const { items, error } = await readInChunks(bytes, size, { format });
          const where = `${label}, chunk size ${size}`;
          expect(error, where).toBeUndefined();
          expect(items, where).toHaveLength(3);
          expect(items[1], where).toMatchObject({ kind: 'issue', code: 'input/invalid-utf8' });
          for (const item of [items[0], items[2]]) expect(JSON.stringify(item), where).not.toContain('\uFFFD');
        }
      }
    });
  }

  it("the input's last byte FF (text without a final newline) is a reject, at every chunk size", async () => {
    const bytes = Buffer.concat([Buffer.from('2 1234 eni-1 10.0.0.1\n2 1234 eni-2 10.0.0.'), Buffer.from([0xff])]);
    for (let size = 1; size <= bytes.length; size++) {
      const { items, error } = await readInChunks(bytes, size, { format: 'text' });
      expect(error).toBeUndefined();
      expect(
        items.map((i) => i.kind),
        `chunk size ${size}`,
      ).toEqual(['row', 'issue']);
      expect(items[1]).toMatchObject({ code: 'input/invalid-utf8', location: { line: 2 } });
    }
  });

  it('decodeUtf8 marks every piece that shows U+FFFD for bad bytes, and loses no character', async () => {
    const pool = [0x41, 0x22, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...pool), { maxLength: 24 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }),
        async (values, sizes) => {
          const bytes = Buffer.from(values);
          // a real U+FFFD (EF BF BD) in the input would be text, not a sign of bad bytes
          fc.pre(!bytes.includes(Buffer.from([0xef, 0xbf, 0xbd])) && bytes[0] !== 0xef);
          const chunks: Buffer[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const size = sizes[k % sizes.length] as number;
            chunks.push(bytes.subarray(at, at + size));
            at += size;
          }
          const pieces: string[] = [];
          for await (const piece of decodeUtf8(Readable.from(chunks))) {
            if (piece.text.includes('\uFFFD')) expect(piece.invalidUtf8).toBe(true);
            pieces.push(piece.text);
          }
          expect(pieces.join('')).toBe(bytes.toString('utf8'));
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('one bad record inside an envelope read whole (an NDJSON line, a CloudWatch Logs message)', () => {
  // A `{"Records":[…]}` line after the first line of NDJSON is parsed whole when it fits in a piece: one
  // record with bytes that are not UTF-8 made the whole line one reject (the file lost its siblings, while
  // the same line cut by chunks was streamed record by record).
  const lines = [
    '{"Records":[{"eventName":"A"}]}',
    '{"Records":[{"eventName":"B"},{"eventName":"X"},{"eventName":"C"}]}',
    '{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","message":"2 1 eni-1 ok"},{"id":"2","message":"2 1 eni-2 X"}]}',
  ];
  const bytes = Buffer.from(`${lines.join('\n')}\n`);
  for (let at = bytes.indexOf('X'); at !== -1; at = bytes.indexOf('X')) bytes[at] = 0xff;

  it('rejects only the bad record, read whole and at every chunk size', async () => {
    const expected = [
      ['json', 1, 0],
      ['json', 2, 0],
      ['input/invalid-utf8', 2, 1],
      ['json', 2, 2],
      ['row', 3, 0],
      ['input/invalid-utf8', 3, 1],
    ];
    for (const size of [bytes.length, ...Array.from({ length: 48 }, (_, n) => n + 1)]) {
      const { items, error } = await readInChunks(bytes, size, { format: 'json' });
      expect(error, `chunk size ${size}`).toBeUndefined();
      expect(
        items.map((i) => [i.kind === 'issue' ? i.code : i.kind, i.location.line, i.location.index]),
        `chunk size ${size}`,
      ).toEqual(expected);
      for (const item of items) if (item.kind !== 'issue') expect(JSON.stringify(item)).not.toContain('\uFFFD');
    }
  });
});

describe('NDJSON lines that are not JSON', () => {
  const kinds = (items: ReaderItem[]) =>
    items.map((i) => [i.kind === 'issue' ? i.code : JSON.stringify(i.kind === 'json' ? i.value : i), i.location.line]);

  it('a line that is no JSON value is one reject and reading goes on (it ended the input, losing every record)', async () => {
    const bytes = Buffer.from('{"a":1}\n{"b":2}\ngarbage\n{"c":3}\n');
    for (let size = 1; size <= bytes.length; size++) {
      const { items, error } = await readInChunks(bytes, size, { format: 'json' });
      expect(error, `chunk size ${size}`).toBeUndefined();
      expect(kinds(items), `chunk size ${size}`).toEqual([
        ['{"a":1}', 1],
        ['{"b":2}', 2],
        ['json/invalid', 3],
        ['{"c":3}', 4],
      ]);
    }
  });

  it('a raw newline inside a string gives the same rejects at every chunk size', async () => {
    const bytes = Buffer.from('{"a":1}\n{"b":"x\ny"}\n{"c":3}\n{"d":"cut\n{"e":5}\n');
    const expected = [
      ['{"a":1}', 1],
      ['json/invalid', 2],
      ['json/invalid', 3],
      ['{"c":3}', 4],
      ['json/invalid', 5],
      ['{"e":5}', 6],
    ];
    for (let size = 1; size <= bytes.length; size++) {
      const { items, error } = await readInChunks(bytes, size, { format: 'json' });
      expect(error, `chunk size ${size}`).toBeUndefined();
      expect(kinds(items), `chunk size ${size}`).toEqual(expected);
    }
  });

  it('hands on the records read before an error that ends the input (a truncated gzip, a broken document)', async () => {
    const lines = Array.from({ length: 50 }, (_, n) => JSON.stringify({ n, pad: 'x'.repeat(30) })).join('\n');
    const gz = gzipSync(`${lines}\n`);
    const cut = await readInChunks(gz.subarray(0, gz.length - 12), gz.length);
    expect(cut.error).toMatchObject({ code: 'input/truncated-gzip' });
    // 49 whole lines, then the line the cut ended as a reject
    expect(
      cut.items.map((i) => (i.kind === 'json' ? (i.value as { n: number }).n : i.kind === 'issue' ? i.code : i.kind)),
    ).toEqual([...Array.from({ length: 49 }, (_, n) => n), 'json/invalid']);
    const pretty = Buffer.from('{\n  "a": 1\n}\n{\n  "b": 2\n}\n{\n  "c": oops\n}\n');
    const broken = await readInChunks(pretty, pretty.length);
    expect(broken.error).toMatchObject({ code: 'input/invalid-json' });
    expect(kinds(broken.items)).toEqual([
      ['{"a":1}', 1],
      ['{"b":2}', 4],
    ]);
  });

  it('a first line cut inside a string (`tail -c`) is one reject, and the lines after it are read as NDJSON', async () => {
    // The cut string's closing quote reads as an opening one, so a string seemed to run past the line's end:
    // the input was taken for a pretty-printed document and the whole of it failed as one broken value.
    const records = [
      { eventName: 'ConsoleLogin', userAgent: '{aws-cli/2.0 [linux] "q"}', n: 0 },
      { eventName: 'AssumeRole', userAgent: 'Boto3 {x}', n: 1 },
      { eventName: 'GetObject', n: 2 },
    ];
    const first = JSON.stringify(records[0]);
    const rest = records.slice(1).map((r) => JSON.stringify(r));
    // Every offset inside the contents of a string of the first line.
    const cuts: number[] = [];
    for (let at = 0, inString = false; at < first.length; at++) {
      const c = first[at];
      if (inString && c === '\\') {
        cuts.push(at + 1, at + 2);
        at++;
      } else if (c === '"') inString = !inString;
      else if (inString) cuts.push(at + 1);
    }
    expect(cuts.length).toBeGreaterThan(40);
    const expected = [['json/invalid', 1], ...rest.map((text, k) => [text, k + 2])];
    for (const cut of cuts) {
      const bytes = Buffer.from(`${first.slice(cut)}\n${rest.join('\n')}\n`);
      for (const size of [1, 5, 64, bytes.length]) {
        const { items, error } = await readInChunks(bytes, size, { format: 'json' });
        expect(error, `cut ${cut}, chunk size ${size}`).toBeUndefined();
        expect(kinds(items), `cut ${cut}, chunk size ${size}: ${first.slice(cut)}`).toEqual(expected);
      }
    }
  });

  it('a gzip cut short, read in small chunks, hands on every complete record before the cut (at any chunk size)', async () => {
    // The chunks still queued in gunzip when the stream ended were inflated with the finishing flush that
    // failed, and what they held was lost: 35 of 50 records came through at 64-byte chunks.
    const lines = Array.from({ length: 50 }, (_, n) => JSON.stringify({ n, pad: 'x'.repeat((n * 7) % 90) }));
    const gz = gzipSync(`${lines.join('\n')}\n`);
    for (const short of [4, 12, Math.floor(gz.length / 3)]) {
      const bytes = gz.subarray(0, gz.length - short);
      const inflated = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
      const complete = inflated.split('\n').filter((line) => lines.includes(line)).length;
      expect(complete).toBeGreaterThan(10);
      for (const size of [1, 7, 64, 100, 1000, bytes.length]) {
        const { items, error } = await readInChunks(bytes, size);
        expect(error, `${short} bytes short, chunk size ${size}`).toMatchObject({ code: 'input/truncated-gzip' });
        const records = items.flatMap((i) => (i.kind === 'json' ? [(i.value as { n: number }).n] : []));
        expect(records, `${short} bytes short, chunk size ${size}`).toEqual(
          Array.from({ length: complete }, (_, n) => n),
        );
      }
    }
  });
});
