import { Bytes } from './bytes.js';

/** Thrift compact protocol type ids (the ones Parquet's metadata uses). */
const TRUE = 1;
const FALSE = 2;
const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

/**
 * Writes Thrift compact-protocol structs (Parquet's page headers and file footer) field by field. Fields
 * must come in increasing id order within a struct, as the protocol's field deltas need.
 */
export class ThriftWriter {
  readonly out: Bytes;
  #last = 0;
  readonly #stack: number[] = [];

  constructor(out: Bytes = new Bytes(256)) {
    this.out = out;
  }

  #field(id: number, type: number): void {
    const delta = id - this.#last;
    if (delta > 0 && delta <= 15) this.out.u8((delta << 4) | type);
    else {
      this.out.u8(type);
      this.out.varint(zigzag(id));
    }
    this.#last = id;
  }

  i32(id: number, v: number): this {
    this.#field(id, I32);
    this.out.varint(zigzag(v));
    return this;
  }

  /** An i64 from a safe integer. */
  i64(id: number, v: number): this {
    this.#field(id, I64);
    this.out.varint(zigzag(v));
    return this;
  }

  bool(id: number, v: boolean): this {
    this.#field(id, v ? TRUE : FALSE);
    return this;
  }

  binary(id: number, v: string | Uint8Array): this {
    this.#field(id, BINARY);
    this.#binary(v);
    return this;
  }

  #binary(v: string | Uint8Array): void {
    if (typeof v === 'string') {
      // Length first: the UTF-8 size of the metadata strings (names, keys) is written after measuring.
      const bytes = new TextEncoder().encode(v);
      this.out.varint(bytes.length);
      this.out.bytes(bytes);
    } else {
      this.out.varint(v.length);
      this.out.bytes(v);
    }
  }

  struct(id: number, body: (w: this) => void): this {
    this.#field(id, STRUCT);
    this.#inStruct(body);
    return this;
  }

  #inStruct(body: (w: this) => void): void {
    this.#stack.push(this.#last);
    this.#last = 0;
    body(this);
    this.out.u8(0);
    this.#last = this.#stack.pop() as number;
  }

  #listHeader(id: number, size: number, type: number): void {
    this.#field(id, LIST);
    if (size < 15) this.out.u8((size << 4) | type);
    else {
      this.out.u8(0xf0 | type);
      this.out.varint(size);
    }
  }

  listI32(id: number, values: readonly number[]): this {
    this.#listHeader(id, values.length, I32);
    for (const v of values) this.out.varint(zigzag(v));
    return this;
  }

  listBinary(id: number, values: readonly string[]): this {
    this.#listHeader(id, values.length, BINARY);
    for (const v of values) this.#binary(v);
    return this;
  }

  listStruct<T>(id: number, items: readonly T[], body: (w: this, item: T, index: number) => void): this {
    this.#listHeader(id, items.length, STRUCT);
    for (let i = 0; i < items.length; i++) this.#inStruct((w) => body(w, items[i] as T, i));
    return this;
  }

  /** Ends the outermost struct (a page header or the file metadata). */
  end(): Uint8Array {
    this.out.u8(0);
    return this.out.copy();
  }
}
