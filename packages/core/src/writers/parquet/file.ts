import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { ensureDir, outputError, tempPathFor, trackTemp, untrackTemp } from '../output-files.js';
import { type Codec, codecFor, type ParquetColumns, type ParquetCompression } from './compression.js';
import { type FieldIndex, indexFields } from './encode.js';
import { type OcsfParquetSchema, presentFields, withFields } from './schema.js';

/**
 * Streams the encoded bytes to a file after each row group, so memory holds one row group, not the file.
 * hyparquet-writer awaits the promise `flush` returns before it encodes the next group.
 */
class FileByteWriter extends ByteWriter {
  readonly #handle: FileHandle;
  constructor(handle: FileHandle) {
    super(1 << 20);
    this.#handle = handle;
  }
  flush(): Promise<void> {
    const bytes = this.getBytes();
    this.index = 0;
    return this.#handle.write(bytes).then(() => undefined);
  }
  override finish(): Promise<void> {
    return this.flush();
  }
}

/**
 * One Parquet file written atomically: rows are encoded a row group at a time into a hidden temp file
 * beside the target, renamed into place by `commit`. `abort` (or any failure) leaves nothing behind.
 *
 * With `present` columns the file's schema is fixed when its first row group is written, from the
 * attributes its rows carry; after that `index` is the file's own and a row needing more columns goes to a
 * new file (see the writer).
 */
export class ParquetFile {
  readonly target: string;
  readonly #temp: string;
  readonly #handle: FileHandle;
  readonly #out: FileByteWriter;
  readonly #classSchema: OcsfParquetSchema;
  readonly #codec: Codec;
  #writer: ParquetWriter | undefined;
  #schema: OcsfParquetSchema | undefined;
  #index: FieldIndex | undefined;
  #rows: Record<string, unknown>[] = [];
  #rowCount = 0;
  #done = false;

  private constructor(
    target: string,
    temp: string,
    handle: FileHandle,
    schema: OcsfParquetSchema,
    compression: ParquetCompression,
    columns: ParquetColumns,
  ) {
    this.target = target;
    this.#temp = temp;
    this.#handle = handle;
    this.#out = new FileByteWriter(handle);
    this.#codec = codecFor(compression);
    this.#classSchema = schema;
    if (columns === 'class') this.#fix(schema);
  }

  static async create(
    target: string,
    schema: OcsfParquetSchema,
    compression: ParquetCompression,
    columns: ParquetColumns = 'present',
  ): Promise<ParquetFile> {
    codecFor(compression);
    await ensureDir(dirname(target), target);
    const temp = tempPathFor(target);
    let handle: FileHandle;
    try {
      handle = await open(temp, 'wx');
    } catch (err) {
      throw outputError(err, target, `cannot create a file in ${dirname(target)}`);
    }
    trackTemp(temp);
    return new ParquetFile(target, temp, handle, schema, compression, columns);
  }

  /** The file's own field index once its schema is fixed; rows added after must encode against it. */
  get index(): FieldIndex | undefined {
    return this.#index;
  }

  /** Rows written so far (buffered ones included). */
  get rows(): number {
    return this.#rowCount;
  }

  /** Bytes already on disk (row groups flushed so far). */
  get bytesWritten(): number {
    return this.#out.offset;
  }

  /** Rows waiting for the next row group. */
  get buffered(): number {
    return this.#rows.length;
  }

  add(row: Record<string, unknown>): void {
    this.#rows.push(row);
    this.#rowCount++;
  }

  #fix(schema: OcsfParquetSchema): ParquetWriter {
    const { codec, compress } = this.#codec;
    this.#schema = schema;
    this.#index = indexFields(schema.fields);
    this.#writer = new ParquetWriter({
      writer: this.#out,
      schema: schema.elements,
      codec,
      compressors: { [codec]: compress },
      createdBy: 'ocsfx',
      kvMetadata: [
        { key: 'ocsf.version', value: schema.version },
        { key: 'ocsf.class_uid', value: String(schema.classUid) },
      ],
    });
    return this.#writer;
  }

  /** Encodes the buffered rows as one row group and writes it out. */
  async flushRowGroup(): Promise<void> {
    const rows = this.#rows;
    if (rows.length === 0) return;
    this.#rows = [];
    const writer =
      this.#writer ?? this.#fix(withFields(this.#classSchema, presentFields(this.#classSchema.fields, rows)));
    const columnData = (this.#schema as OcsfParquetSchema).fields.map((field) => {
      const data = new Array<unknown>(rows.length);
      for (let i = 0; i < rows.length; i++) data[i] = (rows[i] as Record<string, unknown>)[field.name] ?? null;
      return { name: field.name, data };
    });
    await writer.write({ columnData, rowGroupSize: rows.length });
  }

  async commit(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    try {
      await this.flushRowGroup();
      // A file that never got a row still needs a schema to be a valid Parquet file.
      const writer = this.#writer ?? this.#fix(this.#classSchema);
      await writer.finish();
      await this.#handle.close();
      await rename(this.#temp, this.target);
      untrackTemp(this.#temp);
    } catch (err) {
      await this.#handle.close().catch(() => {});
      await rm(this.#temp, { force: true });
      untrackTemp(this.#temp);
      throw outputError(err, this.target, 'cannot write it');
    }
  }

  async abort(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#rows = [];
    await this.#handle.close().catch(() => {});
    await rm(this.#temp, { force: true });
    untrackTemp(this.#temp);
  }
}
