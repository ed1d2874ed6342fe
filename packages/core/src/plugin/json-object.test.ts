import { describe, expect, it } from 'vitest';
import { jsonObjectTranslator } from './json-object.js';
import type { RawRecord } from './types.js';

const location = { file: 'x.json' };
const translator = jsonObjectTranslator(
  {
    notJson: { code: 'acme/not-json', reason: 'Acme logs are JSON' },
    notObject: { code: 'acme/not-an-object', reason: 'an Acme record is an object' },
  },
  (raw) => ({ kind: 'emitted', events: [{ seen: raw.a }] }),
);
const json = (value: unknown): RawRecord => ({ kind: 'json', value, location });

describe('jsonObjectTranslator', () => {
  it('hands a JSON object to the mapping', () => {
    expect(translator.translate(json({ a: 1 }), { location })).toEqual({ kind: 'emitted', events: [{ seen: 1 }] });
  });

  it('rejects a row and every JSON value that is not an object, with the plugin own codes', () => {
    const row: RawRecord = { kind: 'row', columns: null, values: ['a'], location };
    expect(translator.translate(row, { location })).toEqual({
      kind: 'rejected',
      code: 'acme/not-json',
      reason: 'Acme logs are JSON',
    });
    for (const value of [null, [], [{ a: 1 }], 'a', 0, true]) {
      expect(translator.translate(json(value), { location })).toEqual({
        kind: 'rejected',
        code: 'acme/not-an-object',
        reason: 'an Acme record is an object',
      });
    }
  });

  it('shares one frozen outcome per reject', () => {
    const a = translator.translate(json(null), { location });
    expect(translator.translate(json(1), { location })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
