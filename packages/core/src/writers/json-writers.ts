import type { OcsfEvent } from '../plugin/types.js';
import { JsonBytes, type JsonEncoder, jsonFragment } from './json-bytes.js';
import { openSink, type SinkTarget, type TextSink } from './sink.js';

/** Receives OCSF events (or any JSON value) in order. */
export interface EventWriter {
  /**
   * Returns a promise only when the caller must wait (back-pressure). `encode`, the translator's
   * `encodeJson` when it offers one, is what a JSON writer may use instead of `JSON.stringify`.
   */
  write(event: OcsfEvent, encode?: JsonEncoder): Promise<void> | undefined;
  /** Flushes and commits the output. */
  close(): Promise<void>;
  /** Discards the output (a file output leaves nothing behind). */
  abort(): Promise<void>;
  readonly target: string;
}

/** Bytes buffered before a write to the sink; large enough to amortise stream overhead. */
const FLUSH_AT = 256 * 1024;
/** A UTF-16 code unit never takes more than 3 bytes in UTF-8. */
const MAX_UTF8_PER_UNIT = 3;
/** Room an encoder gets before the buffer is handed over (it grows the buffer for a larger event). */
const ENCODE_ROOM = 16 * 1024;
/** Written buffers kept for reuse: as many as the file stream queues (1 MiB) plus the one being filled. */
const MAX_SPARE = 5;

/** A JSONL writer also takes events already encoded as JSON lines (from worker threads). */
export interface JsonlWriter extends EventWriter {
  /**
   * Appends bytes that are whole JSON lines, each ending in `\n`, after the events written so far.
   * `written` is called once a file has them (their buffer may then be reused); other outputs never call it.
   */
  writeEncoded(bytes: Uint8Array, written?: () => void): Promise<void> | undefined;
}

/** One JSON document per line. */
export async function createJsonlWriter(target: SinkTarget): Promise<JsonlWriter> {
  return new BufferedJsonWriter(await openSink(target), '', '\n', '');
}

/** A single JSON array, one event per line inside it. */
export async function createJsonArrayWriter(target: SinkTarget): Promise<EventWriter> {
  return new BufferedJsonWriter(await openSink(target), '[\n', ',\n', '\n]\n', true);
}

/**
 * Encodes each event's JSON straight into a byte buffer and hands full buffers to the sink. Profiles
 * showed `parts.join('')` of the buffered strings plus the UTF-8 conversion of the joined text costing
 * more than JSON.stringify itself; `Buffer#write` per event does both in one pass. An event whose
 * translator offers a `JsonEncoder` is written by it, without the intermediate string.
 */
class BufferedJsonWriter implements JsonlWriter {
  readonly #out = new JsonBytes(Buffer.allocUnsafe(FLUSH_AT));
  /**
   * Buffers the sink has written, reused for the next events. A fresh 256 KiB buffer per flush left
   * megabytes of dead buffers between major GCs, and peak RSS grew with the length of a run.
   */
  readonly #spare: Buffer[] = [];
  #count = 0;
  readonly #sink: TextSink;
  readonly #sep: string;
  readonly #sepBytes: Uint8Array;
  readonly #close: string;
  readonly #leadingSep: boolean;

  constructor(sink: TextSink, open: string, sep: string, close: string, leadingSep = false) {
    this.#sink = sink;
    this.#sep = sep;
    this.#sepBytes = jsonFragment(sep);
    this.#close = close;
    this.#leadingSep = leadingSep;
    if (open) this.#out.text(open);
  }

  get target() {
    return this.#sink.target;
  }

  write(event: OcsfEvent, encode?: JsonEncoder): Promise<void> | undefined {
    const out = this.#out;
    let flushed: Promise<void> | undefined;
    if (encode !== undefined) {
      // Hand over what is buffered once it is nearly full; an event larger than the rest grows the buffer.
      if (out.length > FLUSH_AT - ENCODE_ROOM) flushed = this.#flush();
      const start = out.length;
      if (this.#leadingSep && this.#count > 0) out.raw(this.#sepBytes);
      if (encode(event, out)) {
        if (!this.#leadingSep) out.raw(this.#sepBytes);
        this.#count++;
        return flushed;
      }
      // Not an event the encoder knows: nothing of it stays, JSON.stringify writes it.
      out.length = start;
    }
    const json = JSON.stringify(event);
    // Hand over what is buffered when this event might not fit; the caller waits on the result.
    if (out.length + (json.length + this.#sep.length) * MAX_UTF8_PER_UNIT > out.buffer.length) {
      const more = this.#flush();
      flushed = flushed && more ? Promise.all([flushed, more]).then(() => undefined) : (flushed ?? more);
    }
    if (this.#leadingSep) {
      // JSON array: separator goes before every element but the first.
      if (this.#count > 0) out.raw(this.#sepBytes);
      out.text(json);
    } else {
      out.text(json);
      out.raw(this.#sepBytes);
    }
    this.#count++;
    return flushed;
  }

  writeEncoded(bytes: Uint8Array, onWritten?: () => void): Promise<void> | undefined {
    if (this.#leadingSep) throw new Error('encoded events can only be appended to JSON lines');
    const flushed = this.#flush();
    // The bytes are the caller's to give away (the sink may hold them until written).
    const written = this.#sink.write(bytes, onWritten);
    this.#count++;
    if (flushed && written) return Promise.all([flushed, written]).then(() => undefined);
    return flushed ?? written;
  }

  async close(): Promise<void> {
    if (this.#leadingSep && this.#count === 0) {
      // "[\n" + "\n]\n" would be valid too, but an empty array reads better on one line.
      this.#out.length = 0;
      this.#out.text('[]\n');
    } else if (this.#close) {
      this.#out.text(this.#close);
    }
    await this.#flush();
    await this.#sink.commit();
  }

  abort(): Promise<void> {
    this.#out.length = 0;
    return this.#sink.abort();
  }

  #flush(): Promise<void> | undefined {
    const out = this.#out;
    if (out.length === 0) return undefined;
    // The stream keeps the bytes it is given until it has written them: the next events go into another
    // buffer, and this one comes back to the spares once written.
    const full = out.buffer;
    const bytes = full.subarray(0, out.length);
    out.buffer = this.#spare.pop() ?? Buffer.allocUnsafe(FLUSH_AT);
    out.length = 0;
    return this.#sink.write(bytes, () => {
      if (full.length === FLUSH_AT && this.#spare.length < MAX_SPARE) this.#spare.push(full);
    });
  }
}
