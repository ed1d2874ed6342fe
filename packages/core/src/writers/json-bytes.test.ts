import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonBytes, jsonFragment } from './json-bytes.js';

/** What `write` puts into a fresh JsonBytes, as text (starting small, so every write may grow the buffer). */
function written(write: (out: JsonBytes) => void, size = 4): string {
  const out = new JsonBytes(Buffer.alloc(size));
  write(out);
  return out.buffer.toString('utf8', 0, out.length);
}

/** Any UTF-16 code unit: lone surrogates, control characters, quotes and backslashes included. */
const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyString = fc.oneof(
  fc.string({ unit }),
  fc.string({ unit: 'grapheme' }),
  fc.string(),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', '\u2028', '\ud800', '\udfff', 'a', 'é', '😀'),
  }),
);
const anyNumber = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  fc.double(),
  fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, -1, 1e21, 2 ** 53, 2 ** 53 - 1, 2 ** 60, 1e-7),
);

describe('JsonBytes', () => {
  it('writes any string exactly as JSON.stringify does, in UTF-8', () => {
    fc.assert(
      fc.property(anyString, fc.integer({ min: 0, max: 64 }), (s, size) => {
        // The buffer's bytes are compared, not decoded text: a lone surrogate must be an escape, not U+FFFD.
        const out = new JsonBytes(Buffer.alloc(size));
        out.string(s);
        expect(Buffer.compare(out.buffer.subarray(0, out.length), Buffer.from(JSON.stringify(s), 'utf8'))).toBe(0);
      }),
      { numRuns: 5000 },
    );
  });

  it('writes any number exactly as JSON.stringify does', () => {
    fc.assert(
      fc.property(anyNumber, (n) => {
        expect(written((out) => out.number(n))).toBe(JSON.stringify(n));
      }),
      { numRuns: 5000 },
    );
  });

  it('writes fragments, bytes, text and any JSON value in sequence, growing its buffer as needed', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anyString.map((s) => ({ kind: 'string' as const, s })),
            anyNumber.map((n) => ({ kind: 'number' as const, n })),
            fc.jsonValue().map((v) => ({ kind: 'value' as const, v })),
            fc.string({ unit: 'grapheme' }).map((s) => ({ kind: 'raw' as const, s })),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          let expected = '';
          const got = written((out) => {
            for (const p of parts) {
              if (p.kind === 'string') {
                out.string(p.s);
                expected += JSON.stringify(p.s);
              } else if (p.kind === 'number') {
                out.number(p.n);
                expected += JSON.stringify(p.n);
              } else if (p.kind === 'value') {
                out.value(p.v);
                expected += JSON.stringify(p.v);
              } else {
                // Raw bytes as they are (a fragment is constant, well-formed JSON text).
                out.raw(jsonFragment(p.s));
                out.byte(44);
                expected += `${p.s},`;
              }
            }
          }, 1);
          expect(got).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses a value JSON has no form for', () => {
    expect(() => written((out) => out.value(undefined))).toThrow(/no JSON form/);
  });
});
