import { describe, expect, it } from 'vitest';
import { applyRows, compileRows, parseFlag, type RowConversion, rowsForVersion, WRONG_TYPE } from './rows.js';

describe('applyRows', () => {
  const rows = compileRows([
    { raw: 'who.name', ocsf: 'actor.user.name' },
    { raw: 'who.alias', ocsf: 'actor.user.name' },
    { raw: 'at', ocsf: 'time', as: 'time' },
    { raw: 'mfa', ocsf: 'is_mfa', as: 'bool' },
    { raw: 'params', ocsf: 'api.request.data', as: 'json', onlyWith: 'id' },
    { raw: 'id', ocsf: 'api.request.uid' },
    { raw: 'note', ocsf: 'message', unless: 'quiet' },
    { raw: 'n', ocsf: 'count', as: (v) => (typeof v === 'number' ? v * 2 : undefined) },
    { raw: 'key', ocsf: 'keys', as: (v) => (typeof v === 'string' ? [v] : WRONG_TYPE) },
  ]);

  it('maps in order: the first present value wins, the others stay unconsumed', () => {
    const event: Record<string, unknown> = {};
    const consumed = new Set<string>();
    const raw = {
      who: { name: '', alias: 'ana' },
      at: '2024-01-01T00:00:00Z',
      mfa: 'Yes',
      params: { a: 1 },
      id: 'r',
      n: 2,
    };
    expect(applyRows(raw, rows, event, consumed)).toBeUndefined();
    expect(event).toEqual({
      actor: { user: { name: 'ana' } },
      time: 1704067200000,
      is_mfa: true,
      api: { request: { data: { a: 1 }, uid: 'r' } },
      count: 4,
    });
    expect([...consumed].sort()).toEqual(['at', 'id', 'mfa', 'n', 'params', 'who.alias']);
  });

  it('honours onlyWith and unless; a value a conversion cannot use stays unmapped', () => {
    const event: Record<string, unknown> = {};
    const consumed = new Set<string>();
    applyRows({ params: { a: 1 }, note: 'x', quiet: true, at: 'yesterday', mfa: 'maybe' }, rows, event, consumed);
    expect(event).toEqual({});
    expect(consumed.size).toBe(0);
  });

  it('reports a wrong JSON type: a non-string value, or a container that is not an object', () => {
    expect(applyRows({ who: { name: 5 } }, rows, {}, new Set())).toEqual({
      field: 'who.name',
      value: 5,
      container: false,
    });
    expect(applyRows({ who: 'ana' }, rows, {}, new Set())).toEqual({ field: 'who', value: 'ana', container: true });
  });

  it('a conversion function reports a wrong JSON type with WRONG_TYPE', () => {
    const event: Record<string, unknown> = {};
    expect(applyRows({ key: 'AKIA' }, rows, event, new Set())).toBeUndefined();
    expect(event).toEqual({ keys: ['AKIA'] });
    expect(applyRows({ key: 7 }, rows, {}, new Set())).toEqual({ field: 'key', value: 7, container: false });
  });

  it('parseFlag reads the flags sources spell every way', () => {
    expect(['Yes', 'TRUE', true, 'no', 'False', false, 'maybe', 1].map(parseFlag)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      undefined,
      undefined,
    ]);
  });
});

describe('rowsForVersion', () => {
  const toUpper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : undefined);
  const rows = rowsForVersion<RowConversion>(
    [
      { raw: 'a', ocsf: 'x.a' },
      { raw: 'b', ocsf: { '1.1.0': 'x.old', '1.6.0': 'x.new' }, as: { '1.1.0': 'string', '1.6.0': toUpper } },
      { raw: 'c', ocsf: { '1.1.0': 'x.c', '1.6.0': null }, onlyWith: 'a' },
      { raw: 'd', ocsf: 'x.d', as: 'time', unless: 'a' },
    ],
    '1.5.0',
  );

  it('resolves each since table for the version, in order', () => {
    expect(rows).toEqual([
      { raw: 'a', ocsf: 'x.a' },
      { raw: 'b', ocsf: 'x.old', as: 'string' },
      { raw: 'c', ocsf: 'x.c', onlyWith: 'a' },
      { raw: 'd', ocsf: 'x.d', as: 'time', unless: 'a' },
    ]);
  });

  it('leaves out a row not mapped in the version and takes the later conversion', () => {
    const later = rowsForVersion<RowConversion>(
      [
        { raw: 'b', ocsf: { '1.1.0': 'x.old', '1.6.0': 'x.new' }, as: { '1.1.0': 'string', '1.6.0': toUpper } },
        { raw: 'c', ocsf: { '1.1.0': 'x.c', '1.6.0': null } },
      ],
      '1.8.0',
    );
    expect(later).toEqual([{ raw: 'b', ocsf: 'x.new', as: toUpper }]);
    const event: Record<string, unknown> = {};
    expect(applyRows({ b: 'key' }, compileRows(later), event, new Set())).toBeUndefined();
    expect(event).toEqual({ x: { new: 'KEY' } });
  });
});
