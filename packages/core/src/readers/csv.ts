import { CsvError, parse } from 'csv-parse';
import type { RowRecord } from '../plugin/types.js';
import { invalidUtf8Issue, snippet } from './issues.js';
import { Utf8Check } from './text-decode.js';
import { InputError, type ReaderItem } from './types.js';

interface ParsedRecord {
  record: string[];
  line: number;
  /** Byte offsets of the record in the input: [start, end). */
  start: number;
  end: number;
}

/** Bytes of a character the previous chunk cut, checked with the next chunk (see Utf8Check). */
const CUT_CHARACTER = 3;

/**
 * CSV through csv-parse's streaming parser. The first record is the header (its fields become the
 * shared `columns`); values stay strings. Rows with another field count are rejected here rather
 * than by csv-parse, so one bad row does not end the file. Quoting errors csv-parse cannot get past
 * end the input with an InputError naming the line.
 */
export async function* readCsv(
  chunks: AsyncIterable<Buffer>,
  file: string,
  maxRecordSize: number,
): AsyncGenerator<ReaderItem[]> {
  // Records are taken in `on_record`, synchronously as csv-parse finds them, rather than from the
  // stream side: when csv-parse fails, the stream drops what it buffered, and the records before the
  // error must still come through.
  let parsed: ParsedRecord[] = [];
  // Where the last record csv-parse found ended (its `bytes` count, the BOM included).
  let recordEnd = 0;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // Every row ends at \r\n, \n or \r, whichever it has: by default csv-parse takes the first line ending it
    // finds for the whole file, so a file mixing them kept a \r in last fields or ran two rows into one.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxRecordSize,
    on_record: (record: string[], context: { lines: number; bytes: number }) => {
      parsed.push({ record, line: context.lines, start: recordEnd, end: context.bytes });
      recordEnd = context.bytes;
      return undefined;
    },
  });
  let failure: unknown;
  parser.on('error', (err: unknown) => {
    failure ??= err;
  });
  parser.resume();
  let columns: readonly string[] | null = null;

  // csv-parse decodes bytes that are not UTF-8 as U+FFFD: a record that shows U+FFFD and whose bytes
  // overlap a chunk that is not UTF-8 is rejected rather than passed on changed. The chunk ranges are
  // kept until the records after them are read: a record may start in a bad chunk and end chunks later.
  const utf8 = new Utf8Check();
  let offset = 0;
  let badRanges: Array<[number, number]> = [];
  const notUtf8 = (start: number, end: number): boolean => badRanges.some(([a, b]) => a < end && b > start);
  const drain = (): ReaderItem[] => {
    const out: ReaderItem[] = [];
    for (const { record, line, start, end } of parsed) {
      if (notUtf8(start, end) && record.some((field) => field.includes('\uFFFD'))) {
        out.push(invalidUtf8Issue({ file, line }, record.join(',')));
        continue;
      }
      if (columns === null) {
        columns = record;
        continue;
      }
      if (record.length !== columns.length) {
        out.push({
          kind: 'issue',
          outcome: 'rejected',
          code: 'csv/column-count',
          reason: `expected ${columns.length} fields (as in the header), found ${record.length}`,
          location: { file, line },
          raw: snippet(record.join(',')),
        });
      } else {
        const row: RowRecord = { kind: 'row', columns, values: record, location: { file, line } };
        out.push(row);
      }
    }
    parsed = [];
    if (badRanges.length > 0) badRanges = badRanges.filter(([, b]) => b > recordEnd);
    return out;
  };

  const finish = (): Promise<void> =>
    new Promise<void>((resolve) => {
      parser.once('end', resolve);
      parser.once('error', () => resolve());
      parser.once('close', resolve);
      parser.end();
    });
  try {
    for await (const chunk of chunks) {
      if (!utf8.valid(chunk)) badRanges.push([offset - CUT_CHARACTER, offset + chunk.length]);
      offset += chunk.length;
      await new Promise<void>((resolve) => parser.write(chunk, () => resolve()));
      const out = drain();
      if (out.length > 0) yield out;
      if (failure !== undefined) throw csvError(failure, file);
    }
  } catch (err) {
    // The input failed (a truncated gzip): the record csv-parse holds unfinished is handed on too.
    if (failure === undefined) {
      await finish();
      const out = drain();
      if (out.length > 0) yield out;
    }
    throw err;
  }
  if (utf8.cut()) badRanges.push([offset - CUT_CHARACTER, offset]);
  await finish();
  const out = drain();
  if (out.length > 0) yield out;
  if (failure !== undefined) throw csvError(failure, file);
}

function csvError(err: unknown, file: string): unknown {
  if (err instanceof InputError) return err;
  if (err instanceof CsvError) {
    const lines = typeof err['lines'] === 'number' ? `:${err['lines']}` : '';
    return new InputError(
      'input/invalid-csv',
      file,
      `${file}${lines}: CSV cannot be parsed (${err.message}). Fix the quoting at that line or pass --input-format text if the file is not CSV.`,
      { cause: err },
    );
  }
  return err;
}
