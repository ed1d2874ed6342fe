import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTHENTICATION_ACTIVITY, caption, NETWORK_ACTIVITY, typeName, typeUid } from './enums.js';
import { buildObservables, getPath, setPath } from './observables.js';
import { prune } from './prune.js';
import { parseIsoTime, secondsToMs, toRfc3339 } from './time.js';
import { flattenInto, unmappedFrom } from './unmapped.js';

describe('OCSF toolkit', () => {
  it('computes type_uid and type_name', () => {
    expect(typeUid(4001, 6)).toBe(400106);
    expect(typeUid(3002, 99)).toBe(300299);
    expect(typeName('Network Activity', caption(NETWORK_ACTIVITY, 5)!)).toBe('Network Activity: Refuse');
    expect(caption(AUTHENTICATION_ACTIVITY, 2)).toBe('Logoff');
    expect(caption(AUTHENTICATION_ACTIVITY, 42)).toBeUndefined();
  });

  it('formats and parses times', () => {
    expect(secondsToMs(1649721732)).toBe(1649721732000);
    expect(toRfc3339(1649721732000)).toBe('2022-04-12T00:02:12.000Z');
    expect(parseIsoTime('2022-11-10T16:24:34Z')).toBe(1668097474000);
    expect(parseIsoTime('not a date')).toBeUndefined();
    expect(parseIsoTime('2022-13-45T99:00:00Z')).toBeUndefined();
    expect(parseIsoTime('1')).toBeUndefined();
  });

  it('parses only times RFC 3339 can write back (years 0000–9999 in UTC)', () => {
    expect(toRfc3339(parseIsoTime('9999-12-31T23:59:59.999Z')!)).toBe('9999-12-31T23:59:59.999Z');
    expect(toRfc3339(parseIsoTime('0000-01-01T00:00:00Z')!)).toBe('0000-01-01T00:00:00.000Z');
    // The same wall-clock times, past the range once in UTC.
    expect(parseIsoTime('9999-12-31T23:59:59-01:00')).toBeUndefined();
    expect(parseIsoTime('0000-01-01T00:00:00+01:00')).toBeUndefined();
  });

  it('formats repeated, alternating and invalid times correctly (the last result is reused)', () => {
    for (const ms of [0, 0, 1649721732000, 1649721732000, 0, 1649721732001, -1]) {
      expect(toRfc3339(ms)).toBe(new Date(ms).toISOString());
    }
    expect(() => toRfc3339(Number.NaN)).toThrow(RangeError);
    expect(toRfc3339(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('formats any instant as Date#toISOString does, hits and misses of its cache alike', () => {
    const instant = fc.oneof(
      fc.integer({ min: -62167219200000, max: 253402300799999 }),
      // Whole seconds in a few days (the cache's common case), fractions and the range's edges.
      fc.integer({ min: 1732406400, max: 1732406400 + 3 * 86400 }).map((s) => s * 1000),
      fc.double({ min: -62167219200000, max: 253402300799999, noNaN: true }),
      fc.constantFrom(0, -0, 253402300799999, 253402300799000, 86399999, 86400000, -62167219200000),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 40 }), (list) => {
        for (const ms of list) expect(toRfc3339(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('prunes empty values recursively', () => {
    expect(prune({ a: {}, b: { c: undefined, d: null, e: '' }, f: [], g: 0, h: false, i: [{}], j: 'x' })).toEqual({
      g: 0,
      h: false,
      j: 'x',
    });
    expect(prune({ a: { b: {} } })).toBeUndefined();
  });

  it('flattens unmapped fields into dotted keys, leaving out mapped paths', () => {
    const src = { a: { b: 1, c: { d: 'x' } }, e: [1, 2], f: null, g: 'kept', mapped: { yes: 1 } };
    expect(unmappedFrom(src, new Set(['mapped.yes', 'a.b']))).toEqual({ 'a.c.d': 'x', e: [1, 2], g: 'kept' });
    expect(unmappedFrom({ only: 1 }, new Set(['only']))).toBeUndefined();
    const out: Record<string, unknown> = {};
    flattenInto(out, { x: { y: 2 }, z: {} }, 'p');
    expect(out).toEqual({ 'p.x.y': 2, 'p.z': {} });
  });

  it('builds observables from attribute paths, including arrays', () => {
    const event = {
      src_endpoint: { ip: '10.0.0.1' },
      dst_endpoint: { intermediate_ips: ['10.0.0.2', '10.0.0.3'], instance_uid: 'i-1' },
    };
    expect(
      buildObservables(event, [
        ['dst_endpoint.intermediate_ips[]', 2],
        ['dst_endpoint.instance_uid', 10],
        ['dst_endpoint.ip', 2],
        ['src_endpoint.ip', 2],
      ]),
    ).toEqual([
      { name: 'dst_endpoint.intermediate_ips[]', type: 'IP Address', type_id: 2, value: '10.0.0.2' },
      { name: 'dst_endpoint.intermediate_ips[]', type: 'IP Address', type_id: 2, value: '10.0.0.3' },
      { name: 'dst_endpoint.instance_uid', type: 'Resource UID', type_id: 10, value: 'i-1' },
      { name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: '10.0.0.1' },
    ]);
  });

  it('gets and sets dotted paths', () => {
    const e: Record<string, unknown> = {};
    setPath(e, 'a.b.c', 1);
    setPath(e, 'a.d', 2);
    expect(e).toEqual({ a: { b: { c: 1 }, d: 2 } });
    expect(getPath(e, 'a.b.c')).toBe(1);
    expect(getPath(e, 'a.x.y')).toBeUndefined();
  });
});

describe('ocsfIp', () => {
  it('keeps addresses OCSF accepts and shortens long IPv6 spellings to the canonical form', async () => {
    const { ocsfIp } = await import('./net.js');
    expect(ocsfIp('10.0.0.1')).toBe('10.0.0.1');
    expect(ocsfIp('2001:db8::1')).toBe('2001:db8::1');
    expect(ocsfIp('0:000:0000:0000:0000:0000:100.100.100.100')).toBe('::6464:6464');
    expect(ocsfIp('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:0db8:0000:0000:0000:0000:0000:0001'); // 39 characters: kept
    expect(ocsfIp('not-an-ip')).toBeUndefined();
    expect(ocsfIp('-')).toBeUndefined();
  });
});

describe('isIPv4Address', () => {
  it('accepts exactly what net.isIPv4 accepts', async () => {
    const { isIPv4 } = await import('node:net');
    const { isIPv4Address } = await import('./net.js');
    const fc = (await import('fast-check')).default;
    for (const text of [
      '0.0.0.0',
      '255.255.255.255',
      '10.0.0.1',
      '01.0.0.1',
      '256.0.0.1',
      '1.2.3',
      '1.2.3.4.',
      '1.2.3.4.5',
      '.1.2.3',
      '1..2.3',
      '1.2.3.04',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '1.2.3.255',
      '1.2.3.2555',
      '',
    ]) {
      expect(isIPv4Address(text), text).toBe(isIPv4(text));
    }
    const octet = fc.oneof(fc.nat(300).map(String), fc.stringMatching(/^[0-9]{1,4}$/));
    const dotted = fc.array(octet, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
    const noise = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', '.', 'a', ':', ' '), maxLength: 17 });
    fc.assert(fc.property(fc.oneof(dotted, noise), (text) => isIPv4Address(text) === isIPv4(text)));
  });
});
