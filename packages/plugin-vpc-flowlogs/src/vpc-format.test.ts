import { describe, expect, test } from 'vitest';
import { DEFAULT_FORMAT, FIELDS, lookupField } from './fields.js';
import { DEFAULT_LAYOUT, isVpcHeader, LayoutCache, layoutOf, parseLogFormat, VpcFormatError } from './vpc-format.js';

describe('parseLogFormat', () => {
  test('reads a LogFormat as AWS writes it', () => {
    expect(parseLogFormat('${version} ${account-id} ${interface-id}')).toEqual([
      'version',
      'account-id',
      'interface-id',
    ]);
  });

  test('accepts bare names and extra spaces', () => {
    expect(parseLogFormat('  version   account_id\tsrcaddr ')).toEqual(['version', 'account_id', 'srcaddr']);
  });

  test.each([
    ['', 'empty'],
    ['${version} ${', 'not a field'],
    ['${version} 42', 'not a field'],
    ['${version} ${version}', 'twice'],
    ['${foo} ${bar}', 'none of the columns'],
  ])('rejects %j', (format, message) => {
    expect(() => parseLogFormat(format)).toThrow(VpcFormatError);
    expect(() => parseLogFormat(format)).toThrow(message);
  });
});

describe('layouts', () => {
  test('names in either spelling resolve to the same catalogue field', () => {
    const a = layoutOf(['log-status', 'pkt-src-aws-service']);
    const b = layoutOf(['log_status', 'pkt_src_aws_service']);
    expect([...a.fields]).toEqual([...b.fields]);
    expect([...a.fields].every((id) => id >= 0)).toBe(true);
  });

  test('unknown names are kept as -1 (unmapped), not an error while one field is known', () => {
    const layout = layoutOf(['srcaddr', 'tgw-id']);
    expect([...layout.fields]).toEqual([lookupField('srcaddr'), -1]);
    expect(layout.error).toBeUndefined();
  });

  test('the default layout is the 14 version 2 fields in AWS order', () => {
    expect(DEFAULT_LAYOUT.names).toEqual(DEFAULT_FORMAT);
    expect(DEFAULT_FORMAT).toHaveLength(14);
    expect(DEFAULT_FORMAT[0]).toBe('version');
    expect(DEFAULT_FORMAT[13]).toBe('log-status');
  });

  test('the catalogue covers versions 2–8 with unique names', () => {
    expect(new Set(FIELDS.map((f) => f.name)).size).toBe(FIELDS.length);
    expect(new Set(FIELDS.map((f) => f.version))).toEqual(new Set([2, 3, 4, 5, 7, 8]));
  });

  test('LayoutCache returns the same layout for the same columns array', () => {
    const cache = new LayoutCache();
    const columns = ['srcaddr', 'dstaddr'];
    const other = ['dstaddr', 'srcaddr'];
    const first = cache.get(columns);
    expect(cache.get(other)).not.toBe(first);
    expect(cache.get(columns)).toBe(first);
  });
});

describe('isVpcHeader', () => {
  test('a header of field names', () => {
    expect(isVpcHeader(DEFAULT_FORMAT)).toBe(true);
    expect(isVpcHeader(['instance-id', 'interface-id', 'srcaddr'])).toBe(true);
  });

  test('data lines are not headers', () => {
    expect(isVpcHeader('2 123456789010 eni-1 - - - - - - - 1431280876 1431280934 - NODATA'.split(' '))).toBe(false);
    // Only name-shaped values, but none of them is a field name.
    expect(isVpcHeader(['eni-0a1b', 'ACCEPT', 'OK'])).toBe(false);
    expect(isVpcHeader([])).toBe(false);
  });
});
