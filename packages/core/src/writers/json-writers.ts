import type { OcsfEvent } from '../plugin/types.js';
import { openSink, type SinkTarget, type TextSink } from './sink.js';

/** Receives OCSF events (or any JSON value) in order. */
export interface EventWriter {
  /** Returns a promise only when the caller must wait (back-pressure). */
  write(event: OcsfEvent): Promise<void> | undefined;
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
/** Written buffers kept for reuse: as many as the file stream queues (1 MiB) plus the one being filled. */
const MAX_SPARE = 5;

/** A JSONL writer also takes events already encoded as JSON lines (from worker threads). */
export interface JsonlWriter extends EventWriter {
  /** Appends bytes that are whole JSON lines, each ending in `\n`, after the events written so far. */
  writeEncoded(bytes: Uint8Array): Promise<void> | undefined;
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
 * more than JSON.stringify itself; `Buffer#write` per event does both in one pass.
 */
class BufferedJsonWriter implements JsonlWriter {
  #buffer: Buffer = Buffer.allocUnsafe(FLUSH_AT);
  /**
   * Buffers the sink has written, reused for the next events. A fresh 256 KiB buffer per flush left
   * megabytes of dead buffers between major GCs, and peak RSS grew with the length of a run.
   */
  readonly #spare: Buffer[] = [];
  #used = 0;
  #count = 0;
  readonly #sink: TextSink;
  readonly #sep: string;
  readonly #close: string;
  readonly #leadingSep: boolean;

  constructor(sink: TextSink, open: string, sep: string, close: string, leadingSep = false) {
    this.#sink = sink;
    this.#sep = sep;
    this.#close = close;
    this.#leadingSep = leadingSep;
    if (open) this.#append(open);
  }

  get target() {
    return this.#sink.target;
  }

  write(event: OcsfEvent): Promise<void> | undefined {
    const json = JSON.stringify(event);
    // Hand over what is buffered when this event might not fit; the caller waits on the result.
    const wait =
      this.#used + (json.length + this.#sep.length) * MAX_UTF8_PER_UNIT > this.#buffer.length
        ? this.#flush()
        : undefined;
    if (this.#leadingSep) {
      // JSON array: separator goes before every element but the first.
      if (this.#count > 0) this.#append(this.#sep);
      this.#append(json);
    } else {
      this.#append(json);
      this.#append(this.#sep);
    }
    this.#count++;
    return wait;
  }

  writeEncoded(bytes: Uint8Array): Promise<void> | undefined {
    if (this.#leadingSep) throw new Error('encoded events can only be appended to JSON lines');
    const flushed = this.#flush();
    // The bytes are the caller's to give away (the sink may hold them until written).
    const written = this.#sink.write(bytes);
    this.#count++;
    if (flushed && written) return Promise.all([flushed, written]).then(() => undefined);
    return flushed ?? written;
  }

  async close(): Promise<void> {
    if (this.#leadingSep && this.#count === 0) {
      // "[\n" + "\n]\n" would be valid too, but an empty array reads better on one line.
      this.#used = 0;
      this.#append('[]\n');
    } else if (this.#close) {
      this.#append(this.#close);
    }
    await this.#flush();
    await this.#sink.commit();
  }

  abort(): Promise<void> {
    this.#used = 0;
    return this.#sink.abort();
  }

  #append(text: string) {
    const room = this.#used + text.length * MAX_UTF8_PER_UNIT;
    if (room > this.#buffer.length) {
      // Only an event larger than the whole buffer gets here: grow this one buffer for it.
      const bigger = Buffer.allocUnsafe(room);
      this.#buffer.copy(bigger, 0, 0, this.#used);
      this.#buffer = bigger;
    }
    this.#used += this.#buffer.write(text, this.#used);
  }

  #flush(): Promise<void> | undefined {
    if (this.#used === 0) return undefined;
    // The stream keeps the bytes it is given until it has written them: the next events go into another
    // buffer, and this one comes back to the spares once written.
    const full = this.#buffer;
    const bytes = full.subarray(0, this.#used);
    this.#buffer = this.#spare.pop() ?? Buffer.allocUnsafe(FLUSH_AT);
    this.#used = 0;
    return this.#sink.write(bytes, () => {
      if (full.length === FLUSH_AT && this.#spare.length < MAX_SPARE) this.#spare.push(full);
    });
  }
}
