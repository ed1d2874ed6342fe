import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensureDir, outputError, tempPathFor, trackTemp, untrackTemp } from '../output-files.js';
import { type ColumnChunkData, Ledger, PhysicalType } from './column.js';
import type { Codec, ParquetColumns } from './compression.js';
import { type FieldIndex, fitsIndex, indexFields } from './encode.js';
import { footer } from './metadata.js';
import { type OcsfParquetSchema, presentFields, withFields } from './schema.js';
import { Shredder } from './shred.js';

const MAGIC = new TextEncoder().encode('PAR1');

/** A column chunk as the footer describes it. */
export type ChunkMeta = Omit<ColumnChunkData, 'buffers'>;

/** What the footer says of one row group. */
export interface RowGroupMeta {
  readonly rows: number;
  readonly offset: number;
  readonly columns: readonly { chunk: ChunkMeta; offset: number }[];
}

/** Memory an event waiting for the file's schema is counted as (a VPC flow event is ~1.5 KiB of heap). */
const PENDING_EVENT_BYTES = 1536;

export interface ParquetFileOptions {
  /** The pages' codec (the writer shares one among its files, see withRecentPages). */
  codec: Codec;
  columns: ParquetColumns;
  /** `present` columns: how many events decide the file's columns (the first row group's, at most). */
  schemaRows: number;
  /** The writer's ledger of held bytes (all files); the file keeps its own below it. */
  ledger: Ledger;
  /** Events waiting for their file's schema, across all files (the writer bounds it). */
  pending: { count: number };
}

/**
 * One Parquet file written atomically into a hidden temp file beside the target, renamed into place by
 * `commit`; `abort` (or any failure) leaves nothing behind. Events are shredded into column writers as they
 * arrive; a row group is written out when the writer says so, and the footer at `commit`.
 *
 * With `present` columns the file's schema is fixed by its first events (up to `schemaRows`, or fewer when
 * the first row group is written earlier), from the attributes they carry; after that `index` is the
 * file's own and an event needing more columns goes to a new file (see the writer).
 */
export class ParquetFile {
  readonly target: string;
  readonly ledger: Ledger;
  readonly #temp: string;
  readonly #handle: FileHandle;
  readonly #classSchema: OcsfParquetSchema;
  readonly #codec: Codec;
  readonly #schemaRows: number;
  readonly #pendingTotal: { count: number };
  #schema: OcsfParquetSchema | undefined;
  #index: FieldIndex | undefined;
  #shredder: Shredder | undefined;
  #pending: Readonly<Record<string, unknown>>[] = [];
  #rowsInGroup = 0;
  #rowCount = 0;
  #offset = MAGIC.length;
  readonly #groups: RowGroupMeta[] = [];
  #done = false;

  private constructor(
    target: string,
    temp: string,
    handle: FileHandle,
    schema: OcsfParquetSchema,
    options: ParquetFileOptions,
  ) {
    this.target = target;
    this.#temp = temp;
    this.#handle = handle;
    this.#codec = options.codec;
    this.#classSchema = schema;
    this.#schemaRows = Math.max(1, options.schemaRows);
    this.ledger = new Ledger(options.ledger);
    this.#pendingTotal = options.pending;
    if (options.columns === 'class') this.#fix(schema);
  }

  static async create(target: string, schema: OcsfParquetSchema, options: ParquetFileOptions): Promise<ParquetFile> {
    await ensureDir(dirname(target), target);
    const temp = tempPathFor(target);
    let handle: FileHandle;
    try {
      handle = await open(temp, 'wx');
    } catch (err) {
      throw outputError(err, target, `cannot create a file in ${dirname(target)}`);
    }
    trackTemp(temp);
    try {
      await handle.write(MAGIC);
    } catch (err) {
      await handle.close().catch(() => {});
      await rm(temp, { force: true });
      untrackTemp(temp);
      throw outputError(err, target, 'cannot write it');
    }
    return new ParquetFile(target, temp, handle, schema, options);
  }

  /** Rows written so far (those of the open row group included). */
  get rows(): number {
    return this.#rowCount;
  }

  /** Rows of the row group not yet written. */
  get buffered(): number {
    return this.#rowsInGroup;
  }

  /** Bytes already on disk (row groups written so far). */
  get bytesWritten(): number {
    return this.#offset;
  }

  /** Bytes held in open pages (uncompressed, buffer capacity) that `compact` gives back. */
  openBytes(): number {
    return this.ledger.open;
  }

  /** Compresses the open pages worth it and gives their buffers back; the row group goes on. */
  compact(): void {
    for (const c of this.#shredder?.columns ?? []) c.compact();
  }

  /** The file's own field index once its columns are fixed. */
  get index(): FieldIndex | undefined {
    return this.#index;
  }

  /** Whether an event (checked against the class schema) has columns in this file. */
  fits(event: Readonly<Record<string, unknown>>): boolean {
    return this.#index === undefined || fitsIndex(event, this.#index);
  }

  add(event: Readonly<Record<string, unknown>>): void {
    this.#rowCount++;
    this.#rowsInGroup++;
    if (this.#shredder) {
      this.#shredder.write(event);
      return;
    }
    this.#pending.push(event);
    this.#pendingTotal.count++;
    this.ledger.add(PENDING_EVENT_BYTES);
    if (this.#pending.length >= this.#schemaRows) this.#fixFromPending();
  }

  /** Events waiting for this file's schema. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Fixes the file's columns from the events so far (the writer bounds the events waiting across files). */
  fixSchema(): void {
    if (!this.#shredder) this.#fixFromPending();
  }

  #fix(schema: OcsfParquetSchema): Shredder {
    this.#schema = schema;
    this.#index = indexFields(schema.fields);
    this.#shredder = new Shredder(schema.fields, this.#codec, this.ledger);
    return this.#shredder;
  }

  #fixFromPending(): Shredder {
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingTotal.count -= pending.length;
    this.ledger.add(-PENDING_EVENT_BYTES * pending.length);
    const shredder = this.#fix(withFields(this.#classSchema, presentFields(this.#classSchema.fields, pending)));
    for (const event of pending) shredder.write(event);
    return shredder;
  }

  /** Writes the open row group out (its column chunks one after the other). */
  async flushRowGroup(): Promise<void> {
    if (this.#rowsInGroup === 0) return;
    const shredder = this.#shredder ?? this.#fixFromPending();
    const rows = this.#rowsInGroup;
    this.#rowsInGroup = 0;
    const start = this.#offset;
    let offset = start;
    const buffers: Uint8Array[] = [];
    const columns: { chunk: ChunkMeta; offset: number }[] = [];
    for (const column of shredder.columns) {
      const { buffers: pages, ...chunk } = column.finishChunk();
      // The footer keeps what it says of the chunk, never its pages.
      columns.push({ chunk, offset });
      offset += chunk.compressed;
      for (const b of pages) buffers.push(b);
    }
    this.#groups.push({ rows, offset: start, columns });
    await this.#write(buffers);
    this.#offset = offset;
    // Written: the pages' buffers go back to the pool for the next pages (see ColumnWriter).
    for (const b of buffers) this.ledger.pool.give(b.buffer as ArrayBuffer);
  }

  async #write(buffers: readonly Uint8Array[]): Promise<void> {
    // writev takes a bounded number of buffers per call on some platforms: write in slices.
    for (let i = 0; i < buffers.length; i += 512) await this.#handle.writev(buffers.slice(i, i + 512));
  }

  async commit(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    try {
      await this.flushRowGroup();
      // A file that never got a row still needs a schema to be a valid Parquet file.
      const shredder = this.#shredder ?? this.#fix(this.#classSchema);
      const schema = this.#schema ?? this.#classSchema;
      const types = shredder.columns.map((c) => PhysicalType[c.spec.type]);
      const paths = shredder.columns.map((c) => c.spec.path);
      const meta = footer(schema, this.#groups, types, paths, this.#codec.id, this.#rowCount);
      const tail = new Uint8Array(8);
      new DataView(tail.buffer).setUint32(0, meta.length, true);
      tail.set(MAGIC, 4);
      await this.#write([meta, tail]);
      await this.#handle.close();
      await rename(this.#temp, this.target);
      untrackTemp(this.#temp);
    } catch (err) {
      await this.#handle.close().catch(() => {});
      await rm(this.#temp, { force: true });
      untrackTemp(this.#temp);
      throw outputError(err, this.target, 'cannot write it');
    } finally {
      this.#release();
    }
  }

  #release(): void {
    this.#pendingTotal.count -= this.#pending.length;
    this.ledger.add(-PENDING_EVENT_BYTES * this.#pending.length);
    this.#pending = [];
    for (const c of this.#shredder?.columns ?? []) c.release();
  }

  async abort(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    this.#release();
    await this.#handle.close().catch(() => {});
    await rm(this.#temp, { force: true });
    untrackTemp(this.#temp);
  }
}
