/**
 * A growable byte buffer with the few encodings a Parquet file needs: little-endian PLAIN values, unsigned
 * varints, length-prefixed UTF-8 (with an ASCII fast path: most values in security logs are ASCII) and the
 * RLE / bit-packed hybrid of levels and dictionary indices.
 */
const utf8 = new TextEncoder();

/**
 * Spare buffers by size (64 bytes to 1 GiB, four sizes per power of two), handed back by column writers that gave up their open pages and
 * taken again as other columns grow. The writer's buffers live for many rows, so a dropped one is old by
 * then, and V8 frees old buffers only at a full collection (it lets tens of MiB of them wait for one):
 * reused, they never become garbage.
 */
export class BufferPool {
  /** Spare buffers by size class (see `sizeClass`). */
  readonly #free: ArrayBuffer[][] = [];
  #bytes = 0;
  readonly #max: number;

  /** @param max spare bytes kept at most; a buffer handed back beyond it is left to the collector */
  constructor(max: number) {
    this.#max = max;
  }

  /** Spare bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** A buffer of at least `n` bytes (a class size: a power of two for a power of two), spare or new. */
  take(n: number): ArrayBuffer {
    const c = sizeClass(n);
    const buf = this.#free[c]?.pop();
    if (buf === undefined) return new ArrayBuffer(classBytes(c));
    this.#bytes -= buf.byteLength;
    return buf;
  }

  /** Hands back a buffer taken from the pool; nothing may use it (or a view of it) afterwards. */
  give(buf: ArrayBuffer): void {
    const n = buf.byteLength;
    if (n < MIN_POOLED || this.#bytes + n > this.#max) return;
    const c = sizeClass(n);
    if (classBytes(c) !== n) return;
    let list = this.#free[c];
    if (list === undefined) {
      list = [];
      this.#free[c] = list;
    }
    list.push(buf);
    this.#bytes += n;
  }
}

const MIN_POOLED = 64;

/**
 * Size classes: 64 × 2^k × (1, 1.25, 1.5, 1.75), so a page kept in a spare buffer wastes at most a fifth
 * of it. Class 4k is 64 × 2^k; `sizeClass(n)` is the smallest class of `n` bytes or more.
 */
function sizeClass(n: number): number {
  if (n <= MIN_POOLED) return 0;
  // The k with 64 × 2^k < n ≤ 64 × 2^(k+1): ceil(log2 n) − 7.
  const k = 25 - Math.clz32(n - 1);
  const base = MIN_POOLED * 2 ** k;
  // base < n ≤ 2 × base: the first of 1.25, 1.5, 1.75, 2 × base that holds n.
  const q = Math.ceil((n - base) / (base / 4));
  return 4 * k + q;
}

function classBytes(c: number): number {
  return (MIN_POOLED * 2 ** (c >> 2) * (4 + (c & 3))) / 4;
}

const EMPTY = new Uint8Array(0);

export class Bytes {
  buf: Uint8Array;
  view: DataView;
  length = 0;
  readonly #pool: BufferPool | undefined;

  /** @param pool where the buffer comes from and goes back to (when it grows, or on `release`) */
  constructor(capacity = 1024, pool?: BufferPool) {
    this.#pool = pool;
    this.buf = pool ? new Uint8Array(pool.take(capacity)) : new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Gives the buffer back to its pool; the Bytes is empty (and can grow again). */
  release(): void {
    this.#pool?.give(this.buf.buffer as ArrayBuffer);
    this.buf = EMPTY;
    this.view = new DataView(EMPTY.buffer);
    this.length = 0;
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let cap = Math.max(64, this.buf.length * 2);
    while (cap < need) cap *= 2;
    const pool = this.#pool;
    const next = pool ? new Uint8Array(pool.take(cap)) : new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    pool?.give(this.buf.buffer as ArrayBuffer);
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }

  /** Unsigned varint of a non-negative safe integer (up to 2^53). */
  varint(v: number): void {
    this.reserve(8);
    const buf = this.buf;
    let p = this.length;
    while (v >= 0x80) {
      buf[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buf[p++] = v;
    this.length = p;
  }

  int32(v: number): void {
    this.reserve(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }

  /** INT64 from a safe integer without a BigInt: low and high 32-bit halves (two's complement). */
  int64(v: number): void {
    this.reserve(8);
    const hi = Math.floor(v / 4294967296);
    this.view.setUint32(this.length, v - hi * 4294967296, true);
    this.view.setInt32(this.length + 4, hi, true);
    this.length += 8;
  }

  bigint64(v: bigint): void {
    this.reserve(8);
    this.view.setBigInt64(this.length, v, true);
    this.length += 8;
  }

  double(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** UTF-8 bytes of `s`, no prefix; returns their count. */
  utf8(s: string): number {
    const n = s.length;
    this.reserve(n * 3);
    const buf = this.buf;
    const start = this.length;
    let p = start;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[p++] = c;
    }
    if (i < n) p += utf8.encodeInto(s.slice(i), buf.subarray(p)).written;
    this.length = p;
    return p - start;
  }

  /** A BYTE_ARRAY value in PLAIN encoding: 4-byte length, then the UTF-8 bytes. */
  string(s: string): void {
    this.reserve(4);
    const at = this.length;
    this.length += 4;
    const n = this.utf8(s);
    this.view.setUint32(at, n, true);
  }

  /** A copy of the bytes written so far. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** The bytes written so far, without copying (valid until the next write). */
  written(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}

/**
 * The RLE / bit-packed hybrid encoding of `count` values of `width` bits (≤ 24): runs of 8 or more equal
 * values as RLE runs, everything between them bit-packed in groups of 8.
 */
export function writeHybrid(out: Bytes, values: ArrayLike<number>, count: number, width: number): void {
  const valueBytes = (width + 7) >> 3;
  let i = 0;
  while (i < count) {
    const v = values[i] as number;
    let j = i + 1;
    while (j < count && values[j] === v) j++;
    if (j - i >= 8) {
      out.varint((j - i) * 2);
      for (let b = 0; b < valueBytes; b++) out.u8((v >>> (8 * b)) & 0xff);
      i = j;
      continue;
    }
    // Bit-packed groups of 8 from i, until a run of 8 or more starts at a group boundary.
    let end = i + 8;
    while (end < count) {
      const w = values[end] as number;
      let k = end + 1;
      const limit = Math.min(count, end + 8);
      while (k < limit && values[k] === w) k++;
      if (k - end >= 8) break;
      end += 8;
    }
    const groups = (Math.min(end, count) - i + 7) >> 3;
    out.varint(groups * 2 + 1);
    out.reserve(groups * width);
    const buf = out.buf;
    let p = out.length;
    let acc = 0;
    let bits = 0;
    const stop = i + groups * 8;
    for (let k = i; k < stop; k++) {
      const x = k < count ? (values[k] as number) : 0;
      acc |= x << bits;
      bits += width;
      while (bits >= 8) {
        buf[p++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
    out.length = p;
    i = stop;
  }
}

/** A few equal values for `writeRun` to encode as writeHybrid does. */
const shortRun = new Uint16Array(8);

/** `count` times `value` in the hybrid encoding, the bytes writeHybrid writes for them. */
export function writeRun(out: Bytes, value: number, count: number, width: number): void {
  if (count < 8) {
    shortRun.fill(value, 0, count);
    writeHybrid(out, shortRun, count, width);
    return;
  }
  out.varint(count * 2);
  for (let b = 0; b < (width + 7) >> 3; b++) out.u8((value >>> (8 * b)) & 0xff);
}

/** Bits needed for values up to `max`. */
export function bitWidth(max: number): number {
  let w = 0;
  while (max > 0) {
    w++;
    max >>>= 1;
  }
  return w;
}
