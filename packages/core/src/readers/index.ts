import { open, stat } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';
import type { InputFormat, InputSample, RawRecord } from '../plugin/types.js';
import { readJson } from './json.js';
import { DEFAULT_MAX_LINE_LENGTH, splitLines } from './lines.js';
import { sniffFormat } from './sniff.js';
import { type ByteSource, HEAD_BYTES, openByteSource, readError } from './source.js';
import { readText } from './text.js';
import { decodeUtf8 } from './text-decode.js';
import { InputError, type ReaderItem, type ReadOptions } from './types.js';

// The CSV and Parquet readers (csv-parse, hyparquet) are imported when an input of that format is opened:
// a run over text or JSON does not pay for loading them.
type ParquetReader = typeof import('./parquet.js');
const loadParquet = (): Promise<ParquetReader> => import('./parquet.js');

export { looksLikeHeader, splitFields } from './fields.js';
export { JSON_DOCUMENT_LIMIT } from './json.js';
export { jsonFromParquetRow } from './parquet-json.js';
export { InputError, type ReaderIssue, type ReaderItem, type ReadOptions } from './types.js';

/** One opened input: its detected format, a sample for auto-detection, and its records in batches. */
export interface OpenedInput {
  /** The path as given; `<stdin>` for `-`. */
  readonly file: string;
  /** `options.format` when given, else sniffed from the content. */
  readonly format: InputFormat;
  /** Whether the input is gzip (by magic bytes, whatever its name). */
  readonly gzip: boolean;
  /** The decompressed head (≤ 64 KiB; '' for Parquet) and the first ≤ 20 records. */
  sample(): Promise<InputSample>;
  /** Batches of records and reader issues, in order, from the start of the input. Call once. */
  records(options?: ReadOptions): AsyncIterable<ReaderItem[]>;
  /** Raw (compressed) bytes consumed so far. */
  bytesRead(): number;
  close(): Promise<void>;
}

const SAMPLE_RECORDS = 20;

/**
 * Opens a file (or stdin for `-`) for reading. Throws InputError when the input cannot be opened;
 * errors met later (truncated gzip, corrupt data) are thrown by `records()` after the records read
 * before them.
 */
export async function openInput(
  file: string,
  options: ReadOptions & { stdin?: NodeJS.ReadableStream } = {},
): Promise<OpenedInput> {
  const isStdin = file === '-';
  const name = isStdin ? '<stdin>' : file;
  let size = 0;
  if (!isStdin) {
    try {
      const info = await stat(file);
      if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = info.size;
    } catch (err) {
      throw readError(err, name);
    }
  }
  const source = await openByteSource(
    name,
    isStdin ? null : file,
    isStdin ? (options.stdin ?? process.stdin) : undefined,
  );
  const head = headText(source);
  const format: InputFormat = options.format ?? (source.parquetMagic ? 'parquet' : sniffFormat(head.text));
  refuseUtf16(name, format, head.bytes, source);

  if (format === 'parquet') {
    // A plain Parquet file is read by byte ranges; stdin or gzip has to be held in memory first.
    const as = options.parquet === 'json' ? 'json' : 'row';
    if (!isStdin && !source.gzip) {
      source.close();
      return openParquetFile(file, name, size, as);
    }
    return openParquetBuffered(name, source, as);
  }
  return streamInput(name, format, source, head, options);
}

/**
 * Opens a byte stream that is not a file (an S3 object body, a network response) under `name`, the name
 * messages and reject locations use (e.g. `s3://bucket/key`). Gzip and the format are detected by content
 * as for files; Parquet is held in memory to be read. The stream is not destroyed by `close()`: it is the
 * caller's.
 */
export async function openStream(
  name: string,
  stream: NodeJS.ReadableStream,
  options: ReadOptions = {},
): Promise<OpenedInput> {
  const source = await openByteSource(name, null, stream);
  const head = headText(source);
  const format: InputFormat = options.format ?? (source.parquetMagic ? 'parquet' : sniffFormat(head.text));
  refuseUtf16(name, format, head.bytes, source);
  if (format === 'parquet') return openParquetBuffered(name, source, options.parquet === 'json' ? 'json' : 'row');
  return streamInput(name, format, source, head, options);
}

/**
 * Text that starts with a UTF-16 byte order mark (`FF FE` little-endian, `FE FF` big-endian; Windows tools
 * such as PowerShell's `>` write it) is not UTF-8: read as UTF-8, every line would be a reject for a reason
 * that is not the cause. The input is refused with what to do instead (`input/utf16`).
 */
function refuseUtf16(name: string, format: InputFormat, head: Buffer, source: ByteSource): void {
  if (format === 'parquet' || head.length < 2) return;
  const mark = head[0] === 0xff && head[1] === 0xfe ? 'FF FE' : head[0] === 0xfe && head[1] === 0xff ? 'FE FF' : '';
  if (mark === '') return;
  source.close();
  const convert =
    name === '<stdin>'
      ? 'pipe it through iconv -f UTF-16 -t UTF-8'
      : `iconv -f UTF-16 -t UTF-8 ${name} > ${name}.utf8, then read that file`;
  throw new InputError(
    'input/utf16',
    name,
    `${name}: UTF-16 input (it starts with the byte order mark ${mark}); ocsfx reads UTF-8. Convert it to UTF-8: ${convert}.`,
  );
}

function headText(source: ByteSource): { text: string; bytes: Buffer } {
  const bytes =
    source.headChunks.length === 1 ? (source.headChunks[0] as Buffer) : Buffer.concat(source.headChunks as Buffer[]);
  const cut = bytes.length > HEAD_BYTES ? bytes.subarray(0, HEAD_BYTES) : bytes;
  // Drop a UTF-8 character cut in half at the end, and a byte order mark at the start (for sniffing).
  return {
    bytes: cut,
    text: cut
      .toString('utf8')
      .replace(/\uFFFD$/, '')
      .replace(/^\uFEFF/, ''),
  };
}

function streamInput(
  file: string,
  format: Exclude<InputFormat, 'parquet'>,
  source: ByteSource,
  head: { text: string; bytes: Buffer },
  openOptions: ReadOptions,
): OpenedInput {
  let closed = false;
  const read = (
    chunks: AsyncIterable<Buffer>,
    options: ReadOptions,
    partial: boolean,
  ): AsyncGenerator<ReaderItem[]> => {
    const maxLineLength = options.maxLineLength ?? openOptions.maxLineLength;
    switch (format) {
      case 'csv':
        return readCsvLazily(chunks, file, maxLineLength ?? DEFAULT_MAX_LINE_LENGTH);
      case 'json':
        return readJson(decodeUtf8(chunks), file, { partial, maxValueLength: maxLineLength });
      default:
        return readText(
          splitLines(chunks, maxLineLength ?? DEFAULT_MAX_LINE_LENGTH),
          file,
          options.text ?? openOptions.text,
          options.textRows === 'lines',
        );
    }
  };
  return {
    file,
    format,
    gzip: source.gzip,
    async sample() {
      // Parse only the head; when the input goes on, cut text formats at the last complete line.
      let bytes = head.bytes;
      if (!source.complete && format !== 'json') {
        const nl = bytes.lastIndexOf(10);
        bytes = nl === -1 ? bytes.subarray(0, 0) : bytes.subarray(0, nl + 1);
      }
      const records = await firstRecords(read(once(bytes), openOptions, !source.complete));
      return { file, format, head: head.text, records };
    },
    async *records(options?: ReadOptions) {
      try {
        yield* read(source.chunks(), options ?? openOptions, false);
      } catch (err) {
        throw closed ? err : readError(err, file, source.bytesRead());
      } finally {
        source.close();
      }
    },
    bytesRead: () => source.bytesRead(),
    async close() {
      closed = true;
      source.close();
    },
  };
}

async function* readCsvLazily(
  chunks: AsyncIterable<Buffer>,
  file: string,
  maxLineLength: number,
): AsyncGenerator<ReaderItem[]> {
  const { readCsv } = await import('./csv.js');
  yield* readCsv(chunks, file, maxLineLength);
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  if (bytes.length > 0) yield bytes;
}

async function firstRecords(batches: AsyncIterable<ReaderItem[]>): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  try {
    for await (const batch of batches) {
      for (const item of batch) {
        if (item.kind === 'issue') continue;
        records.push(item);
        if (records.length >= SAMPLE_RECORDS) return records;
      }
    }
  } catch {
    // A sample is best effort: the same error will be raised by records().
  }
  return records;
}

async function openParquetFile(path: string, file: string, size: number, as: 'row' | 'json'): Promise<OpenedInput> {
  const reader = await loadParquet();
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw readError(err, file);
  }
  const counter = { bytes: 0 };
  const buffer = reader.fileAsyncBuffer(handle, size, counter);
  return parquetInput(
    reader,
    file,
    false,
    buffer,
    () => counter.bytes,
    () => handle.close(),
    as,
  );
}

async function openParquetBuffered(file: string, source: ByteSource, as: 'row' | 'json'): Promise<OpenedInput> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of source.chunks()) chunks.push(chunk);
  } finally {
    source.close();
  }
  const all = Buffer.concat(chunks);
  const buffer: AsyncBuffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  return parquetInput(
    await loadParquet(),
    file,
    source.gzip,
    buffer,
    () => source.bytesRead(),
    async () => {},
    as,
  );
}

function parquetInput(
  { readParquet }: ParquetReader,
  file: string,
  gzip: boolean,
  buffer: AsyncBuffer,
  bytesRead: () => number,
  close: () => Promise<void>,
  as: 'row' | 'json',
): OpenedInput {
  let closed = false;
  const closeOnce = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await close();
  };
  return {
    file,
    format: 'parquet',
    gzip,
    async sample() {
      const records = await firstRecords(readParquet(buffer, file, SAMPLE_RECORDS, as));
      return { file, format: 'parquet', head: '', records };
    },
    async *records() {
      try {
        yield* readParquet(buffer, file, Number.POSITIVE_INFINITY, as);
      } catch (err) {
        throw err instanceof InputError ? err : readError(err, file);
      } finally {
        await closeOnce();
      }
    },
    bytesRead,
    close: closeOnce,
  };
}
