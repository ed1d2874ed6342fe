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

/** One JSON document per line. */
export async function createJsonlWriter(target: SinkTarget): Promise<EventWriter> {
  return new BufferedJsonWriter(await openSink(target), '', '\n', '');
}

/** A single JSON array, one event per line inside it. */
export async function createJsonArrayWriter(target: SinkTarget): Promise<EventWriter> {
  return new BufferedJsonWriter(await openSink(target), '[\n', ',\n', '\n]\n', true);
}

class BufferedJsonWriter implements EventWriter {
  #parts: string[] = [];
  #size = 0;
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
    if (open) this.#push(open);
  }

  get target() {
    return this.#sink.target;
  }

  write(event: OcsfEvent): Promise<void> | undefined {
    const json = JSON.stringify(event);
    if (this.#leadingSep) {
      // JSON array: separator goes before every element but the first.
      if (this.#count > 0) this.#push(this.#sep);
      this.#push(json);
    } else {
      this.#push(json);
      this.#push(this.#sep);
    }
    this.#count++;
    return this.#size >= FLUSH_AT ? this.#flush() : undefined;
  }

  async close(): Promise<void> {
    if (this.#leadingSep && this.#count === 0) {
      // "[\n" + "\n]\n" would be valid too, but an empty array reads better on one line.
      this.#parts = ['[]\n'];
      this.#size = 3;
    } else if (this.#close) {
      this.#push(this.#close);
    }
    await this.#flush();
    await this.#sink.commit();
  }

  abort(): Promise<void> {
    this.#parts = [];
    return this.#sink.abort();
  }

  #push(text: string) {
    this.#parts.push(text);
    this.#size += text.length;
  }

  #flush(): Promise<void> | undefined {
    if (this.#parts.length === 0) return undefined;
    const text = this.#parts.join('');
    this.#parts = [];
    this.#size = 0;
    return this.#sink.write(text);
  }
}
