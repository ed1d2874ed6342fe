import type { OcsfEvent } from '../../plugin/types.js';
import type { EventWriter } from '../json-writers.js';
import { Ledger } from './column.js';
import {
  COMPRESSION_LEVELS,
  type Codec,
  codecFor,
  compressionLevelProblem,
  type ParquetColumns,
  type ParquetCompression,
  withRecentPages,
} from './compression.js';
import {
  type CompiledCheck,
  checkEvent,
  compileCheck,
  compileIndexCheck,
  type FieldIndex,
  indexFields,
  ParquetEncodeError,
} from './encode.js';
import type { ParquetFile } from './file.js';
import {
  type LakeSourceNames,
  LakeSources,
  type ParquetLayout,
  type Partition,
  PartitionCache,
  plainPath,
  securityLakePath,
} from './layout.js';
import { type OcsfParquetSchema, ocsfParquetSchema } from './schema.js';

export interface ParquetWriterOptions {
  /** Output directory; files are created below it. */
  dir: string;
  /** `plain` (default): `<class_uid>-<uuid>.gz.parquet` files in `dir`; `security-lake`: the custom-source layout. */
  layout?: ParquetLayout;
  /** The Security Lake custom source name, or a name per class_uid (required by the `security-lake` layout). */
  sourceName?: LakeSourceNames;
  /** Default `gzip`; `zstd` needs Node.js 22.15 or later. */
  compression?: ParquetCompression;
  /**
   * The codec's level: gzip 1–9 (default 1, the fastest; 6 makes VPC flow files ~7% smaller for ~2.5×
   * the compression time), zstd 1–22 (default 3).
   */
  compressionLevel?: number;
  /** Rows per row group at most (default 131,072). */
  rowGroupRows?: number;
  /**
   * A file's row group is written out once the file holds this many bytes (compressed pages, open pages,
   * dictionaries; default 32 MiB).
   */
  rowGroupBytes?: number;
  /** Rows of open row groups across all open files (default 4 × rowGroupRows); beyond it the fullest is written. */
  maxBufferedRows?: number;
  /**
   * Bytes held across all open files (default 24 MiB): beyond it the open pages of the file with most in
   * them are compressed early, then the row group of the file holding most is written, so many open
   * partitions cannot multiply memory. Up to 8 MiB of spare page buffers are kept besides, for reuse.
   */
  maxBufferedBytes?: number;
  /**
   * `present` columns: how many events of a new file decide its columns (default 1,000). The events wait
   * in memory until then, 500 at most across files: beyond that the file with most waiting is fixed.
   */
  schemaRows?: number;
  /** A file is closed and a new one started once this many bytes are written (default 256 MiB). */
  maxFileBytes?: number;
  /** Object depth of the schema (see `ocsfParquetSchema`). */
  maxDepth?: number;
  /**
   * `present` (default): a file has the columns of the class schema that its first row group uses (a file
   * is started anew when a later event needs more); `class`: every column of the class schema, the same
   * in every file, at a cost of time and space for the hundreds of columns that stay empty.
   */
  columns?: ParquetColumns;
}

/** The Parquet writer is an EventWriter that also says which files it committed. */
export interface ParquetEventWriter extends EventWriter {
  /** Committed files, in the order they were completed (filled by `close`). */
  readonly files: readonly string[];
}

interface Target {
  /** `class_uid@version`. */
  key: string;
  schema: OcsfParquetSchema;
  index: FieldIndex;
  /** The class schema's compiled check (for events whose file has no fixed columns yet). */
  check: CompiledCheck | undefined;
  /** Security Lake layout: the route of each partition seen; plain layout: the one route. */
  routes: Map<Partition, Route>;
  plainRoute?: Route;
}

interface OpenFile {
  key: string;
  file: ParquetFile;
  /** The compiled check of the file's columns, once they are fixed (`checkOf` is the index it was made for). */
  check?: CompiledCheck | undefined;
  checkOf?: FieldIndex;
}

interface Route {
  key: string;
  target: Target;
  makePath: () => string;
}

export const DEFAULT_ROW_GROUP_ROWS = 131_072;
export const DEFAULT_ROW_GROUP_BYTES = 32 * 1024 * 1024;
export const DEFAULT_MAX_BUFFERED_BYTES = 24 * 1024 * 1024;
export const DEFAULT_SCHEMA_ROWS = 1000;
/** Open pages below this (per file) are left to fill: compacting them would give back little. */
const COMPACT_MIN_BYTES = 512 * 1024;
/** Events waiting for their file's columns, across files (each is a whole event object in memory). */
const MAX_PENDING_EVENTS = 500;
/** Routes kept per class (one per partition seen); beyond this they are made anew. */
const MAX_ROUTES = 4096;
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Writes OCSF events to Parquet: one file per OCSF class and version (and, in the Security Lake layout, per
 * partition), each with the schema derived from the class definition. Every file is written to a temp file
 * and renamed into place on `close`; `abort` removes them all.
 */
export function createParquetWriter(options: ParquetWriterOptions): ParquetEventWriter {
  return new LakeWriter(options);
}

class LakeWriter implements ParquetEventWriter {
  readonly target: string;
  readonly files: string[] = [];
  readonly #options: ParquetWriterOptions;
  readonly #compression: ParquetCompression;
  readonly #compressionLevel: number;
  /** One codec for every file, made with the first: it remembers the pages it compressed last (withRecentPages). */
  #codec: Codec | undefined;
  readonly #columns: ParquetColumns;
  readonly #rowGroupRows: number;
  readonly #maxBuffered: number;
  readonly #rowGroupBytes: number;
  readonly #maxBufferedBytes: number;
  readonly #schemaRows: number;
  readonly #ledger = new Ledger();
  readonly #pendingEvents = { count: 0 };
  readonly #maxFileBytes: number;
  readonly #targets = new Map<string, Target>();
  readonly #open = new Map<string, OpenFile>();
  readonly #partitions = new PartitionCache();
  /** The last event's class target: consecutive events are mostly of one class. */
  #lastTarget: Target | undefined;
  #lastClass: unknown;
  #lastVersion: unknown;
  #buffered = 0;
  /** Security Lake layout: the custom source of each class (one class per source). */
  readonly #lakeSources: LakeSources | undefined;
  #pending: Promise<void> = Promise.resolve();
  #inflight = 0;
  #failure: unknown;

  constructor(options: ParquetWriterOptions) {
    const layout = options.layout ?? 'plain';
    this.#lakeSources = layout === 'security-lake' ? new LakeSources(options.sourceName) : undefined;
    this.#options = { ...options, layout };
    this.#compression = options.compression ?? 'gzip';
    this.#compressionLevel = options.compressionLevel ?? COMPRESSION_LEVELS[this.#compression].default;
    const levelProblem = compressionLevelProblem(this.#compression, this.#compressionLevel, 'compressionLevel');
    if (levelProblem) throw new Error(levelProblem);
    this.#columns = options.columns ?? 'present';
    this.#rowGroupRows = Math.max(1, options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS);
    this.#maxBuffered = Math.max(this.#rowGroupRows, options.maxBufferedRows ?? 4 * this.#rowGroupRows);
    this.#rowGroupBytes = Math.max(1, options.rowGroupBytes ?? DEFAULT_ROW_GROUP_BYTES);
    this.#maxBufferedBytes = Math.max(1, options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES);
    this.#schemaRows = Math.min(this.#rowGroupRows, options.schemaRows ?? DEFAULT_SCHEMA_ROWS);
    this.#maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.target = options.dir;
  }

  write(event: OcsfEvent): Promise<void> | undefined {
    if (this.#failure) throw this.#failure;
    const route = this.#route(event);
    // Checked in full before any of it is kept: a refused event leaves nothing in a file.
    const open = this.#open.get(route.key);
    const fits = this.#check(event, route.target, open);
    if (!open || this.#inflight > 0) {
      // Opening a file is asynchronous; later events wait behind it (the caller awaits the promise).
      return this.#chain(() => this.#place(route, event));
    }
    if (!fits) return this.#chain(() => this.#place(route, event));
    this.#add(open, event);
    if (this.#mustFlush(open)) return this.#chain(() => this.#afterAdd(open));
    return undefined;
  }

  /**
   * Whether the event fits the open file's columns (throws the ParquetEncodeError of an event that does
   * not fit the class): the compiled check answers for the events that fit, `checkEvent` for the others.
   */
  #check(event: OcsfEvent, target: Target, open: OpenFile | undefined): boolean {
    const fileIndex = open?.file.index;
    if (open === undefined || fileIndex === undefined) {
      if (target.check?.(event)) return true;
    } else {
      if (open.checkOf !== fileIndex) {
        open.check = compileIndexCheck(fileIndex);
        open.checkOf = fileIndex;
      }
      if (open.check?.(event)) return true;
    }
    return checkEvent(event, target.index, fileIndex);
  }

  #mustFlush(open: OpenFile): boolean {
    return (
      open.file.buffered >= this.#rowGroupRows ||
      open.file.ledger.held >= this.#rowGroupBytes ||
      this.#buffered > this.#maxBuffered ||
      this.#ledger.held > this.#maxBufferedBytes
    );
  }

  /** Adds an event to its partition's file, opening one, or replacing one whose columns it does not fit. */
  async #place(route: Route, row: OcsfEvent): Promise<void> {
    let open = this.#open.get(route.key);
    if (open && !open.file.fits(row)) {
      // The file's columns were fixed by its first row group; this row has attributes beyond them.
      await this.#retire(open);
      open = undefined;
    }
    open ??= await this.#openFile(route);
    this.#add(open, row);
    await this.#afterAdd(open);
  }

  async close(): Promise<void> {
    await this.#settle();
    const open = [...this.#open.values()];
    this.#open.clear();
    try {
      for (const o of open) {
        await o.file.commit();
        this.files.push(o.file.target);
      }
    } catch (err) {
      for (const o of open) await o.file.abort();
      throw err;
    }
  }

  async abort(): Promise<void> {
    await this.#pending.catch(() => {});
    const open = [...this.#open.values()];
    this.#open.clear();
    for (const o of open) await o.file.abort();
  }

  /** Runs asynchronous steps one after another, so rows reach their files in event order. */
  #chain(step: () => Promise<void>): Promise<void> {
    this.#inflight++;
    const next = this.#pending.then(step).finally(() => {
      this.#inflight--;
    });
    this.#pending = next.catch((err: unknown) => {
      this.#failure ??= err;
    });
    return next;
  }

  async #settle(): Promise<void> {
    await this.#pending;
    if (this.#failure) throw this.#failure;
  }

  #add(open: OpenFile, row: OcsfEvent): void {
    open.file.add(row);
    this.#buffered++;
    if (this.#pendingEvents.count > MAX_PENDING_EVENTS) {
      let most: OpenFile | undefined;
      for (const o of this.#open.values()) if (!most || o.file.pending > most.file.pending) most = o;
      most?.file.fixSchema();
    }
  }

  async #afterAdd(open: OpenFile): Promise<void> {
    if (open.file.buffered >= this.#rowGroupRows || open.file.ledger.held >= this.#rowGroupBytes) {
      await this.#flush(open);
    }
    while (this.#buffered > this.#maxBuffered) {
      let fullest: OpenFile | undefined;
      for (const o of this.#open.values()) if (!fullest || o.file.buffered > fullest.file.buffered) fullest = o;
      if (!fullest || fullest.file.buffered === 0) break;
      await this.#flush(fullest);
    }
    // Over the byte budget: first compress the largest open pages (most of what an active file holds is
    // its uncompressed open pages), and only then write the row group of the file holding most.
    while (this.#ledger.held > this.#maxBufferedBytes) {
      let widest: OpenFile | undefined;
      let widestBytes = 0;
      for (const o of this.#open.values()) {
        const bytes = o.file.openBytes();
        if (bytes > widestBytes) {
          widest = o;
          widestBytes = bytes;
        }
      }
      // A file with little in open pages is not worth it: its row group is what holds the bytes.
      if (!widest || widestBytes < COMPACT_MIN_BYTES) break;
      widest.file.compact();
    }
    while (this.#ledger.held > this.#maxBufferedBytes) {
      let fullest: OpenFile | undefined;
      for (const o of this.#open.values()) {
        if (o.file.buffered > 0 && (!fullest || o.file.ledger.held > fullest.file.ledger.held)) fullest = o;
      }
      if (!fullest) break;
      await this.#flush(fullest);
    }
  }

  async #flush(open: OpenFile): Promise<void> {
    this.#buffered -= open.file.buffered;
    await open.file.flushRowGroup();
    // Size limit: this file is complete; the partition's next event starts a new one.
    if (open.file.bytesWritten >= this.#maxFileBytes) await this.#retire(open);
  }

  async #retire(open: OpenFile): Promise<void> {
    this.#open.delete(open.key);
    this.#buffered -= open.file.buffered;
    await open.file.commit();
    this.files.push(open.file.target);
  }

  async #openFile(route: Route): Promise<OpenFile> {
    // The file writer loads with the first Parquet file, not with every import of core.
    const { ParquetFile } = await import('./file.js');
    this.#codec ??= withRecentPages(codecFor(this.#compression, this.#compressionLevel));
    const file = await ParquetFile.create(route.makePath(), route.target.schema, {
      codec: this.#codec,
      columns: this.#columns,
      schemaRows: this.#schemaRows,
      ledger: this.#ledger,
      pending: this.#pendingEvents,
    });
    const open: OpenFile = { key: route.key, file };
    this.#open.set(route.key, open);
    return open;
  }

  #route(event: OcsfEvent): Route {
    const classUid = event['class_uid'];
    const version = (event['metadata'] as { version?: unknown } | undefined)?.version;
    if (typeof classUid !== 'number' || typeof version !== 'string') {
      throw new ParquetEncodeError(
        'parquet/class',
        'an event without a numeric class_uid and a metadata.version cannot be written to Parquet (its schema depends on both)',
      );
    }
    let target = this.#lastTarget;
    if (target === undefined || classUid !== this.#lastClass || version !== this.#lastVersion) {
      target = this.#target(classUid, version);
      this.#lastTarget = target;
      this.#lastClass = classUid;
      this.#lastVersion = version;
    }
    const { dir } = this.#options;
    if (!this.#lakeSources) {
      target.plainRoute ??= {
        key: target.key,
        target,
        makePath: () => plainPath(dir, classUid, this.#compression),
      };
      return target.plainRoute;
    }
    // One route per class and partition, found by the partition's (cached) object.
    const partition = this.#partitions.of(event);
    const known = target.routes.get(partition);
    if (known) return known;
    // Asked for every new route: it also records (and refuses) the class a source holds.
    const sourceName = this.#lakeSources.nameFor(classUid, version);
    if (target.routes.size >= MAX_ROUTES) target.routes.clear();
    const route: Route = {
      key: `${target.key}|${partition.region}|${partition.accountId}|${partition.eventDay}`,
      target,
      makePath: () => securityLakePath(dir, sourceName, partition, this.#compression),
    };
    target.routes.set(partition, route);
    return route;
  }

  #target(classUid: number, version: string): Target {
    const key = `${classUid}@${version}`;
    let target = this.#targets.get(key);
    if (!target) {
      const schema = ocsfParquetSchema(classUid, version, { maxDepth: this.#options.maxDepth });
      target = {
        key,
        schema,
        index: indexFields(schema.fields),
        check: compileCheck(schema.fields),
        routes: new Map(),
      };
      this.#targets.set(key, target);
    }
    return target;
  }
}
