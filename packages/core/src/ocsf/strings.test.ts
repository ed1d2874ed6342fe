import { describe, expect, it } from 'vitest';
import { MAX_OCSF_STRING, overlongString } from './strings.js';

describe('overlongString', () => {
  const long = 'x'.repeat(MAX_OCSF_STRING + 1);

  it('finds the first string longer than OCSF holds, by dotted path, in objects and arrays', () => {
    expect(overlongString({ a: { b: 'ok', c: long } })).toEqual({ path: 'a.c', length: MAX_OCSF_STRING + 1 });
    expect(overlongString({ resources: [{ uid: 'ok' }, { uid: long }] })).toEqual({
      path: 'resources.uid',
      length: MAX_OCSF_STRING + 1,
    });
    expect(overlongString({ a: 'x'.repeat(MAX_OCSF_STRING) })).toBeUndefined();
  });

  it('leaves unmapped and the free-form attributes it is told about alone', () => {
    expect(overlongString({ unmapped: { x: long } })).toBeUndefined();
    expect(overlongString({ api: { request: { data: { q: long } } } }, new Set(['api.request.data']))).toBeUndefined();
    expect(overlongString({ api: { request: { data: { q: long } } } })).toMatchObject({ path: 'api.request.data.q' });
  });
});
