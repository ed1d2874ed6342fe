import type { FileHandle } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  type AsyncBuffer,
  type ColumnChunk,
  type Compressors,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type RowGroup,
  type SchemaTree,
} from 'hyparquet';
import { setOwn } from '../ocsf/own.js';
import type { CellValue, JsonRecord, RowRecord } from '../plugin/types.js';
import { invalidUtf8Issue } from './issues.js';
import { BATCH_SIZE } from './lines.js';
import {
  ColumnBuffers,
  type FlatColumn,
  FlatColumnReader,
  flatGroup,
  flatLayout,
  type ReadIntoBuffer,
} from './parquet-flat.js';
import { type JsonShape, jsonFromParquetRow, jsonValue, shapeOf, TextCheck } from './parquet-json.js';
import { InputError, type ReaderItem } from './types.js';

/** Reads byte ranges of a file on demand, counting the bytes for progress. */
export function fileAsyncBuffer(handle: FileHandle, size: number, counter: { bytes: number }): ReadIntoBuffer {
  const readInto = async (target: Uint8Array, offset: number, start: number, end: number): Promise<number> => {
    const length = Math.max(0, Math.min(end, size) - start);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(target, offset + read, length - read, start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    counter.bytes += read;
    return read;
  };
  return {
    byteLength: size,
    readInto,
    async slice(start: number, end: number = size): Promise<ArrayBuffer> {
      const bytes = new Uint8Array(Math.max(0, Math.min(end, size) - start));
      const read = await readInto(bytes, 0, start, end);
      return read === bytes.length ? bytes.buffer : bytes.buffer.slice(0, read);
    },
  };
}

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;
// zstd arrived in node:zlib with Node 22.15; use it where it exists (Security Lake writes ZSTD).
const zstd = (zlib as unknown as { zstdDecompressSync?: (input: Uint8Array) => Uint8Array }).zstdDecompressSync;

/** hyparquet reads SNAPPY itself; node:zlib covers GZIP, BROTLI and (on newer Node) ZSTD. */
const compressors: Compressors = {
  GZIP: (input) => gunzipSync(input),
  BROTLI: (input) => brotliDecompressSync(input),
  ...(zstd ? { ZSTD: ((input) => zstd(input)) satisfies Decompress } : {}),
};

async function readMetadata(buffer: AsyncBuffer, file: string): Promise<FileMetaData> {
  try {
    const metadata = await parquetMetadataAsync(buffer);
    // Builds the schema tree as parquetRead will: a schema that does not hold together fails here.
    parquetSchema(metadata);
    return metadata;
  } catch (err) {
    throw new InputError(
      'input/invalid-parquet',
      file,
      `${file}: not a readable Parquet file (${(err as Error).message}). Check that the file is complete (not truncated by a copy) or pass --input-format for another format.`,
      { cause: err },
    );
  }
}

/**
 * Parquet, one row group at a time, in batches of rows. Columns are the top-level schema names exactly as
 * written. Values are what hyparquet returns: INT64 columns come back as **bigint** and are kept so (no
 * silent precision loss); plugins convert. Values outside `CellValue` are flattened: timestamps (Date) to
 * ISO 8601 strings, binary to base64, nested structs/lists to JSON text.
 *
 * Files of flat primitive columns (what AWS writes) are decoded page by page (`parquet-flat.ts`): memory
 * holds a page per column and one batch of rows, whatever the row group's size. Other files are read by
 * hyparquet a row group at a time.
 *
 * With `as: 'json'` each row is instead a JsonRecord holding the row as a nested JSON object
 * (`jsonFromParquetRow`): how OCSF events written as Parquet are read back for validation.
 */
export async function* readParquet(
  buffer: AsyncBuffer,
  file: string,
  limit = Number.POSITIVE_INFINITY,
  as: 'row' | 'json' = 'row',
): AsyncGenerator<ReaderItem[]> {
  const metadata = await readMetadata(buffer, file);
  const schema = parquetSchema(metadata);
  const columns: readonly string[] = schema.children.map((child) => child.element.name);
  const columnPaths = leafPaths(schema);
  const shape = shapeOf(schema);
  const flat = as === 'row' ? flatLayout(metadata.schema) : null;
  const buffers = flat === null ? [] : flat.map(() => new ColumnBuffers());
  let rowStart = 0;
  let remaining = limit;
  for (let g = 0; g < metadata.row_groups.length; g++) {
    const group = metadata.row_groups[g] as RowGroup;
    if (remaining <= 0) return;
    const groupRows = Number(group.num_rows);
    const take = Math.min(groupRows, remaining);
    const where = `row group ${g + 1} of ${metadata.row_groups.length} (rows ${rowStart + 1}–${rowStart + take})`;
    checkColumnChunks(group, columnPaths, file, where);
    const chunks = flat === null ? null : flatGroup(group, flat, compressors);
    const place: GroupPlace = { buffer, metadata, file, where, rowStart, take, columns, shape };
    if (flat !== null && chunks !== null) yield* readFlatGroup(place, chunks, flat, groupRows, buffers);
    else yield* readGroup(place, as);
    remaining -= take;
    rowStart += groupRows;
  }
}

interface GroupPlace {
  buffer: AsyncBuffer;
  metadata: FileMetaData;
  file: string;
  /** "row group 2 of 5 (rows …)", for errors. */
  where: string;
  /** Rows of the file before this group. */
  rowStart: number;
  /** Rows of this group to read (fewer than it has under a limit). */
  take: number;
  columns: readonly string[];
  /** The row's shape (`shapeOf` the schema), for nested values. */
  shape: JsonShape;
}

function groupError(place: GroupPlace, err: unknown, rowsRead: number): InputError {
  const read =
    rowsRead === 0
      ? 'rows before this row group were read'
      : `rows before row ${place.rowStart + rowsRead + 1} were read`;
  return new InputError(
    'input/invalid-parquet',
    place.file,
    `${place.file}: Parquet ${place.where} cannot be read (${(err as Error).message}). The file may be corrupt or use an unsupported encoding; ${read}.`,
    { cause: err },
  );
}

/** A group of flat columns, decoded page by page into batches of rows filled column by column. */
async function* readFlatGroup(
  place: GroupPlace,
  chunks: readonly ColumnChunk[],
  flat: readonly FlatColumn[],
  groupRows: number,
  buffers: readonly ColumnBuffers[],
): AsyncGenerator<ReaderItem[]> {
  const { buffer, file, rowStart, take, columns } = place;
  const readers = chunks.map(
    (chunk, k) =>
      new FlatColumnReader(buffer, chunk, flat[k] as FlatColumn, groupRows, compressors, buffers[k] as ColumnBuffers),
  );
  const width = readers.length;
  for (let i = 0; i < take; i += BATCH_SIZE) {
    const n = Math.min(BATCH_SIZE, take - i);
    const values: CellValue[][] = new Array(n);
    for (let j = 0; j < n; j++) values[j] = new Array<CellValue>(width);
    try {
      for (let k = 0; k < width; k++) {
        const reader = readers[k] as FlatColumnReader;
        let at = reader.fill(values, k, 0, n);
        while (at < n) {
          await reader.nextPage();
          at = reader.fill(values, k, at, n);
        }
      }
    } catch (err) {
      throw groupError(place, err, i);
    }
    // Rows with a text cell that is not UTF-8, and the first such column of each.
    let notUtf8: Map<number, string> | undefined;
    for (let k = 0; k < width; k++) {
      const reader = readers[k] as FlatColumnReader;
      if (reader.notUtf8.length === 0) continue;
      notUtf8 ??= new Map();
      for (const j of reader.notUtf8) if (!notUtf8.has(j)) notUtf8.set(j, (flat[k] as FlatColumn).name);
      reader.notUtf8.length = 0;
    }
    const out: ReaderItem[] = new Array(n);
    for (let j = 0; j < n; j++) {
      const location = { file, row: rowStart + i + j + 1 };
      const column = notUtf8?.get(j);
      const cells = values[j] as CellValue[];
      out[j] =
        column === undefined
          ? { kind: 'row', columns, values: cells, location }
          : invalidUtf8Issue(location, rowText(columns, cells), column);
    }
    yield out;
  }
}

/** A group read whole by hyparquet (nested columns, other types and encodings, and `as: 'json'`). */
async function* readGroup(place: GroupPlace, as: 'row' | 'json'): AsyncGenerator<ReaderItem[]> {
  const { buffer, metadata, file, rowStart, take, columns, shape } = place;
  const rowEnd = rowStart + take;
  let rows: unknown[][] = [];
  let objects: Record<string, unknown>[] = [];
  const check = new TextCheck();
  try {
    const range = { file: buffer, metadata, rowStart, rowEnd, compressors, parsers: check.parsers };
    if (as === 'json') {
      await parquetRead({
        ...range,
        rowFormat: 'object',
        onComplete: (data: Record<string, unknown>[]) => {
          objects = data;
        },
      });
    } else {
      await parquetRead({
        ...range,
        onComplete: (data: unknown[][]) => {
          rows = data;
        },
      });
    }
  } catch (err) {
    throw groupError(place, err, 0);
  }
  if (as === 'json') {
    for (let i = 0; i < objects.length; i += BATCH_SIZE) {
      const end = Math.min(objects.length, i + BATCH_SIZE);
      const out: ReaderItem[] = [];
      for (let j = i; j < end; j++) {
        check.found = undefined;
        const value = jsonFromParquetRow(objects[j] as Record<string, unknown>, shape, check);
        const location = { file, row: rowStart + j + 1 };
        const record: JsonRecord = { kind: 'json', value, location };
        out.push(check.found === undefined ? record : check.issue(location, JSON.stringify(value)));
      }
      yield out;
    }
    return;
  }
  const shapes = columns.map((name) => (shape.kind === 'struct' ? shape.fields.get(name) : undefined));
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    const end = Math.min(rows.length, i + BATCH_SIZE);
    const out: ReaderItem[] = [];
    for (let j = i; j < end; j++) {
      // The row array is ours (hyparquet made it for this call): convert its cells in place rather
      // than allocating a second array and a callback per row.
      const values = rows[j] as unknown[];
      check.found = undefined;
      for (let k = 0; k < values.length; k++) {
        check.column = columns[k] as string;
        values[k] = cell(values[k], shapes[k], check);
      }
      const location = { file, row: rowStart + j + 1 };
      const cells = values as CellValue[];
      const row: RowRecord = { kind: 'row', columns, values: cells, location };
      out.push(check.found === undefined ? row : check.issue(location, rowText(columns, cells)));
    }
    yield out;
  }
}

/** The dotted paths of the schema's leaf columns, which every column chunk must name. */
function leafPaths(tree: SchemaTree, prefix = '', out = new Set<string>()): Set<string> {
  for (const child of tree.children) {
    const path = prefix === '' ? child.element.name : `${prefix}.${child.element.name}`;
    if (child.children.length === 0) out.add(path);
    else leafPaths(child, path, out);
  }
  return out;
}

/**
 * A column chunk naming a column the schema does not have (a corrupt footer) makes hyparquet throw while
 * it has already started reading the group's other columns, whose failures then surface as unhandled
 * rejections that end the process. Checked before reading, it is an input error like any other.
 */
function checkColumnChunks(group: RowGroup, paths: ReadonlySet<string>, file: string, where: string): void {
  for (const chunk of group.columns) {
    const path = chunk.meta_data?.path_in_schema.join('.');
    if (path !== undefined && paths.has(path)) continue;
    throw new InputError(
      'input/invalid-parquet',
      file,
      `${file}: Parquet ${where} cannot be read: a column chunk names ${path === undefined ? 'no column' : `column "${path}"`}, which the schema does not have. The file is corrupt (check that it was copied completely); rows before this row group were read.`,
    );
  }
}

/** A row's cells as JSON text (INT64 as its digits), for the rejects sink. */
function rowText(columns: readonly string[], values: readonly CellValue[]): string {
  const row: Record<string, unknown> = {};
  for (let k = 0; k < columns.length; k++) {
    const v = values[k];
    setOwn(row, columns[k] as string, typeof v === 'bigint' ? v.toString() : v);
  }
  return JSON.stringify(row);
}

function cell(value: unknown, shape: JsonShape | undefined, check: TextCheck): CellValue {
  switch (typeof value) {
    case 'string':
      return check.seen(value);
    case 'number':
    case 'bigint':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    default: {
      if (value === null) return null;
      // Dates and bytes become text; nested structs and lists become JSON text (same conversions as parquet-json).
      const json = jsonValue(value, shape, check);
      return typeof json === 'string' || json === null ? json : JSON.stringify(json);
    }
  }
}
