/**
 * The translator's JSON encoder (src/encode.ts) against JSON.stringify: for every event it takes, the bytes
 * are the same; an event it does not take is refused before anything is written.
 */
import { JsonBytes, type OcsfEvent } from '@ocsfx/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FIELDS } from '../src/fields.js';
import { compileRows, compileRowWriter } from '../src/mapping.js';
import { createVpcTranslator } from '../src/translate.js';
import { OCSF_VERSIONS } from '../src/versions.js';
import { validRecord } from './arbitraries.js';
import { checkEncoder, ctx, row } from './helpers.js';

const V5 = FIELDS.slice(0, 29).map((f) => f.name);
/** Any UTF-16 code unit, lone surrogates, quotes, backslashes and control characters included. */
const oddText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  minLength: 1,
});

describe('encodeJson', () => {
  test.each(OCSF_VERSIONS)('random records, OCSF %s: byte for byte what JSON.stringify writes', (version) => {
    const translator = createVpcTranslator({ ocsfVersion: version });
    const tally = { encoded: 0, refused: 0 };
    fc.assert(
      fc.property(validRecord, ({ names, values }) => {
        checkEncoder(translator, translator.translate(row(names, values, values.join(' ')), ctx), tally);
      }),
      { numRuns: 1500 },
    );
    // Both paths ran: records of the common shape and the others.
    expect(tally.encoded).toBeGreaterThan(50);
    expect(tally.refused).toBeGreaterThan(50);
  });

  test('string values with any characters (escapes, non-ASCII, lone surrogates) are written as JSON.stringify does', () => {
    const translator = createVpcTranslator({ ocsfVersion: '1.8.0' });
    const tally = { encoded: 0, refused: 0 };
    const base =
      '5 123456789012 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1620000000 1620000060 ACCEPT OK vpc-1 subnet-1 i-1 2 IPv4 10.0.0.1 10.0.0.2 us-east-1 use1-az1 - - AMAZON S3 ingress 1'.split(
        ' ',
      );
    // account-id, region, az-id, the services, sublocation-* (unmapped): text fields kept as they are.
    const textFields = [1, 14, 15, 16, 21, 22, 23, 24, 25, 26];
    fc.assert(
      fc.property(
        fc.subarray(textFields, { minLength: 1 }),
        fc.array(oddText, { minLength: 10, maxLength: 10 }),
        (at, texts) => {
          const values = [...base];
          at.forEach((i, k) => {
            values[i] = texts[k] as string;
          });
          checkEncoder(
            translator,
            translator.translate(row(V5, values, values.join(' ')), { ...ctx, format: 'text' }),
            tally,
          );
        },
      ),
      { numRuns: 1000 },
    );
    expect(tally.encoded).toBeGreaterThan(500);
  });

  test('an event that is not the last one translated is refused (it is encoded by identity)', () => {
    const translator = createVpcTranslator();
    const line = (port: number) =>
      `2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 ${port} 6 10 840 1620000000 1620000060 ACCEPT OK`.split(' ');
    const first = translator.translate(row(null, line(1)), ctx);
    const second = translator.translate(row(null, line(2)), ctx);
    const encode = translator.encodeJson!;
    const out = new JsonBytes(Buffer.alloc(16));
    expect(encode((first as { events: OcsfEvent[] }).events[0] as OcsfEvent, out)).toBe(false);
    expect(encode((second as { events: OcsfEvent[] }).events[0] as OcsfEvent, out)).toBe(true);
    expect(out.buffer.toString('utf8', 0, out.length)).toBe(
      JSON.stringify((second as { events: OcsfEvent[] }).events[0]),
    );
    // A rejected record leaves nothing to encode.
    translator.translate(row(null, ['2', 'x']), ctx);
    expect(encode((second as { events: OcsfEvent[] }).events[0] as OcsfEvent, new JsonBytes(Buffer.alloc(16)))).toBe(
      false,
    );
  });
});

describe('compileRowWriter', () => {
  /** The rows applied one by one, each path walked and its objects made when absent. */
  function reference(rows: ReturnType<typeof compileRows>, slots: (string | number | undefined)[]) {
    const event: Record<string, unknown> = {};
    for (const row of rows) {
      const value = slots[row.field];
      if (value === undefined) continue;
      let obj = event;
      for (const key of row.path.slice(0, -1)) {
        obj[key] ??= {};
        obj = obj[key] as Record<string, unknown>;
      }
      obj[row.path[row.path.length - 1] as string] =
        row.as === 'string' ? String(value) : row.as === 'ms' ? (value as number) * 1000 : value;
    }
    return event;
  }

  test.each(OCSF_VERSIONS)('OCSF %s: the generated code makes the same objects, keys in the same order', (version) => {
    const rows = compileRows(version);
    const write = compileRowWriter(rows);
    const slot = fc.option(fc.oneof(fc.nat(), fc.string()), { nil: undefined });
    fc.assert(
      fc.property(fc.array(slot, { minLength: FIELDS.length, maxLength: FIELDS.length }), (slots) => {
        const event: Record<string, unknown> = {};
        write(event, slots);
        // JSON text compares key order too.
        expect(JSON.stringify(event)).toBe(JSON.stringify(reference(rows, slots)));
      }),
      { numRuns: 500 },
    );
  });
});
