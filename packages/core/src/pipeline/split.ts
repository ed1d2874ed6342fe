/**
 * One large input over several threads: this thread reads the input (inflates, splits, parses its
 * records) and hands batches of records to workers, which translate them and serialise the events to
 * JSON lines; the batches' bytes are written here in input order, so the output, the rejects and the
 * stats are the same as a sequential `translateInput` gives.
 */

import type { RowRecord, Translator } from '../plugin/types.js';
import { splitFields } from '../readers/fields.js';
import type { OpenedInput } from '../readers/index.js';
import { BATCH_SIZE } from '../readers/lines.js';
import type { ReaderItem, ReadOptions } from '../readers/types.js';
import { JsonBytes, type JsonEncoder } from '../writers/json-bytes.js';
import type { EventWriter } from '../writers/json-writers.js';
import type { EventCheck } from './claimants.js';
import type { RejectEntry, RejectsWriter } from './rejects.js';
import { writeReject } from './rejects.js';
import { Stats, type StatsSnapshot } from './stats.js';
import { translateInput } from './translate-input.js';

/** Written batches' buffers kept for reuse: as many as are in flight, and one more. */
const MAX_SPARES = 8;

/** Records per batch handed to a worker: large enough that the hand-over costs little per record. */
export const SPLIT_BATCH_RECORDS = 2000;

/**
 * A batch of records as it is handed to a worker. Rows of space-separated text travel as their lines
 * (one string, joined by newlines, and the line numbers): cloning one string costs a copy, cloning a
 * record object per line costs more than translating it. The worker splits them again with the
 * reader's own `splitFields`. Every other item (reader issues, JSON records, Parquet rows) travels as
 * it is, at its position.
 */
export interface SplitBatch {
  file: string;
  /** Items in the batch. */
  count: number;
  /** The text rows' header (shared by every row of the file). */
  columns: readonly string[] | null;
  /** The text rows' lines, joined by `\n`. */
  text: string;
  /** The text rows' line numbers. */
  lines: number[];
  /** Other items, and their positions in the batch (ascending). */
  items: ReaderItem[];
  positions: number[];
  /**
   * The bytes of an earlier batch, written to the output: the worker encodes into this buffer when it is
   * large enough (transferred both ways, so no batch allocates and frees megabytes).
   */
  spare?: ArrayBuffer;
}

/** What a worker gives back for one batch. */
export interface SplitBatchResult {
  /** The batch's events as JSON lines (`JSON.stringify(event)` + `\n` each), UTF-8. */
  bytes: Uint8Array;
  /** The batch's rejects, in record order. */
  rejects: RejectEntry[];
  /** The batch's counts (files and bytes read are counted by the reading thread). */
  stats: StatsSnapshot;
}

/** A writer that takes JSON lines already encoded (the JSONL writer does). */
export interface EncodedJsonlWriter {
  writeEncoded(bytes: Uint8Array, written?: () => void): Promise<void> | undefined;
}

export interface TranslateInputSplitOptions {
  input: OpenedInput;
  /** Translates one batch somewhere else (a worker thread) and resolves with its result. */
  run: (batch: SplitBatch) => Promise<SplitBatchResult>;
  writer: EncodedJsonlWriter;
  rejects?: RejectsWriter;
  readOptions?: ReadOptions;
  /** Batches handed out and not yet written, at most (default 4). */
  inFlight?: number;
  /** Records per batch (default SPLIT_BATCH_RECORDS). */
  batchRecords?: number;
}

/**
 * Like `translateInput`, with the translation done by `run` (in workers), several batches at a time.
 * An InputError met while reading propagates after every batch before it is written and counted.
 */
export async function translateInputSplit(options: TranslateInputSplitOptions, stats = new Stats()): Promise<Stats> {
  const { input, run, writer, rejects } = options;
  const inFlight = Math.max(1, options.inFlight ?? 4);
  const batchRecords = Math.max(1, options.batchRecords ?? SPLIT_BATCH_RECORDS);
  const pending: Promise<SplitBatchResult>[] = [];
  stats.files++;

  // Buffers whose bytes are in the output file, for the next batches to fill again.
  const spares: ArrayBuffer[] = [];
  const writeOldest = async () => {
    const result = await (pending.shift() as Promise<SplitBatchResult>);
    stats.merge(result.stats);
    if (result.bytes.length > 0) {
      const buffer = result.bytes.buffer;
      const p = writer.writeEncoded(result.bytes, () => {
        if (buffer instanceof ArrayBuffer && spares.length < MAX_SPARES) spares.push(buffer);
      });
      if (p) await p;
    }
    if (rejects) {
      for (const entry of result.rejects) {
        const p = writeReject(rejects, entry);
        if (p) await p;
      }
    }
  };

  // Text rows are packed as their lines when they are exactly what the text reader makes of a line.
  const packText = input.format === 'text';
  // The workers split the lines again: this thread reads text rows as lines only.
  const linesOnly = packText;
  const readOptions: ReadOptions = linesOnly
    ? { ...options.readOptions, textRows: 'lines' }
    : { ...options.readOptions };
  let batch = newBatch(input.file, null);
  // The batch's lines, joined once when it is handed out (appending to one string made a rope per line).
  let texts: string[] = [];
  const send = () => {
    const spare = spares.pop();
    if (spare !== undefined) batch.spare = spare;
    batch.text = texts.join('\n');
    texts = [];
    pending.push(run(batch));
    batch = newBatch(input.file, null);
  };
  const add = (item: ReaderItem) => {
    if (packText && item.kind === 'row' && item.text !== undefined && isLineLocation(item, input.file)) {
      if (batch.lines.length === 0) batch.columns = item.columns;
      if (item.columns === batch.columns) {
        texts.push(item.text);
        batch.lines.push(item.location.line as number);
        batch.count++;
        return;
      }
    }
    // A row read as its line only (below) that does not travel as a line gets its fields here.
    const own =
      item.kind === 'row' && linesOnly && item.text !== undefined ? { ...item, values: splitFields(item.text) } : item;
    batch.items.push(own);
    batch.positions.push(batch.count++);
  };
  try {
    try {
      for await (const records of input.records(readOptions)) {
        for (const item of records) {
          add(item);
          if (batch.count < batchRecords) continue;
          send();
          if (pending.length >= inFlight) await writeOldest();
        }
      }
    } finally {
      // Whatever was read, up to an error, is translated, written and counted.
      if (batch.count > 0) send();
      while (pending.length > 0) await writeOldest();
    }
  } catch (err) {
    stats.failedFiles++;
    throw err;
  } finally {
    stats.bytesIn += input.bytesRead();
  }
  return stats;
}

/**
 * The worker's side: translates one batch exactly as `translateInput` does (same outcomes, checks,
 * reject entries and counts) into JSON lines.
 */
export async function translateSplitBatch(
  batch: SplitBatch,
  translator: Translator,
  check?: EventCheck,
): Promise<SplitBatchResult> {
  const { file } = batch;

  const writer = new JsonlBytes(batch.count, batch.spare);
  const rejects: RejectEntry[] = [];
  const input: OpenedInput = {
    file,
    format: 'text',
    gzip: false,
    sample: () => Promise.reject(new Error('a split batch has no sample')),
    async *records() {
      yield* unpack(batch);
    },
    bytesRead: () => 0,
    close: () => Promise.resolve(),
  };
  const stats = await translateInput(
    {
      input,
      translator,
      writer,
      check,
      rejects: {
        write(entry) {
          rejects.push(entry as unknown as RejectEntry);
          return undefined;
        },
      },
    },
    new Stats(),
  );
  const snapshot = stats.snapshot();
  snapshot.files = 0;
  return { bytes: writer.take(), rejects, stats: snapshot };
}

function newBatch(file: string, columns: readonly string[] | null): SplitBatch {
  return { file, count: 0, columns, text: '', lines: [], items: [], positions: [] };
}

function isLineLocation(row: RowRecord, file: string): boolean {
  const loc = row.location;
  return loc.file === file && loc.line !== undefined && loc.row === undefined && loc.index === undefined;
}

/**
 * The batch's items in order, text rows made again from their lines as the text reader makes them, in
 * chunks of the reader's batch size: records made all at once outlive young-generation collections
 * (the reason the readers hand out batches of 100).
 */
function* unpack(batch: SplitBatch): Generator<ReaderItem[]> {
  const { text, lines, file, columns } = batch;
  let next = 0;
  let line = 0;
  let at = 0;
  for (let start = 0; start < batch.count; start += BATCH_SIZE) {
    const end = Math.min(batch.count, start + BATCH_SIZE);
    const out: ReaderItem[] = [];
    for (let i = start; i < end; i++) {
      if (batch.positions[next] === i) {
        out.push(batch.items[next++] as ReaderItem);
        continue;
      }
      let stop = text.indexOf('\n', at);
      if (stop === -1) stop = text.length;
      const row = text.slice(at, stop);
      at = stop + 1;
      const record: RowRecord = {
        kind: 'row',
        columns,
        values: splitFields(row),
        location: { file, line: lines[line++] as number },
        text: row,
      };
      out.push(record);
    }
    yield out;
  }
}

/** Bytes the last batch's JSON took, per record: the next batch's buffer is sized from it. */
let bytesPerRecord = 2048;

/**
 * JSON lines into one byte buffer, as the JSONL writer encodes them. The buffer is sized for the whole
 * batch up front (from the previous batch) and handed over as it is: one allocation per batch, no copy.
 * Growing it and copying it out each batch made the workers spend a sixth of their time in GC.
 */
class JsonlBytes implements Pick<EventWriter, 'write'> {
  readonly #out: JsonBytes;
  readonly #records: number;

  constructor(records: number, spare: ArrayBuffer | undefined) {
    this.#records = Math.max(1, records);
    const size = Math.ceil(this.#records * bytesPerRecord * 1.25) + 4096;
    this.#out = new JsonBytes(
      spare !== undefined && spare.byteLength >= size ? Buffer.from(spare) : Buffer.allocUnsafeSlow(size),
    );
  }

  write(event: Record<string, unknown>, encode?: JsonEncoder): undefined {
    const out = this.#out;
    if (encode === undefined || !encode(event, out)) {
      const json = JSON.stringify(event);
      const room = (json.length + 1) * 3;
      // Grown buffers double: a batch that outgrows its estimate copies a few times, not per event.
      if (out.length + room > out.buffer.length) out.reserve(Math.max(room, out.buffer.length));
      out.text(json);
    }
    out.byte(10);
    return undefined;
  }

  /** The bytes written: a view of a buffer of their own (transferable; the spare room goes with it). */
  take(): Uint8Array {
    const out = this.#out;
    bytesPerRecord = Math.max(64, out.length / this.#records);
    return out.buffer.subarray(0, out.length);
  }
}
