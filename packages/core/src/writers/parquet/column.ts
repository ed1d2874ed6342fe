import { BufferPool, Bytes, bitWidth, writeHybrid, writeRun } from './bytes.js';
import type { Codec } from './compression.js';
import { ThriftWriter } from './thrift.js';

/** Parquet physical types, by their Thrift ids. */
export const PhysicalType = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
export type PhysicalTypeName = keyof typeof PhysicalType;

const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;
const ENCODING_RLE_DICTIONARY = 8;
const PAGE_DATA = 0;
const PAGE_DICTIONARY = 2;

/** A data page is closed at this many levels or value bytes, whichever comes first. */
export const PAGE_LEVELS = 16384;
export const PAGE_VALUE_BYTES = 128 * 1024;
/** A column chunk's dictionary stops growing here; later values of the chunk are PLAIN. */
const MAX_DICT_ENTRIES = 32768;
const MAX_DICT_BYTES = 1024 * 1024;
/**
 * A dictionary of this many entries or more that holds more than a third of the values so far does not
 * pay: every value costs a lookup (a fresh string is hashed in full), and the indices save little next to
 * what gzip makes of the PLAIN values. Deciding after ~1,000 entries, not after a page, spares the
 * high-cardinality columns (addresses, ports, byte counts, times) the lookups of the whole chunk.
 */
const DICT_PROBE_ENTRIES = 1024;

/** An open page holding less than this is not compressed early (see `compact`). */
const OPEN_PAGE_MIN_BYTES = 4096;

/** Spare open-page buffers a writer keeps for its columns to reuse (see BufferPool), beyond its budget. */
const POOL_BYTES = 8 * 1024 * 1024;

/**
 * What the writer holds in memory, by file and in total: the global budget flushes the fullest file. The
 * columns' open-page buffers come from the writer's pool, shared by every file below the same ledger.
 */
export class Ledger {
  held = 0;
  /** The part of `held` in open pages of OPEN_PAGE_MIN_BYTES or more: what `compact` gives back. */
  open = 0;
  readonly pool: BufferPool;
  readonly #parent: Ledger | undefined;
  constructor(parent?: Ledger) {
    this.#parent = parent;
    this.pool = parent ? parent.pool : new BufferPool(POOL_BYTES);
  }
  add(delta: number, openDelta = 0): void {
    this.held += delta;
    this.open += openDelta;
    const parent = this.#parent;
    if (parent) {
      parent.held += delta;
      parent.open += openDelta;
    }
  }
}

/** One leaf column: where it sits (levels) and what it holds. */
export interface LeafSpec {
  /** Path in the Parquet schema (`observables`, `list`, `element`, `name`). */
  readonly path: readonly string[];
  readonly type: PhysicalTypeName;
  readonly maxDef: number;
  readonly maxRep: number;
  /** Whether values go through a dictionary first (strings and integers; not booleans or doubles). */
  readonly dictionary: boolean;
}

/** A finished column chunk: its bytes (pages, dictionary first) and what the footer says of it. */
export interface ColumnChunkData {
  readonly buffers: Uint8Array[];
  readonly numValues: number;
  readonly uncompressed: number;
  readonly compressed: number;
  /** Byte length of the dictionary page (header included), 0 without one. */
  readonly dictionaryBytes: number;
  readonly encodings: readonly number[];
  readonly nullCount: number;
  /** PLAIN-encoded min and max (numeric columns), when known. */
  readonly min?: Uint8Array;
  readonly max?: Uint8Array;
}

const INITIAL_LEVELS = 256;
/** A PLAIN page's value buffer starts this small: most columns of a file hold dictionary indices instead. */
const INITIAL_VALUE_BYTES = 64;
/**
 * A page's levels (or dictionary indices) are held as one value and a count while they are all that value
 * — most columns of a file are constant or always present — and as an array from the first other one.
 * `EMPTY` is a run of nothing yet, `MIXED` means the array holds them.
 */
const EMPTY = -2;
const MIXED = -1;
const NO_LEVELS = new Uint8Array(0);
const NO_INDICES = new Uint16Array(0);
/** Pages are encoded here, then compressed out of it: one buffer for every column. */
const scratch = new Bytes(256 * 1024);
const textOf = new TextDecoder();

/**
 * Appends values and levels of one leaf column as rows arrive. Values are PLAIN or dictionary indices;
 * a page is encoded and compressed as soon as it is full, so memory holds the open page and the
 * compressed pages of the current row group, never the rows.
 */
export class ColumnWriter {
  readonly spec: LeafSpec;
  readonly #codec: Codec;
  readonly #ledger: Ledger;
  readonly #pool: BufferPool;
  // The open page (its buffers come from the pool and go back to it).
  #def: Uint8Array = NO_LEVELS;
  /** The page's one definition level while they are all the same (EMPTY, MIXED: see there). */
  #defRun = EMPTY;
  #rep: Uint8Array = NO_LEVELS;
  #repRun: number;
  #levels = 0;
  /** Dictionary indices (or booleans) of the open page: the dictionary stays below 2^16 entries. */
  #idx: Uint8Array | Uint16Array = NO_INDICES;
  /** The largest index `#idx` holds: bytes while the dictionary has at most 256 entries, then 16 bits. */
  #idxLimit = 255;
  #idxRun = EMPTY;
  #count = 0;
  #values: Bytes;
  /** This page's values are dictionary indices. */
  #pageDict = false;
  // The chunk.
  #dict: Map<unknown, number> | undefined;
  #dictValues: Bytes;
  #dictSize = 0;
  /** The dictionary's keys by index: the lookup remembers these, never the caller's value. */
  #keys: unknown[] = [];
  /** The key looked up last (the dictionary's own copy) and its index: runs of one value skip the hash. */
  #lastKey: unknown;
  #lastIndex = 0;
  /** The dictionary did not pay (mostly distinct values) in an earlier chunk or page: PLAIN from now on. */
  #plainOnly: boolean;
  /** Compressed pages (header and data in one buffer from the pool; the file gives them back once written). */
  #pages: Uint8Array[] = [];
  #pagesBytes = 0;
  /** Capacity of the pages' buffers, as the ledger counts them. */
  #pagesHeld = 0;
  #uncompressed = 0;
  #numValues = 0;
  #nulls = 0;
  #plainPages = false;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  #noStats = false;
  /** Bytes this column holds, as reported to the ledger, and the part of them in its open page. */
  #held = 0;
  #open = 0;
  /** Capacity of the open page's value buffer when last reported (it grows as values arrive). */
  #valuesHeld = 0;

  constructor(spec: LeafSpec, codec: Codec, ledger: Ledger) {
    this.spec = spec;
    this.#codec = codec;
    this.#ledger = ledger;
    const pool = ledger.pool;
    this.#pool = pool;
    // Without repetition every repetition level is 0: one run that never ends.
    this.#repRun = spec.maxRep > 0 ? EMPTY : 0;
    this.#values = new Bytes(INITIAL_VALUE_BYTES, pool);
    this.#dictValues = new Bytes(256, pool);
    this.#plainOnly = !spec.dictionary;
    this.#startChunk();
    this.#account();
  }

  #startChunk(): void {
    this.#dict = this.#plainOnly ? undefined : new Map();
    this.#pageDict = this.#dict !== undefined;
    this.#dictSize = 0;
    this.#keys = [];
    this.#lastKey = undefined;
    this.#dictValues.clear();
    this.#pages = [];
    this.#pagesBytes = 0;
    this.#pagesHeld = 0;
    this.#uncompressed = 0;
    this.#numValues = 0;
    this.#nulls = 0;
    this.#plainPages = false;
    this.#min = Number.POSITIVE_INFINITY;
    this.#max = Number.NEGATIVE_INFINITY;
    this.#noStats = this.spec.type === 'BYTE_ARRAY' || this.spec.type === 'BOOLEAN';
  }

  #account(): void {
    const openBytes = this.openBytes;
    const held = openBytes + this.#dictValues.buf.byteLength + this.#pagesHeld;
    const open = openBytes >= OPEN_PAGE_MIN_BYTES ? openBytes : 0;
    this.#ledger.add(held - this.#held, open - this.#open);
    this.#held = held;
    this.#open = open;
    this.#valuesHeld = this.#values.buf.length;
  }

  /** Level buffers of `n` (a power of two) from the pool. */
  #u8(n: number): Uint8Array {
    return new Uint8Array(this.#pool.take(n), 0, n);
  }

  #u16(n: number): Uint16Array {
    return new Uint16Array(this.#pool.take(2 * n), 0, n);
  }

  /** Hands a buffer of the open page back to the pool: the array must not be used after. */
  #give(array: Uint8Array | Uint16Array): void {
    this.#pool.give(array.buffer as ArrayBuffer);
  }

  /** `n` levels in an array of twice the size: the old one goes back to the pool. */
  #grownLevels(levels: Uint8Array, n: number): Uint8Array {
    const next = this.#u8(Math.max(INITIAL_LEVELS, n * 2));
    next.set(levels);
    this.#give(levels);
    return next;
  }

  #level(def: number, rep: number): void {
    const n = this.#levels;
    if (this.#defRun === MIXED) {
      if (n === this.#def.length) {
        this.#def = this.#grownLevels(this.#def, n);
        this.#account();
      }
      this.#def[n] = def;
    } else if (def !== this.#defRun) this.#defChanges(def, n);
    if (rep !== this.#repRun) this.#repAt(rep, n);
    this.#levels = n + 1;
  }

  /** Definition level `def` at `n`, the first of the page or the first that ends its run. */
  #defChanges(def: number, n: number): void {
    if (this.#defRun === EMPTY) {
      this.#defRun = def;
      return;
    }
    this.#def = this.#u8(capacityFor(n)).fill(this.#defRun, 0, n);
    this.#def[n] = def;
    this.#defRun = MIXED;
    this.#account();
  }

  #repAt(rep: number, n: number): void {
    if (this.#repRun === EMPTY) {
      this.#repRun = rep;
      return;
    }
    if (this.#repRun !== MIXED) {
      if (this.spec.maxRep === 0) return;
      this.#rep = this.#u8(capacityFor(n)).fill(this.#repRun, 0, n);
      this.#repRun = MIXED;
      this.#account();
    } else if (n === this.#rep.length) {
      this.#rep = this.#grownLevels(this.#rep, n);
      this.#account();
    }
    this.#rep[n] = rep;
  }

  #index(k: number): void {
    const n = this.#count;
    if (this.#idxRun === MIXED) {
      if (n === this.#idx.length || k > this.#idxLimit) this.#growIndices(k, n);
      this.#idx[n] = k;
    } else if (k !== this.#idxRun) this.#indexChanges(k, n);
    this.#count = n + 1;
  }

  /** Room for index `k` at `n`: twice the length when full, 16 bits from the first index above 255. */
  #growIndices(k: number, n: number): void {
    const old = this.#idx;
    const length = n === old.length ? Math.max(INITIAL_LEVELS, n * 2) : old.length;
    if (k > 255) this.#idxLimit = 65535;
    const next = this.#idxLimit > 255 ? this.#u16(length) : this.#u8(length);
    next.set(old.subarray(0, n));
    this.#give(old);
    this.#idx = next;
    this.#account();
  }

  #indexChanges(k: number, n: number): void {
    if (this.#idxRun === EMPTY) {
      this.#idxRun = k;
      return;
    }
    if (Math.max(k, this.#idxRun) > 255) this.#idxLimit = 65535;
    const length = capacityFor(n);
    this.#idx = (this.#idxLimit > 255 ? this.#u16(length) : this.#u8(length)).fill(this.#idxRun, 0, n);
    this.#idx[n] = k;
    this.#idxRun = MIXED;
    this.#account();
  }

  #after(): void {
    const values = this.#values;
    if (this.#levels >= PAGE_LEVELS || values.length >= PAGE_VALUE_BYTES) this.#flushPage();
    else if (values.buf.length !== this.#valuesHeld) this.#account();
  }

  /** A null (or absent, or empty) at definition level `def`. */
  null(def: number, rep: number): void {
    this.#level(def, rep);
    this.#nulls++;
    if (this.#levels >= PAGE_LEVELS) this.#flushPage();
  }

  #stat(v: number): void {
    if (v < this.#min) this.#min = v;
    if (v > this.#max) this.#max = v;
  }

  /** The index of a value in the chunk's dictionary, -1 when it is not there yet. */
  #lookup(key: unknown): number {
    // Runs of one value (a partition's account, a constant) skip the hash lookup.
    if (key === this.#lastKey) return this.#lastIndex;
    const k = (this.#dict as Map<unknown, number>).get(key);
    if (k === undefined) return -1;
    this.#lastKey = this.#keys[k];
    this.#lastIndex = k;
    return k;
  }

  /** A new dictionary entry (its PLAIN bytes are written) and the current value's index to it. */
  #insert(key: unknown): void {
    const k = this.#dictSize++;
    (this.#dict as Map<unknown, number>).set(key, k);
    this.#keys.push(key);
    this.#lastKey = key;
    this.#lastIndex = k;
    this.#index(k);
    if (this.#dictionaryFull()) this.#toPlain();
  }

  /**
   * After a value went into a new dictionary entry: whether the dictionary has stopped paying (see
   * DICT_PROBE_ENTRIES; a new entry is the only time the share of distinct values grows).
   */
  #dictionaryFull(): boolean {
    const size = this.#dictSize;
    if (this.#dictValues.length > MAX_DICT_BYTES) return true;
    if (size < DICT_PROBE_ENTRIES) return false;
    return size > MAX_DICT_ENTRIES || size * 3 > this.#numValues + this.#levels - this.#nulls;
  }

  /**
   * PLAIN for the rest of the file: the open page (its values are indices) is closed first, and the pages
   * so far keep their dictionary (its bytes); the lookup table and its keys can go.
   */
  #toPlain(): void {
    this.#flushPage();
    this.#pageDict = false;
    this.#plainOnly = true;
    this.#dict = undefined;
    this.#keys = [];
    this.#lastKey = undefined;
  }

  string(s: string, rep: number): void {
    this.#level(this.spec.maxDef, rep);
    if (this.#pageDict) {
      const k = this.#lookup(s);
      if (k < 0) {
        const values = this.#dictValues;
        const at = values.length + 4;
        values.string(s);
        // The dictionary keeps a copy of the text, never the caller's string: a substring of the input
        // (a split line) would keep the input chunk it was cut from alive for the whole row group.
        this.#insert(textOf.decode(values.buf.subarray(at, values.length)));
      } else this.#index(k);
    } else {
      this.#values.string(s);
      this.#count++;
    }
    this.#after();
  }

  int32(v: number, rep: number): void {
    this.#level(this.spec.maxDef, rep);
    this.#stat(v);
    if (this.#pageDict) {
      const k = this.#lookup(v);
      if (k < 0) {
        this.#dictValues.int32(v);
        this.#insert(v);
      } else this.#index(k);
    } else {
      this.#values.int32(v);
      this.#count++;
    }
    this.#after();
  }

  /** INT64 from a safe integer or a bigint. */
  int64(v: number | bigint, rep: number): void {
    this.#level(this.spec.maxDef, rep);
    if (typeof v === 'bigint') this.#noStats = true;
    else this.#stat(v);
    if (this.#pageDict) {
      const k = this.#lookup(v);
      if (k < 0) {
        if (typeof v === 'bigint') this.#dictValues.bigint64(v);
        else this.#dictValues.int64(v);
        this.#insert(v);
      } else this.#index(k);
    } else {
      if (typeof v === 'bigint') this.#values.bigint64(v);
      else this.#values.int64(v);
      this.#count++;
    }
    this.#after();
  }

  double(v: number, rep: number): void {
    this.#level(this.spec.maxDef, rep);
    if (Number.isNaN(v)) this.#noStats = true;
    else this.#stat(v);
    this.#values.double(v);
    this.#count++;
    this.#after();
  }

  boolean(v: boolean, rep: number): void {
    this.#level(this.spec.maxDef, rep);
    this.#index(v ? 1 : 0);
    this.#after();
  }

  /** Encodes and compresses the open page into the chunk's pages. */
  #flushPage(): void {
    const levels = this.#levels;
    if (levels === 0) return;
    const { maxDef, maxRep } = this.spec;
    const body = scratch;
    body.clear();
    if (maxRep > 0) levelsInto(body, this.#rep, this.#repRun, levels, bitWidth(maxRep));
    if (maxDef > 0) levelsInto(body, this.#def, this.#defRun, levels, bitWidth(maxDef));
    let encoding = ENCODING_PLAIN;
    // A dictionary page before any value (all null so far) is PLAIN: it has no values to index.
    if (this.#pageDict && this.#dictSize > 0) {
      encoding = ENCODING_RLE_DICTIONARY;
      const width = Math.max(1, bitWidth(this.#dictSize - 1));
      body.u8(width);
      if (this.#idxRun === MIXED) writeHybrid(body, this.#idx, this.#count, width);
      else writeRun(body, this.#idxRun, this.#count, width);
    } else if (this.spec.type === 'BOOLEAN') {
      // PLAIN booleans: one bit each, least significant first.
      const n = this.#count;
      const idx = this.#idx;
      const run = this.#idxRun;
      body.reserve((n + 7) >> 3);
      for (let i = 0; i < n; i += 8) {
        let b = 0;
        for (let j = 0; j < 8 && i + j < n; j++) b |= (run === MIXED ? (idx[i + j] as number) : run) << j;
        body.u8(b);
      }
    } else body.bytes(this.#values.written());
    if (encoding === ENCODING_PLAIN) this.#plainPages = true;
    const raw = body.written();
    const compressed = this.#codec.compress(raw);
    const header = new ThriftWriter()
      .i32(1, PAGE_DATA)
      .i32(2, raw.length)
      .i32(3, compressed.length)
      .struct(5, (w) => w.i32(1, levels).i32(2, encoding).i32(3, ENCODING_RLE).i32(4, ENCODING_RLE))
      .end();
    const page = this.#keep(header, compressed);
    this.#pages.push(page);
    this.#pagesBytes += page.length;
    this.#pagesHeld += page.buffer.byteLength;
    this.#uncompressed += header.length + raw.length;
    this.#numValues += levels;
    this.#levels = 0;
    this.#count = 0;
    // A page held as runs starts as one again; one with arrays keeps them (the column is seldom constant).
    if (this.#defRun !== MIXED) this.#defRun = EMPTY;
    if (this.#repRun !== MIXED && maxRep > 0) this.#repRun = EMPTY;
    if (this.#idxRun !== MIXED) this.#idxRun = EMPTY;
    this.#values.clear();
    this.#account();
  }

  /**
   * A page as the file writes it, header and data in one buffer from the pool: zlib's result is left young
   * (the collector frees it at once), and the page's buffer goes back to the pool once written.
   */
  #keep(header: Uint8Array, data: Uint8Array): Uint8Array {
    const n = header.length + data.length;
    const page = new Uint8Array(this.#pool.take(n), 0, n);
    page.set(header);
    page.set(data, header.length);
    return page;
  }

  /** Values (levels) written to this chunk so far, open page included. */
  get levels(): number {
    return this.#numValues + this.#levels;
  }

  /**
   * Closes the chunk: the open page is flushed, the dictionary page goes first. The column starts a new
   * chunk (and gives back the memory of its page buffers).
   */
  finishChunk(): ColumnChunkData {
    this.#flushPage();
    const buffers: Uint8Array[] = [];
    let dictionaryBytes = 0;
    let uncompressed = this.#uncompressed;
    const encodings = new Set<number>([ENCODING_RLE]);
    if (this.#plainPages) encodings.add(ENCODING_PLAIN);
    if (this.#dictSize > 0) {
      const raw = this.#dictValues.written();
      const compressed = this.#codec.compress(raw);
      const header = new ThriftWriter()
        .i32(1, PAGE_DICTIONARY)
        .i32(2, raw.length)
        .i32(3, compressed.length)
        .struct(7, (w) => w.i32(1, this.#dictSize).i32(2, ENCODING_PLAIN))
        .end();
      const page = this.#keep(header, compressed);
      buffers.push(page);
      dictionaryBytes = page.length;
      uncompressed += header.length + raw.length;
      encodings.add(ENCODING_PLAIN);
      encodings.add(ENCODING_RLE_DICTIONARY);
    }
    for (const p of this.#pages) buffers.push(p);
    const chunk: ColumnChunkData = {
      buffers,
      numValues: this.#numValues,
      uncompressed,
      compressed: dictionaryBytes + this.#pagesBytes,
      dictionaryBytes,
      encodings: [...encodings].sort((a, b) => a - b),
      nullCount: this.#nulls,
      ...this.#stats(),
    };
    // Give back the page buffers: a file that gets no more rows for a while should hold nothing.
    this.#shrink();
    this.#dictValues.release();
    this.#dictValues = new Bytes(256, this.#pool);
    this.#startChunk();
    this.#account();
    return chunk;
  }

  /** Gives the open page's arrays back (the page is empty): levels and indices are runs again. */
  #shrink(): void {
    this.#dropArrays();
    this.#values.release();
    this.#values = new Bytes(INITIAL_VALUE_BYTES, this.#pool);
  }

  #dropArrays(): void {
    this.#give(this.#def);
    this.#give(this.#rep);
    this.#give(this.#idx);
    this.#def = NO_LEVELS;
    this.#rep = NO_LEVELS;
    this.#idx = NO_INDICES;
    this.#idxLimit = 255;
    this.#defRun = EMPTY;
    this.#repRun = this.spec.maxRep > 0 ? EMPTY : 0;
    this.#idxRun = EMPTY;
  }

  /** Bytes of the open page's buffers (their capacity), which `compact` gives back. */
  get openBytes(): number {
    return this.#def.byteLength + this.#rep.byteLength + this.#idx.byteLength + this.#values.buf.byteLength;
  }

  /**
   * Closes the open page early (compressed, it is a fraction of its buffers) and gives the buffers back,
   * without ending the chunk: how the writer keeps within its budget before it cuts a row group short.
   * An open page below OPEN_PAGE_MIN_BYTES is left to fill: it would give back little, and a page of a few
   * bytes costs a compression call all the same.
   */
  compact(): void {
    if (this.openBytes < OPEN_PAGE_MIN_BYTES) return;
    this.#flushPage();
    this.#shrink();
    this.#account();
  }

  #stats(): { min?: Uint8Array; max?: Uint8Array } {
    if (this.#noStats || this.#min > this.#max) return {};
    const enc = (v: number) => {
      const b = new Bytes(8);
      if (this.spec.type === 'INT32') b.int32(v);
      else if (this.spec.type === 'INT64') b.int64(v);
      else b.double(v);
      return b.copy();
    };
    return { min: enc(this.#min), max: enc(this.#max) };
  }

  /** Gives back all memory (the file is done or aborted). */
  release(): void {
    for (const page of this.#pages) this.#pool.give(page.buffer as ArrayBuffer);
    this.#pages = [];
    this.#pagesBytes = 0;
    this.#pagesHeld = 0;
    this.#dropArrays();
    this.#values.release();
    this.#dictValues.release();
    this.#dict = undefined;
    this.#account();
  }
}

/** Room for `n` values and more: the smallest power of two above `n`, at least INITIAL_LEVELS. */
function capacityFor(n: number): number {
  let cap = INITIAL_LEVELS;
  while (cap <= n) cap *= 2;
  return cap;
}

/**
 * Levels of a V1 data page: 4-byte length, then the RLE / bit-packed hybrid of `levels`, or of `count`
 * times `run` when the page holds them as a run.
 */
function levelsInto(out: Bytes, levels: Uint8Array, run: number, count: number, width: number): void {
  out.reserve(4);
  const at = out.length;
  out.length += 4;
  if (run === MIXED) writeHybrid(out, levels, count, width);
  else writeRun(out, run, count, width);
  out.view.setUint32(at, out.length - at - 4, true);
}
