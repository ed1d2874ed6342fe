/** Property tests: field order, spelling and delivery never change the OCSF; arbitrary input never crashes. */
import { Readable } from 'node:stream';
import { buildObservables, type CellValue, type Outcome, openInput } from '@ocsfx/core';
import { hasShared } from '@ocsfx/vitest-config/shared';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_FORMAT, FIELDS } from '../src/fields.js';
import plugin from '../src/index.js';
import { OBSERVABLES } from '../src/mapping.js';
import { createVpcTranslator } from '../src/translate.js';
import { OCSF_VERSIONS } from '../src/versions.js';
import { parseLogFormat } from '../src/vpc-format.js';
import { spell, validRecord } from './arbitraries.js';
import { ctx, row } from './helpers.js';
import { schemaProblems } from './validate.js';

function ensureJson(outcome: Outcome): void {
  // Anything emitted must be plain JSON (no bigint, no undefined in arrays).
  if (outcome.kind === 'emitted') for (const e of outcome.events) expect(JSON.parse(JSON.stringify(e))).toEqual(e);
}

describe('properties', () => {
  test('a record in any field order maps to the same OCSF as in catalogue order', () => {
    const translator = createVpcTranslator();
    fc.assert(
      fc.property(validRecord, ({ names, values, order, underscore }) => {
        const columns = names.map((n) => spell(n, underscore));
        const inOrder = translator.translate(row(columns, values), ctx);
        const shuffled = translator.translate(
          row(
            order.map((i) => columns[i] as string),
            order.map((i) => values[i] as string),
          ),
          ctx,
        );
        expect(shuffled).toEqual(inOrder);
        // Valid values of a record with a time and an interface always give an event.
        expect(inOrder.kind).toBe('emitted');
      }),
      { numRuns: 300 },
    );
  });

  test('headerless with --vpc-format, CSV-style text and Parquet-style numbers all give the same OCSF', () => {
    fc.assert(
      fc.property(validRecord, ({ names, values, order }) => {
        const columns = order.map((i) => names[i] as string);
        const cells = order.map((i) => values[i] as string);
        const withHeader = createVpcTranslator().translate(row(columns, cells), ctx);
        const format = parseLogFormat(columns.map((n) => `\${${n}}`).join(' '));
        const declared = createVpcTranslator({ format }).translate(row(null, cells), ctx);
        expect(declared).toEqual(withHeader);
        // Parquet: integer columns (AWS writes INT_32 / INT_64) arrive as numbers (INT32) or bigints (INT64), `-` as null.
        const typed: CellValue[] = cells.map((v, j) => {
          if (v === '-') return null;
          const type = FIELDS.find((f) => f.name === columns[j])?.type;
          if (type !== 'int' && type !== 'port' && type !== 'long') return v;
          return j % 2 === 0 ? BigInt(v) : Number(v);
        });
        expect(createVpcTranslator().translate(row(columns, typed), ctx)).toEqual(withHeader);
      }),
      { numRuns: 200 },
    );
  });

  test.skipIf(!hasShared)('every event from a valid record is valid OCSF, in every version the plugin emits', () => {
    const translators = OCSF_VERSIONS.map((version) => ({
      version,
      translator: createVpcTranslator({ ocsfVersion: version }),
    }));
    fc.assert(
      fc.property(
        validRecord,
        fc.constantFrom(...translators),
        ({ names, values, underscore }, { version, translator }) => {
          const outcome = translator.translate(
            row(
              names.map((n) => spell(n, underscore)),
              values,
            ),
            ctx,
          );
          if (outcome.kind !== 'emitted') throw new Error(JSON.stringify(outcome));
          for (const event of outcome.events) {
            expect(schemaProblems(event, version)).toEqual([]);
            // The hot-path observables are exactly what core's builder makes from the same spec.
            const { observables, ...rest } = event;
            expect(observables ?? []).toEqual(buildObservables(rest, OBSERVABLES));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.string(),
    fc.constantFrom('-', '', 'ACCEPT', 'REJECT', 'NODATA', 'ingress', '2', '99999999999999999999'),
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    fc.boolean(),
    fc.constant(null),
  );

  test('arbitrary cells under any header never throw and always give a well-formed outcome', () => {
    const translator = createVpcTranslator();
    const columnSets = [[...DEFAULT_FORMAT], null, ['srcaddr', 'nonsense', 'start'], ['x', 'y']];
    fc.assert(
      fc.property(fc.constantFrom(...columnSets), fc.array(anyCell, { maxLength: 20 }), (columns, values) => {
        const outcome = translator.translate(row(columns, values), ctx);
        expect(['emitted', 'skipped', 'rejected']).toContain(outcome.kind);
        if (outcome.kind !== 'emitted') expect(outcome.code).toMatch(/^vpc\//);
        ensureJson(outcome);
      }),
      { numRuns: 1000 },
    );
  });

  test('random bytes split as text lines never throw', () => {
    const translator = createVpcTranslator({ skipNodata: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (bytes, header) => {
        const text = Buffer.from(bytes).toString('latin1');
        for (const line of text.split('\n')) {
          const tokens = line.trim().split(/\s+/);
          const outcome = translator.translate(row(header ? [...DEFAULT_FORMAT] : null, tokens), ctx);
          ensureJson(outcome);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('random bytes through core readers and the plugin never throw, and every record is accounted for', async () => {
    const translator = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });
    const vpcish = fc
      .array(
        fc.constantFrom(
          '2 ',
          '5 ',
          '- ',
          'ACCEPT ',
          'OK ',
          '10.0.0.1 ',
          'eni-1 ',
          'version ',
          'srcaddr ',
          '\n',
          '{"message":"2 1"}\n',
        ),
        {
          maxLength: 60,
        },
      )
      .map((parts) => Buffer.from(parts.join('')));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
          vpcish,
        ),
        async (bytes) => {
          let input: Awaited<ReturnType<typeof openInput>>;
          try {
            input = await openInput('-', { stdin: Readable.from([bytes]), text: plugin.text });
          } catch {
            return; // the reader refusing an input is not the plugin's concern
          }
          try {
            for await (const batch of input.records())
              for (const item of batch) {
                if (item.kind === 'issue') continue;
                const outcome = translator.translate(item, { location: item.location });
                expect(['emitted', 'skipped', 'rejected']).toContain(outcome.kind);
                ensureJson(outcome);
              }
          } catch (err) {
            // Readers may end an input with an InputError (corrupt Parquet/gzip); the plugin itself must not throw.
            expect((err as Error).name).toBe('InputError');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
