/**
 * JSON written straight into bytes, for plugins whose events have one known shape: the encoder a
 * translator offers (`Translator.encodeJson`) writes precomputed constant fragments (`"class_uid":4001,`)
 * and the event's values through `JsonBytes`, whose output is byte for byte what `JSON.stringify` of the
 * same values gives, UTF-8 encoded. Strings that are printable ASCII (nearly every value in AWS logs)
 * are copied code unit by code unit; anything else (a quote, a backslash, a control character, any
 * non-ASCII character, a lone surrogate) goes through `JSON.stringify` for that one string. Integers are
 * written digit by digit; every other number through `JSON.stringify`.
 *
 * Measured in-process on 100k VPC events (2026-12-01): 3.2 µs an event against 5.1 µs for
 * `JSON.stringify` + `Buffer#write`.
 */
import type { OcsfEvent } from '../plugin/types.js';

/**
 * Writes one event as JSON into `out` and returns true, or returns false without writing for an event
 * it does not know how to encode (the writer then uses `JSON.stringify`). What it writes must be exactly
 * the UTF-8 of `JSON.stringify(event)`. Called as a plain function (no `this`).
 */
export type JsonEncoder = (event: OcsfEvent, out: JsonBytes) => boolean;

/** The UTF-8 bytes of a constant piece of JSON, made once (`jsonFragment('"class_uid":4001')`). */
export function jsonFragment(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
const FIRST_NON_ASCII = 128;
/** JSON.stringify of one UTF-16 code unit takes at most 6 bytes (`\u001f`, or `\ud800` for a lone surrogate). */
const MAX_JSON_BYTES_PER_UNIT = 6;

const MAX_UINT32 = 4294967295;
const POWERS_OF_TEN: readonly number[] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
/** "00" … "99" as ASCII bytes: two digits per division. */
const DIGIT_PAIRS: Uint8Array = (() => {
  const pairs = new Uint8Array(200);
  for (let i = 0; i < 100; i++) {
    pairs[i * 2] = 48 + Math.floor(i / 10);
    pairs[i * 2 + 1] = 48 + (i % 10);
  }
  return pairs;
})();

/** A growable byte buffer with JSON primitives. `buffer` may be replaced by a larger one while writing. */
export class JsonBytes {
  buffer: Buffer;
  /** Bytes written so far. */
  length = 0;

  constructor(buffer: Buffer) {
    this.buffer = buffer;
  }

  /** Makes room for `bytes` more bytes (a larger buffer holding what was written, when needed). */
  reserve(bytes: number): void {
    const need = this.length + bytes;
    if (need <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }

  /** Appends precomputed bytes (a `jsonFragment`). */
  raw(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends one byte (an ASCII `,`, `]`, `}`, `\n`). */
  byte(value: number): void {
    if (this.length >= this.buffer.length) this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** Appends text as UTF-8, as it is (already JSON, or a separator). */
  text(text: string): void {
    if (this.length + text.length * 3 > this.buffer.length) this.reserve(text.length * 3);
    this.length += this.buffer.write(text, this.length);
  }

  /** Appends a string as JSON.stringify writes it, quotes included. */
  string(value: string): void {
    const n = value.length;
    if (this.length + n + 2 > this.buffer.length) this.reserve(n + 2);
    const buf = this.buffer;
    let at = this.length;
    buf[at++] = QUOTE;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c < SPACE || c === QUOTE || c === BACKSLASH || c >= FIRST_NON_ASCII) {
        this.#slowString(value);
        return;
      }
      buf[at++] = c;
    }
    buf[at++] = QUOTE;
    this.length = at;
  }

  #slowString(value: string): void {
    this.reserve(value.length * MAX_JSON_BYTES_PER_UNIT + 2);
    this.length += this.buffer.write(JSON.stringify(value), this.length);
  }

  /** Appends a number as JSON.stringify writes it (`null` for NaN and ±Infinity, `0` for -0). */
  number(value: number): void {
    if (value >= 0 && value <= MAX_UINT32 && value >>> 0 === value) {
      this.#uint32(value);
      return;
    }
    if (value > MAX_UINT32 && value <= Number.MAX_SAFE_INTEGER && Number.isInteger(value)) {
      // Epoch milliseconds and byte counts: the digits above the last nine, then those nine padded.
      const high = Math.floor(value / 1e9);
      this.#uint32(high);
      this.#padded9(value - high * 1e9);
      return;
    }
    this.text(JSON.stringify(value));
  }

  /** An unsigned 32-bit integer (`-0` is 0, as JSON.stringify writes it). */
  #uint32(value: number): void {
    let v = value >>> 0;
    let digits = 1;
    while (digits < 10 && v >= POWERS_OF_TEN[digits]!) digits++;
    if (this.length + digits > this.buffer.length) this.reserve(digits);
    const buf = this.buffer;
    let at = this.length + digits;
    this.length = at;
    while (v >= 100) {
      const q = (v / 100) >>> 0;
      const pair = (v - q * 100) * 2;
      buf[--at] = DIGIT_PAIRS[pair + 1]!;
      buf[--at] = DIGIT_PAIRS[pair]!;
      v = q;
    }
    if (v >= 10) {
      buf[--at] = DIGIT_PAIRS[v * 2 + 1]!;
      buf[--at] = DIGIT_PAIRS[v * 2]!;
    } else {
      buf[--at] = 48 + v;
    }
  }

  /** 0 ≤ value < 10^9 as exactly nine digits. */
  #padded9(value: number): void {
    if (this.length + 9 > this.buffer.length) this.reserve(9);
    const buf = this.buffer;
    let at = this.length + 9;
    this.length = at;
    let v = value >>> 0;
    for (let i = 0; i < 4; i++) {
      const q = (v / 100) >>> 0;
      const pair = (v - q * 100) * 2;
      buf[--at] = DIGIT_PAIRS[pair + 1]!;
      buf[--at] = DIGIT_PAIRS[pair]!;
      v = q;
    }
    buf[--at] = 48 + v;
  }

  /** Appends any JSON value through JSON.stringify (`undefined`, a function or a symbol: not allowed here). */
  value(value: unknown): void {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('JsonBytes.value: the value has no JSON form');
    this.text(json);
  }
}
