import { describe, expect, it } from 'vitest';
import { BufferPool, Bytes, writeHybrid, writeRun } from './bytes.js';

describe('BufferPool', () => {
  it('hands out buffers of a size class that holds the request, at most a quarter larger', () => {
    const pool = new BufferPool(1 << 20);
    for (const n of [1, 64, 65, 80, 81, 100, 128, 129, 1000, 4096, 5000, 100_000]) {
      const size = pool.take(n).byteLength;
      expect(size, String(n)).toBeGreaterThanOrEqual(Math.max(64, n));
      expect(size, String(n)).toBeLessThanOrEqual(Math.max(64, Math.ceil(n * 1.25)));
    }
    // Powers of two are their own class (the level buffers and growing Bytes ask for them).
    for (const n of [64, 256, 1024, 65_536]) expect(pool.take(n).byteLength).toBe(n);
  });

  it('gives a handed-back buffer out again for a request of its class, and keeps no more than its bound', () => {
    const pool = new BufferPool(3000);
    const a = pool.take(1000);
    const b = pool.take(1000);
    const c = pool.take(1000);
    pool.give(a);
    pool.give(b);
    // a and b (1,024 bytes each) fit the bound; c would pass it and is left to the collector.
    pool.give(c);
    expect(pool.bytes).toBe(2048);
    const again = [pool.take(900), pool.take(1024)];
    expect(again).toContain(a);
    expect(again).toContain(b);
    expect(pool.bytes).toBe(0);
    expect(pool.take(1000)).not.toBe(c);
    // A buffer of no class size (not taken from a pool) is never kept.
    pool.give(new ArrayBuffer(1000));
    expect(pool.bytes).toBe(0);
  });

  it('backs a growing Bytes: the old buffer goes back once the bytes are copied, and release empties it', () => {
    const pool = new BufferPool(1 << 20);
    const bytes = new Bytes(64, pool);
    const first = bytes.buf.buffer;
    for (let i = 0; i < 100; i++) bytes.u8(i);
    expect(bytes.buf.buffer).not.toBe(first);
    expect([...bytes.written()]).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(pool.take(64)).toBe(first);
    const grown = bytes.buf.buffer;
    bytes.release();
    expect(bytes.length).toBe(0);
    expect(pool.take(grown.byteLength)).toBe(grown);
    bytes.string('again');
    expect(bytes.length).toBe(9);
  });
});

describe('writeRun', () => {
  it('writes the bytes writeHybrid writes for the same number of equal values', () => {
    for (const width of [1, 2, 3, 8, 9, 16]) {
      for (const count of [1, 2, 7, 8, 9, 63, 64, 1000, 16_384]) {
        const value = (1 << width) - 1;
        const run = new Bytes(16);
        writeRun(run, value, count, width);
        const hybrid = new Bytes(16);
        writeHybrid(hybrid, new Uint16Array(count).fill(value), count, width);
        expect(run.copy(), `${count} × ${value} in ${width} bits`).toEqual(hybrid.copy());
      }
    }
  });
});
