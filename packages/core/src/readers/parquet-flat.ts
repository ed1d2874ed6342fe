import { isUtf8 } from 'node:buffer';
import type {
  AsyncBuffer,
  ColumnChunk,
  CompressionCodec,
  Compressors,
  DataReader,
  Encoding,
  PageHeader,
  RowGroup,
  SchemaElement,
} from 'hyparquet';
import { snappyUncompress } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage } from 'hyparquet/src/datapage.js';
import type { CellValue } from '../plugin/types.js';

/**
 * Page-by-page decoding of the flat, primitive columns AWS writes (VPC Flow Logs, Security Lake exports):
 * top-level REQUIRED or OPTIONAL leaves of type BOOLEAN, INT32, INT64, FLOAT, DOUBLE or BYTE_ARRAY (text),
 * PLAIN or dictionary encoded, in v1 or v2 data pages, with any codec hyparquet decompresses.
 *
 * hyparquet decodes a whole column chunk per call (a 100k-row group becomes 29 arrays of 100k values, then
 * 100k row arrays); this keeps one compressed window and one decompressed page per column and decodes
 * values straight into the rows of the batch being built, so memory is bounded by a page per column and
 * the values of one batch. Anything else (nested columns, timestamps, decimals, other encodings) is left
 * to hyparquet by `flatLayout`/`flatGroup` returning null; the cells are the same either way
 * (the property test in parquet-flat.test.ts compares the two).
 */

/** How a column's values become cells: the same conversions hyparquet makes for these types. */
type Kind = 'boolean' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float' | 'double' | 'text';

export interface FlatColumn {
  readonly name: string;
  readonly kind: Kind;
  /** 1 for OPTIONAL (definition levels of one bit), 0 for REQUIRED. */
  readonly maxDefinition: number;
}

/** The file's columns when every one is a flat primitive this module decodes; null otherwise. */
export function flatLayout(schema: readonly SchemaElement[]): FlatColumn[] | null {
  const root = schema[0];
  if (root === undefined || root.num_children !== schema.length - 1) return null;
  const columns: FlatColumn[] = [];
  for (let i = 1; i < schema.length; i++) {
    const element = schema[i] as SchemaElement;
    if (element.num_children !== undefined && element.num_children > 0) return null;
    const repetition = element.repetition_type ?? 'REQUIRED';
    if (repetition === 'REPEATED') return null;
    const kind = kindOf(element);
    if (kind === null) return null;
    columns.push({ name: element.name, kind, maxDefinition: repetition === 'OPTIONAL' ? 1 : 0 });
  }
  return columns;
}

function kindOf({ type, converted_type: ctype, logical_type: ltype }: SchemaElement): Kind | null {
  const integer = ltype?.type === 'INTEGER' ? ltype : undefined;
  if (ltype !== undefined && integer === undefined && ltype.type !== 'STRING' && ltype.type !== 'ENUM') return null;
  switch (type) {
    case 'BOOLEAN':
    case 'FLOAT':
    case 'DOUBLE':
      return ctype === undefined && ltype === undefined ? (type.toLowerCase() as Kind) : null;
    case 'INT32': {
      if (ctype !== undefined && !['INT_8', 'INT_16', 'INT_32', 'UINT_8', 'UINT_16', 'UINT_32'].includes(ctype))
        return null;
      if (integer !== undefined && integer.bitWidth > 32) return null;
      return ctype === 'UINT_32' || (integer?.bitWidth === 32 && !integer.isSigned) ? 'uint32' : 'int32';
    }
    case 'INT64': {
      if (ctype !== undefined && ctype !== 'INT_64' && ctype !== 'UINT_64') return null;
      if (integer !== undefined && integer.bitWidth !== 64) return null;
      return ctype === 'UINT_64' || (integer !== undefined && !integer.isSigned) ? 'uint64' : 'int64';
    }
    case 'BYTE_ARRAY':
      // hyparquet decodes unannotated BYTE_ARRAY as UTF-8 text too.
      if (ctype !== undefined && ctype !== 'UTF8' && ctype !== 'ENUM') return null;
      return integer === undefined ? 'text' : null;
    default:
      return null;
  }
}

const ENCODINGS: ReadonlySet<Encoding> = new Set<Encoding>([
  'PLAIN',
  'PLAIN_DICTIONARY',
  'RLE_DICTIONARY',
  'RLE',
  'BIT_PACKED',
]);

/**
 * The group's column chunks in schema order when this module can decode them all (codec known, only the
 * encodings above, one chunk per column, no external file); null to let hyparquet read the group.
 */
export function flatGroup(
  group: RowGroup,
  columns: readonly FlatColumn[],
  compressors: Compressors,
): ColumnChunk[] | null {
  if (group.columns.length !== columns.length) return null;
  const chunks: ColumnChunk[] = [];
  for (let i = 0; i < columns.length; i++) {
    const chunk = group.columns[i] as ColumnChunk;
    const meta = chunk.meta_data;
    if (meta === undefined || chunk.file_path !== undefined) return null;
    if (meta.path_in_schema.length !== 1 || meta.path_in_schema[0] !== (columns[i] as FlatColumn).name) return null;
    if (meta.codec !== 'UNCOMPRESSED' && meta.codec !== 'SNAPPY' && compressors[meta.codec] === undefined) return null;
    if (!meta.encodings.every((encoding) => ENCODINGS.has(encoding))) return null;
    chunks.push(chunk);
  }
  return chunks;
}

/** Compressed bytes are read from the file in windows of this size (or one page, if larger). */
const WINDOW = 256 * 1024;
/** Bytes parsed for a page header at first; a header with large statistics gets more. */
const HEADER_PROBE = 4096;
/** A decompressed page larger than this is taken for a corrupt header. */
const MAX_PAGE = 1024 * 1024 * 1024;

/** A source that can read a byte range into a buffer of ours (`fileAsyncBuffer`), not only slice it. */
export interface ReadIntoBuffer extends AsyncBuffer {
  /** Reads [start, end) of the source into `target` at `offset`; returns the bytes read (fewer at the end). */
  readInto(target: Uint8Array, offset: number, start: number, end: number): Promise<number>;
}

async function readInto(source: AsyncBuffer, target: Uint8Array, offset: number, start: number, end: number) {
  if ('readInto' in source) return (source as ReadIntoBuffer).readInto(target, offset, start, end);
  const bytes = new Uint8Array(await source.slice(start, end));
  target.set(bytes, offset);
  return bytes.length;
}

/**
 * The buffers of one column, kept from one row group to the next: the window of compressed bytes and the
 * decompressed page. Reading a file then allocates (almost) nothing per page, so memory stays flat however
 * many row groups the file has.
 */
export class ColumnBuffers {
  window = new Uint8Array(0);
  private page = new Uint8Array(0);

  /** A page buffer of `size` bytes (its content is overwritten by the next page). */
  pageOf(size: number): Uint8Array {
    if (this.page.length < size) this.page = new Uint8Array(Math.max(size, this.page.length * 2));
    return this.page.subarray(0, size);
  }
}

/**
 * The bytes of one column chunk, read forward through the column's window. What `ensure` returns stays
 * valid until the next `ensure`: a page is decoded whole before the next is read.
 */
class ChunkBytes {
  /** Bytes of the window holding data. */
  private length = 0;
  /** File offset of window[0]. */
  private at: number;
  /** File offset of the next unread byte. */
  pos: number;

  constructor(
    private readonly source: AsyncBuffer,
    private readonly buffers: ColumnBuffers,
    start: number,
    readonly end: number,
  ) {
    this.at = start;
    this.pos = start;
  }

  /** At least min(n, bytes left) bytes from `pos`; returns them. */
  async ensure(n: number): Promise<Uint8Array> {
    const want = Math.min(n, this.end - this.pos);
    const offset = this.pos - this.at;
    if (this.length - offset < want) {
      const tail = this.length - offset;
      const readTo = Math.min(this.end, this.pos + Math.max(want, WINDOW));
      let window = this.buffers.window;
      if (window.length < readTo - this.pos) {
        const grown = new Uint8Array(Math.max(readTo - this.pos, WINDOW));
        grown.set(window.subarray(offset, this.length));
        window = grown;
        this.buffers.window = grown;
      } else {
        window.copyWithin(0, offset, this.length);
      }
      this.at = this.pos;
      this.length = tail + (await readInto(this.source, window, tail, this.pos + tail, readTo));
      if (this.length < want) {
        throw new Error(`column chunk ends ${want - this.length} bytes early (the file is cut short)`);
      }
    }
    const from = this.pos - this.at;
    return this.buffers.window.subarray(from, from + want);
  }
}

/** A run-length / bit-packed hybrid stream of small unsigned integers (levels, dictionary indices). */
class Hybrid {
  private left = 0;
  private rle = false;
  private value = 0;
  private bit = 0;
  private readonly mask: number;

  constructor(
    private readonly bytes: Uint8Array,
    private pos: number,
    private readonly end: number,
    private readonly width: number,
  ) {
    if (width > 32) throw new Error(`bit width ${width} is over 32`);
    this.mask = width === 32 ? 0xffffffff : (1 << width) - 1;
  }

  next(): number {
    if (this.left === 0) this.run();
    this.left--;
    if (this.rle) return this.value;
    const bit = this.bit;
    this.bit = bit + this.width;
    return this.bits(bit);
  }

  private bits(bit: number): number {
    const width = this.width;
    if (width === 0) return 0;
    const first = bit >>> 3;
    const last = (bit + width - 1) >>> 3;
    if (last >= this.end) throw new Error('bit-packed run goes past the end of its data');
    const bytes = this.bytes;
    if (width <= 24) {
      let word = bytes[first] as number;
      if (last > first) word |= (bytes[first + 1] as number) << 8;
      if (last > first + 1) word |= (bytes[first + 2] as number) << 16;
      if (last > first + 2) word |= (bytes[first + 3] as number) << 24;
      return (word >>> (bit & 7)) & this.mask;
    }
    let word = 0;
    for (let b = last; b >= first; b--) word = word * 256 + (bytes[b] as number);
    return Math.floor(word / 2 ** (bit & 7)) % 2 ** width;
  }

  private run(): void {
    while (this.left === 0) {
      if (this.pos >= this.end) throw new Error('run-length data ends before its values');
      const header = this.varint();
      if (header % 2 === 1) {
        const groups = Math.floor(header / 2);
        this.rle = false;
        this.bit = this.pos * 8;
        this.pos += groups * this.width;
        this.left = groups * 8;
      } else {
        const bytes = (this.width + 7) >>> 3;
        if (this.pos + bytes > this.end) throw new Error('run-length value goes past the end of its data');
        let value = 0;
        for (let i = bytes - 1; i >= 0; i--) value = value * 256 + (this.bytes[this.pos + i] as number);
        this.pos += bytes;
        if (value > this.mask) throw new Error(`run-length value ${value} does not fit in ${this.width} bits`);
        this.rle = true;
        this.value = value;
        this.left = header / 2;
      }
    }
  }

  private varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) break;
      const byte = this.bytes[this.pos++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    throw new Error('run-length header is cut short or too long');
  }
}

/** A column chunk of a row group, decoded a page at a time into the rows of each batch. */
export class FlatColumnReader {
  /**
   * Rows of the batch (indices into `fill`'s rows) whose cell of this column is text from bytes that are
   * not UTF-8 (U+FFFD in the cell); the caller turns them into rejects and clears the list.
   */
  readonly notUtf8: number[] = [];
  private readonly bytes: ChunkBytes;
  private dictionary: CellValue[] | null = null;
  /** Dictionary entries that are text from bytes that are not UTF-8, when there are any. */
  private dictionaryNotUtf8: Set<number> | null = null;
  /** The last `plain()` text was not UTF-8. */
  private badText = false;
  /** Rows left in the current page. */
  private pageRows = 0;
  /** Rows of the group not yet in any page read. */
  private groupRows: number;
  private definitions: Hybrid | null = null;
  private indices: Hybrid | null = null;
  private page: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private offset = 0;
  private booleanBit = 0;
  private booleans: Hybrid | null = null;
  private readonly codec: CompressionCodec;

  constructor(
    source: AsyncBuffer,
    chunk: ColumnChunk,
    private readonly column: FlatColumn,
    rows: number,
    private readonly compressors: Compressors,
    private readonly buffers: ColumnBuffers,
  ) {
    const meta = chunk.meta_data as NonNullable<ColumnChunk['meta_data']>;
    const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
    this.bytes = new ChunkBytes(source, buffers, start, start + Number(meta.total_compressed_size));
    this.codec = meta.codec;
    this.groupRows = rows;
  }

  /**
   * Cells of rows [from, to) of the batch into column `k` of `rows`, as far as the current page goes: returns
   * the row reached. Below `to`, call `nextPage()` and go on (pages are read only at page boundaries, so the
   * common case makes no promise).
   */
  fill(rows: CellValue[][], k: number, from: number, to: number): number {
    const n = Math.min(this.pageRows, to - from);
    if (n > 0) {
      this.decode(rows, k, from, from + n);
      this.pageRows -= n;
    }
    return from + n;
  }

  private decode(rows: CellValue[][], k: number, from: number, to: number): void {
    const definitions = this.definitions;
    const max = this.column.maxDefinition;
    if (this.indices !== null) {
      const dictionary = this.dictionary as CellValue[];
      const bad = this.dictionaryNotUtf8;
      const indices = this.indices;
      for (let j = from; j < to; j++) {
        if (definitions !== null && definitions.next() !== max) {
          (rows[j] as CellValue[])[k] = null;
          continue;
        }
        const index = indices.next();
        if (index >= dictionary.length)
          throw new Error(`dictionary index ${index} is past its ${dictionary.length} entries`);
        (rows[j] as CellValue[])[k] = dictionary[index] as CellValue;
        if (bad?.has(index)) this.notUtf8.push(j);
      }
      return;
    }
    for (let j = from; j < to; j++) {
      (rows[j] as CellValue[])[k] = definitions !== null && definitions.next() !== max ? null : this.plain();
      if (this.badText) {
        this.badText = false;
        this.notUtf8.push(j);
      }
    }
  }

  /** The next PLAIN value of the page. */
  private plain(): CellValue {
    const view = this.view;
    const at = this.offset;
    switch (this.column.kind) {
      case 'text': {
        const length = view.getUint32(at, true);
        const start = at + 4;
        if (start + length > view.byteLength)
          throw new Error(`a text value of ${length} bytes goes past the end of its page`);
        this.offset = start + length;
        const text = this.page.toString('utf8', start, start + length);
        // Bytes that are not UTF-8 decode as U+FFFD; only then are the bytes checked (a real U+FFFD is kept).
        if (text.includes('\uFFFD') && !isUtf8(this.page.subarray(start, start + length))) this.badText = true;
        return text;
      }
      case 'int32':
        this.offset = at + 4;
        return view.getInt32(at, true);
      case 'uint32':
        this.offset = at + 4;
        return view.getUint32(at, true);
      case 'int64':
        this.offset = at + 8;
        return view.getBigInt64(at, true);
      case 'uint64':
        this.offset = at + 8;
        return view.getBigUint64(at, true);
      case 'double':
        this.offset = at + 8;
        return view.getFloat64(at, true);
      case 'float':
        this.offset = at + 4;
        return view.getFloat32(at, true);
      case 'boolean': {
        if (this.booleans !== null) return this.booleans.next() === 1;
        const bit = this.booleanBit++;
        return ((view.getUint8(at + (bit >>> 3)) >>> (bit & 7)) & 1) === 1;
      }
    }
  }

  private async header(): Promise<PageHeader> {
    for (let probe = HEADER_PROBE; ; probe *= 4) {
      const bytes = await this.bytes.ensure(probe);
      const reader: DataReader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
      try {
        const header = parquetHeader(reader);
        this.bytes.pos += reader.offset;
        return header;
      } catch (err) {
        // A header longer than the probe fails to parse; with the whole rest of the chunk, it is corrupt.
        if (bytes.length < probe) throw err;
      }
    }
  }

  async nextPage(): Promise<void> {
    for (;;) {
      if (this.groupRows === 0 || this.bytes.pos >= this.bytes.end) {
        throw new Error(`column "${this.column.name}" has fewer values than the row group's rows`);
      }
      const header = await this.header();
      const size = header.compressed_page_size;
      if (!(size >= 0)) throw new Error(`page size ${size} is not valid`);
      const body = await this.bytes.ensure(size);
      if (body.length < size) throw new Error('the last page is cut short');
      this.bytes.pos += size;
      if (header.type === 'DICTIONARY_PAGE') {
        this.readDictionary(header, body);
      } else if (header.type === 'DATA_PAGE') {
        this.readDataPage(header, body);
        return;
      } else if (header.type === 'DATA_PAGE_V2') {
        this.readDataPageV2(header, body);
        return;
      } else {
        throw new Error(`unsupported page type ${header.type}`);
      }
    }
  }

  private decompress(bytes: Uint8Array, size: number): Uint8Array {
    if (!(size >= 0) || size > MAX_PAGE) throw new Error(`page size ${size} is not valid`);
    if (this.codec !== 'SNAPPY') return decompressPage(bytes, size, this.codec, this.compressors);
    // Into the column's page buffer rather than a new one per page.
    const page = this.buffers.pageOf(size);
    snappyUncompress(bytes, page);
    return page;
  }

  private readDictionary(header: PageHeader, body: Uint8Array): void {
    const dph = header.dictionary_page_header;
    if (dph === undefined) throw new Error('dictionary page without its header');
    if (this.dictionary !== null) throw new Error('a second dictionary page');
    this.usePage(this.decompress(body, header.uncompressed_page_size));
    const dictionary: CellValue[] = [];
    let bad: Set<number> | null = null;
    for (let i = 0; i < dph.num_values; i++) {
      dictionary.push(this.plain());
      if (this.badText) {
        this.badText = false;
        bad ??= new Set();
        bad.add(i);
      }
    }
    this.dictionary = dictionary;
    this.dictionaryNotUtf8 = bad;
  }

  private readDataPage(header: PageHeader, body: Uint8Array): void {
    const dph = header.data_page_header;
    if (dph === undefined) throw new Error('data page without its header');
    const page = this.decompress(body, header.uncompressed_page_size);
    let at = 0;
    this.definitions = null;
    if (this.column.maxDefinition > 0) {
      if (page.length < 4) throw new Error('definition levels are cut short');
      const length = new DataView(page.buffer, page.byteOffset, page.byteLength).getUint32(0, true);
      if (4 + length > page.length) throw new Error('definition levels go past the end of the page');
      this.definitions = new Hybrid(page, 4, 4 + length, 1);
      at = 4 + length;
    }
    this.startValues(dph.encoding, page.subarray(at), dph.num_values);
  }

  private readDataPageV2(header: PageHeader, body: Uint8Array): void {
    const dph = header.data_page_header_v2;
    if (dph === undefined) throw new Error('data page v2 without its header');
    const repetition = dph.repetition_levels_byte_length;
    const definition = dph.definition_levels_byte_length;
    if (repetition !== 0) throw new Error('repetition levels in a flat column');
    if (!(definition >= 0) || definition > body.length)
      throw new Error('definition levels go past the end of the page');
    this.definitions = null;
    if (this.column.maxDefinition > 0 && (definition > 0 || dph.num_nulls > 0)) {
      this.definitions = new Hybrid(body, 0, definition, 1);
    }
    const values = body.subarray(definition);
    const page =
      dph.is_compressed === false ? values : this.decompress(values, header.uncompressed_page_size - definition);
    this.startValues(dph.encoding, page, dph.num_rows);
  }

  private startValues(encoding: Encoding, page: Uint8Array, rows: number): void {
    if (!(rows >= 0)) throw new Error(`page row count ${rows} is not valid`);
    this.indices = null;
    this.booleans = null;
    this.booleanBit = 0;
    if (encoding === 'PLAIN_DICTIONARY' || encoding === 'RLE_DICTIONARY') {
      if (this.dictionary === null) throw new Error('dictionary-encoded page without a dictionary page');
      if (page.length < 1) throw new Error('dictionary-encoded page without its bit width');
      this.indices = new Hybrid(page, 1, page.length, page[0] as number);
    } else if (encoding === 'RLE' && this.column.kind === 'boolean') {
      if (page.length < 4) throw new Error('boolean run-length data is cut short');
      const length = new DataView(page.buffer, page.byteOffset, page.byteLength).getUint32(0, true);
      this.booleans = new Hybrid(page, 4, Math.min(page.length, 4 + length), 1);
    } else if (encoding !== 'PLAIN') {
      throw new Error(`unsupported encoding ${encoding} for column "${this.column.name}"`);
    }
    this.usePage(page);
    const take = Math.min(rows, this.groupRows);
    this.pageRows = take;
    this.groupRows -= take;
  }

  private usePage(page: Uint8Array): void {
    this.page = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
    this.view = new DataView(page.buffer, page.byteOffset, page.byteLength);
    this.offset = 0;
    this.booleanBit = 0;
  }
}
