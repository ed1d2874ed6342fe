import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTime } from './codegen.js';
import { Ledger } from './column.js';
import { codecFor } from './compression.js';
import { checkEvent, compileCheck, compileIndexCheck, indexFields, ParquetEncodeError } from './encode.js';
import { PartitionCache, partitionOf } from './layout.js';
import { ocsfParquetSchema, type ParquetField, presentFields } from './schema.js';
import { Shredder } from './shred.js';
import { tempDirs } from './test-helpers/files.js';
import { createParquetWriter } from './writer.js';

/*
 * The generated check and shredder against the interpreted walks they replace, on events drawn from the
 * class schemas themselves: random subsets of attributes at every depth, nulls, empty lists, lists with
 * null elements, maps with any keys (quotes, backslashes, code-like text), and events with one bad value.
 */

const temp = tempDirs('ocsfx-parquet-compiled-');
afterAll(() => temp.cleanup());

const SCHEMAS = [
  ocsfParquetSchema(4001, '1.1.0'),
  ocsfParquetSchema(3002, '1.1.0'),
  ocsfParquetSchema(3002, '1.0.0-rc.2'),
];

const text = fc.oneof(
  fc.constantFrom('AWS', 'eu-west-1', '', '"); throw 1; ("', '\\', '${x}'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const when = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) });

const LEAVES = {
  string: text,
  int32: fc.oneof(fc.integer({ min: -2147483648, max: 2147483647 }), fc.constantFrom(0, -0, 2147483647)),
  int64: fc.oneof(fc.maxSafeInteger(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
  double: fc.double(),
  boolean: fc.boolean(),
  // Whole and fractional milliseconds, and RFC 3339 text (repeated values exercise the time caches).
  timestamp: fc.oneof(
    when,
    fc.double({ min: 0, max: 4e12, noNaN: true }),
    when.map((ms) => new Date(ms).toISOString()),
    fc.constantFrom('2024-11-24T08:00:00Z', '2024-11-24T09:00:00.5+01:00'),
  ),
  json: fc.jsonValue({ maxDepth: 2 }),
} as const;

const mapValue = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 6 }).filter((k) => k !== '__proto__'),
  fc.oneof(
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.record({ inner: text }),
    fc.array(fc.integer(), { maxLength: 2 }),
  ),
  { maxKeys: 4 },
);

function valueArb(field: ParquetField, depth: number): fc.Arbitrary<unknown> {
  switch (field.value.kind) {
    case 'struct':
      return structArb(field.value.fields, depth + 1);
    case 'map':
      return mapValue;
    case 'leaf':
      return LEAVES[field.value.type];
  }
}

function fieldArb(field: ParquetField, depth: number): fc.Arbitrary<unknown> {
  const value = valueArb(field, depth);
  const present = field.list
    ? fc.oneof(
        fc.constant([]),
        fc.array(fc.oneof({ arbitrary: value, weight: 4 }, fc.constant(null)), { minLength: 1, maxLength: 3 }),
      )
    : value;
  return fc.oneof({ arbitrary: present, weight: 6 }, fc.constant(null), fc.constant(undefined));
}

/** A random subset of the fields (in random key order), each with a value that fits. */
function structArb(fields: readonly ParquetField[], depth: number): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .shuffledSubarray([...fields], { maxLength: Math.min(fields.length, depth === 0 ? 14 : 4) })
    .chain((chosen) =>
      fc
        .tuple(fc.tuple(...chosen.map((f) => fieldArb(f, depth))), fc.constantFrom(undefined, null, 'absent', 'absent'))
        .map(([values, extra]) => {
          const out = Object.fromEntries(chosen.map((f, i) => [f.name, values[i]]));
          // A key outside the schema is fine while it holds nothing.
          if (extra !== 'absent') out['not_in_the_schema'] = extra;
          return out;
        }),
    );
}

const circular: Record<string, unknown> = {};
circular['self'] = circular;

/** A value the field's column cannot hold. */
function badValueArb(field: ParquetField): fc.Arbitrary<unknown> {
  if (field.list)
    return fc.oneof(
      fc.constant({}),
      fc.constant('x'),
      badElementArb(field).map((v) => [v]),
    );
  return badElementArb(field);
}

function badElementArb(field: ParquetField): fc.Arbitrary<unknown> {
  switch (field.value.kind) {
    case 'struct':
      return fc.constantFrom('x', 1, [], true);
    case 'map':
      return fc.constantFrom('x', [], 2);
    case 'leaf':
      switch (field.value.type) {
        case 'string':
          return fc.constantFrom(1, true, {}, []);
        case 'int32':
          return fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '1', 1n);
        case 'int64':
          return fc.constantFrom(2 ** 53, 0.5, '1', 2n ** 63n, -(2n ** 63n) - 1n, Number.NaN);
        case 'double':
          return fc.constantFrom('1', true, 1n, {});
        case 'boolean':
          return fc.constantFrom(0, 'true', {});
        case 'timestamp':
          return fc.constantFrom('not a time', '', Number.POSITIVE_INFINITY, Number.NaN, true, {}, 1n);
        case 'json':
          return fc.constantFrom(circular, Symbol('s'), () => 1);
      }
  }
}

/** A valid struct with one problem somewhere below it: a bad value, or an attribute outside the schema. */
function badStructArb(fields: readonly ParquetField[], depth: number): fc.Arbitrary<Record<string, unknown>> {
  const structs = fields.filter((f) => f.value.kind === 'struct');
  const problems: fc.Arbitrary<[string, unknown]>[] = [
    fc.tuple(fc.constantFrom('not_an_attribute', 'constructor', 'x.y'), fc.constantFrom(1, 'v', {})),
    fc.constantFrom(...fields).chain((f) => badValueArb(f).map((v): [string, unknown] => [f.name, v])),
  ];
  if (structs.length > 0) {
    problems.push(
      fc
        .constantFrom(...structs)
        .chain((f) =>
          badStructArb((f.value as { fields: readonly ParquetField[] }).fields, depth + 1).map(
            (inner): [string, unknown] => [f.name, f.list ? [inner] : inner],
          ),
        ),
    );
  }
  return fc.tuple(structArb(fields, depth), fc.oneof(...problems), fc.boolean()).map(([ok, [key, bad], first]) => {
    const rest = { ...ok };
    delete rest[key];
    return first ? { [key]: bad, ...rest } : { ...rest, [key]: bad };
  });
}

/** What a column holds once its chunk is finished: every page byte and the footer's description. */
function chunks(shredder: Shredder): unknown[] {
  return shredder.columns.map((c) => {
    const { buffers, ...meta } = c.finishChunk();
    return { path: c.spec.path.join('.'), bytes: Buffer.concat(buffers).toString('base64'), meta };
  });
}

function shredBoth(
  fields: readonly ParquetField[],
  events: readonly Record<string, unknown>[],
): [unknown[], unknown[]] {
  const codec = codecFor('gzip');
  const compiled = new Shredder(fields, codec, new Ledger());
  const walked = new Shredder(fields, codec, new Ledger(), { compiled: false });
  expect(compiled.compiled).toBe(true);
  expect(walked.compiled).toBe(false);
  for (const e of events) {
    compiled.write(e);
    walked.write(e);
  }
  return [chunks(compiled), chunks(walked)];
}

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err instanceof ParquetEncodeError ? { code: err.code, message: err.message } : err;
  }
  return 'no error';
}

describe.each(SCHEMAS.map((s) => [`${s.classUid}@${s.version}`, s] as const))(
  'compiled Parquet code of %s',
  (_, schema) => {
    const classIndex = indexFields(schema.fields);
    const classCheck = compileCheck(schema.fields);
    const events = fc.array(structArb(schema.fields, 0), { minLength: 1, maxLength: 25 });

    it('shreds every event into the same column levels and values as the schema walk (class and present columns)', () => {
      fc.assert(
        fc.property(events, fc.boolean(), (batch, present) => {
          const fields = present ? presentFields(schema.fields, batch) : schema.fields;
          const [compiled, walked] = shredBoth(fields, batch);
          expect(compiled).toEqual(walked);
        }),
        { numRuns: 60 },
      );
    });

    it('passes exactly the valid events that fit a file’s columns, where checkEvent says so', () => {
      expect(classCheck).toBeTypeOf('function');
      fc.assert(
        fc.property(events, events, (fixing, later) => {
          const fileIndex = indexFields(presentFields(schema.fields, fixing));
          const fileCheck = compileIndexCheck(fileIndex);
          for (const e of [...fixing, ...later]) {
            expect(classCheck?.(e)).toBe(true);
            expect(fileCheck?.(e)).toBe(checkEvent(e, classIndex, fileIndex));
          }
        }),
        { numRuns: 100 },
      );
    });

    it('never passes a bad event, which checkEvent refuses naming the attribute', () => {
      fc.assert(
        fc.property(badStructArb(schema.fields, 0), events, (bad, fixing) => {
          const fileIndex = indexFields(presentFields(schema.fields, fixing));
          expect(classCheck?.(bad)).toBe(false);
          expect(compileIndexCheck(fileIndex)?.(bad)).toBe(false);
          expect(() => checkEvent(bad, classIndex, fileIndex)).toThrow(ParquetEncodeError);
        }),
        { numRuns: 300 },
      );
    });

    it('makes the writer refuse a bad event with checkEvent’s own error, before and after a file’s columns are fixed', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(badStructArb(schema.fields, 0), { minLength: 1, maxLength: 5 }),
          events,
          async (bad, good) => {
            const classed = (e: Record<string, unknown>) => ({
              ...e,
              class_uid: schema.classUid,
              metadata: { ...(e['metadata'] as object), version: schema.version },
            });
            const writer = createParquetWriter({ dir: temp.make(), schemaRows: 1 });
            try {
              for (const e of bad.map(classed))
                expect(errorOf(() => writer.write(e))).toEqual(errorOf(() => checkEvent(e, classIndex)));
              for (const e of good.map(classed)) await writer.write(e);
              for (const e of bad.map(classed))
                expect(errorOf(() => writer.write(e))).toEqual(errorOf(() => checkEvent(e, classIndex)));
            } finally {
              await writer.abort();
            }
          },
        ),
        { numRuns: 40 },
      );
    }, 60_000);
  },
);

describe('the partition cache', () => {
  it('gives partitionOf’s answer for every event, the same object for the same partition', () => {
    const region = fc.constantFrom(undefined, '', 'eu-west-1', 'us-east-1', '../x', 'a/b', 'a_b', 7);
    const account = fc.constantFrom(undefined, '', '111122223333', '444455556666', '..');
    const day = 86_400_000;
    const time = fc.oneof(
      when,
      fc.integer({ min: -3, max: 3 }).map((d) => Date.UTC(2024, 0, 1) + d * day - 1),
      fc.integer({ min: -3, max: 3 }).map((d) => Date.UTC(2024, 0, 1) + d * day),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
      fc.constantFrom(-0.5, 0, 8.64e15, 8.64e15 + 1, Number.NaN, Number.POSITIVE_INFINITY, '2024-01-01', undefined),
    );
    const event = fc.record(
      {
        cloud: fc.record({ region, account: fc.record({ uid: account }), account_uid: account }, { requiredKeys: [] }),
        user: fc.record({ account_uid: account }, { requiredKeys: [] }),
        time,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (batch) => {
        const cache = new PartitionCache();
        const seen = new Map<string, object>();
        for (const e of batch) {
          const p = cache.of(e);
          expect(p).toEqual(partitionOf(e));
          const t = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
          const c = e.cloud;
          const raw = JSON.stringify([
            t(c?.region),
            t(c?.account?.uid) ?? t(c?.account_uid) ?? t(e.user?.account_uid),
            p.eventDay,
          ]);
          const before = seen.get(raw);
          if (before) expect(p).toBe(before);
          seen.set(raw, p);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('timestamps of RFC 3339 text', () => {
  const iso = fc.integer({ min: -1e13, max: 253_402_300_799_999 }).map((ms) => new Date(ms).toISOString());
  const edited = fc
    .tuple(iso, fc.nat(), fc.constantFrom(...'0123456789-:TZz.+ x'), fc.boolean())
    .map(([s, at, c, cut]) => {
      const i = at % s.length;
      return cut ? s.slice(0, 19) + s.slice(23) : s.slice(0, i) + c + s.slice(i + 1);
    });
  const fields = fc
    .tuple(
      fc.integer({ min: 1960, max: 2100 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 25 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 61 }),
      fc.integer({ min: 0, max: 999 }),
    )
    .map((p) => {
      const [y, mo, d, h, mi, s, ms] = p.map((v, i) => String(v).padStart(i === 0 ? 4 : i === 6 ? 3 : 2, '0'));
      return `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`;
    });

  it('read as Date.parse reads them, on the fast form and on everything near it', () => {
    fc.assert(
      fc.property(fc.oneof(iso, edited, fields), (text) => {
        expect(Object.is(parseTime(text), Math.trunc(Date.parse(text)))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
