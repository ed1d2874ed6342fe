import { describe, expect, it } from 'vitest';
import { type Codec, codecFor, withRecentPages } from './compression.js';

/** A codec that counts its calls (its output: the input's first byte and length, enough to tell pages apart). */
function counting(): { codec: Codec; calls: () => number } {
  let calls = 0;
  const codec: Codec = {
    id: 2,
    compress: (input) => {
      calls++;
      return Uint8Array.of(input[0] ?? 0, input.length & 0xff, input.length >> 8);
    },
  };
  return { codec, calls: () => calls };
}

const page = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe('withRecentPages', () => {
  it('gives a page equal to a recent one its compressed bytes again without compressing it', () => {
    const { codec, calls } = counting();
    const recent = withRecentPages(codec);
    const a = page(8192, 1);
    const first = recent.compress(a);
    // Equal bytes in another buffer (and at an offset in it): the same result, no second call.
    const copy = new Uint8Array(a.length + 10);
    copy.set(a, 10);
    expect(recent.compress(copy.subarray(10))).toBe(first);
    expect(calls()).toBe(1);
    // Same length, one byte different (the last): compressed anew.
    const b = a.slice();
    b[b.length - 1] = (b[b.length - 1] as number) ^ 1;
    recent.compress(b);
    expect(calls()).toBe(2);
    expect(recent.id).toBe(codec.id);
  });

  it('compresses small pages every time, and forgets a page once as many others came after it as it keeps', () => {
    const { codec, calls } = counting();
    const recent = withRecentPages(codec, 4);
    const small = page(100, 3);
    recent.compress(small);
    recent.compress(small);
    expect(calls()).toBe(2);
    const pages = [1, 2, 3, 4, 5].map((seed) => page(5000, seed));
    for (const p of pages) recent.compress(p);
    expect(calls()).toBe(7);
    // The last four are remembered; the first was replaced by the fifth.
    for (const p of pages.slice(1)) recent.compress(p);
    expect(calls()).toBe(7);
    recent.compress(pages[0] as Uint8Array);
    expect(calls()).toBe(8);
  });

  it('gives what the gzip codec gives for every page, repeated or not', () => {
    const plain = codecFor('gzip');
    const recent = withRecentPages(codecFor('gzip'));
    for (const p of [page(6000, 1), page(6000, 2), page(6000, 1), page(300, 4), page(70_000, 5), page(6000, 2)]) {
      expect(recent.compress(p)).toEqual(plain.compress(p));
    }
  });
});
