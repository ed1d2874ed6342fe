import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeHeader, splitFields } from './fields.js';

describe('splitFields', () => {
  it('splits on runs of spaces and tabs and ignores leading and trailing ones', () => {
    expect(splitFields('  2 123\t\teni-1  10.0.0.1 - ')).toEqual(['2', '123', 'eni-1', '10.0.0.1', '-']);
  });
  it('returns no tokens for a blank line', () => {
    expect(splitFields('   \t ')).toEqual([]);
    expect(splitFields('')).toEqual([]);
  });
  it('splits single-spaced lines and every other spacing alike: as runs of spaces and tabs', () => {
    expect(splitFields('2 123 eni-1 10.0.0.1 -')).toEqual(['2', '123', 'eni-1', '10.0.0.1', '-']);
    expect(splitFields('a b ')).toEqual(['a', 'b']);
    expect(splitFields(' a b')).toEqual(['a', 'b']);
    const piece = fc.constantFrom(' ', '  ', '\t', 'a', 'bc', '-', '10.0.0.1', '\u00e9', '\r');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const line = pieces.join('');
        expect(splitFields(line)).toEqual(line.split(/[ \t]+/).filter((t) => t !== ''));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('looksLikeHeader', () => {
  it('accepts VPC field names with dashes and underscores', () => {
    expect(looksLikeHeader(splitFields('version account-id interface-id srcaddr log_status pkt-src-aws-service'))).toBe(
      true,
    );
  });
  it('rejects data lines, NODATA lines and empty token lists', () => {
    expect(
      looksLikeHeader(splitFields('2 123456789012 eni-0a1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1 2 ACCEPT OK')),
    ).toBe(false);
    expect(looksLikeHeader(splitFields('- - - - NODATA'))).toBe(false);
    expect(looksLikeHeader(['version', '2'])).toBe(false);
    expect(looksLikeHeader([])).toBe(false);
  });
  it('rejects tokens that start with a digit or contain other characters', () => {
    expect(looksLikeHeader(['1abc'])).toBe(false);
    expect(looksLikeHeader(['a.b'])).toBe(false);
  });
});
