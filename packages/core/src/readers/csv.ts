import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import type { RowRecord } from '../plugin/types.js';
import { BATCH_SIZE } from './issues.js';
import { InputError, type ReaderItem } from './types.js';

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

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
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: maxRecordSize,
  });
  const feeding = pipeline(Readable.from(chunks), parser).catch(() => {
    // The same error reaches the consumer through the parser's async iterator below.
  });
  let columns: readonly string[] | null = null;
  let out: ReaderItem[] = [];
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      const { record, info } = item;
      const line = info.lines;
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
          raw: record.join(','),
        });
      } else {
        const row: RowRecord = { kind: 'row', columns, values: record, location: { file, line } };
        out.push(row);
      }
      if (out.length >= BATCH_SIZE) {
        yield out;
        out = [];
      }
    }
  } catch (err) {
    if (out.length > 0) yield out;
    throw csvError(err, file);
  }
  await feeding;
  if (out.length > 0) yield out;
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
