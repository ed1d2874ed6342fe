import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { finished } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import {
  createJsonlWriter,
  createParquetWriter,
  type EventWriter,
  type OcsfEvent,
  type Partition,
  partitionOf,
} from '@ocsfx/core';
import type { OutputFormat } from './config.js';

/**
 * Events of one source object, written to a private temp directory in the Security Lake layout before they
 * are uploaded: `ext/<source>/region=…/accountId=…/eventDay=…/…`. Writing locally first keeps the upload
 * all-or-nothing per file and lets the SDK retry a PUT with the same bytes.
 */
export interface StagedOutput extends Pick<EventWriter, 'write'> {
  /** Finishes every file; returns them with their partition directory relative to the layout root. */
  close(): Promise<StagedFile[]>;
  abort(): Promise<void>;
}

export interface StagedFile {
  path: string;
  /** `ext/<source>/region=…/accountId=…/eventDay=…` with `/` separators. */
  partitionDir: string;
  /** `.gz.parquet` or `.ocsf.jsonl.gz`. */
  extension: string;
}

export function partitionDir(sourceName: string, p: Partition): string {
  return `ext/${sourceName}/region=${p.region}/accountId=${p.accountId}/eventDay=${p.eventDay}`;
}

export function stageOutput(dir: string, format: OutputFormat, sourceName: string): StagedOutput {
  return format === 'parquet' ? stageParquet(dir, sourceName) : new StagedJsonl(dir, sourceName);
}

/**
 * Events of several OCSF classes (plugins sharing an object, or a plugin with other classes), each class to
 * the custom source named for it. The caller's event check has already refused a class with no name.
 */
export function stageByClass(dir: string, format: OutputFormat, sourceFor: (classUid: number) => string): StagedOutput {
  const outputs = new Map<number, StagedOutput>();
  return {
    write(event) {
      const classUid = event['class_uid'] as number;
      let out = outputs.get(classUid);
      if (!out) {
        out = stageOutput(join(dir, String(classUid)), format, sourceFor(classUid));
        outputs.set(classUid, out);
      }
      return out.write(event);
    },
    async close() {
      const files: StagedFile[] = [];
      for (const out of outputs.values()) files.push(...(await out.close()));
      return files;
    },
    async abort() {
      for (const out of outputs.values()) await out.abort();
    },
  };
}

function stageParquet(dir: string, sourceName: string): StagedOutput {
  // Core's writer partitions by the same partitionOf and keeps one OCSF class per source location.
  const writer = createParquetWriter({ dir, layout: 'security-lake', sourceName, compression: 'gzip' });
  return {
    write: (event) => writer.write(event),
    async close() {
      await writer.close();
      return writer.files.map((path) => ({
        path,
        partitionDir: relative(dir, dirname(path)).split(sep).join('/'),
        extension: '.gz.parquet',
      }));
    },
    abort: () => writer.abort(),
  };
}

interface OpenJsonl {
  path: string;
  partitionDir: string;
  gzip: Gzip;
  done: Promise<void>;
  writer: EventWriter;
}

/** One gzip-compressed JSONL file per partition. */
class StagedJsonl implements StagedOutput {
  readonly #dir: string;
  readonly #sourceName: string;
  readonly #open = new Map<string, OpenJsonl>();

  constructor(dir: string, sourceName: string) {
    this.#dir = dir;
    this.#sourceName = sourceName;
  }

  write(event: OcsfEvent): Promise<void> | undefined {
    const part = partitionDir(this.#sourceName, partitionOf(event));
    const open = this.#open.get(part);
    if (open) return open.writer.write(event);
    return this.#openFile(part).then((o) => o.writer.write(event));
  }

  async #openFile(part: string): Promise<OpenJsonl> {
    const path = join(this.#dir, ...part.split('/'), `part-${this.#open.size}.ocsf.jsonl.gz`);
    await mkdir(dirname(path), { recursive: true });
    const gzip = createGzip();
    const file = createWriteStream(path);
    gzip.pipe(file);
    const open: OpenJsonl = {
      path,
      partitionDir: part,
      gzip,
      done: finished(file),
      writer: await createJsonlWriter({ stream: gzip, name: path }),
    };
    // Keep a write error for close() instead of an unhandled rejection.
    open.done.catch(() => {});
    this.#open.set(part, open);
    return open;
  }

  async close(): Promise<StagedFile[]> {
    const files: StagedFile[] = [];
    for (const open of this.#open.values()) {
      await open.writer.close();
      open.gzip.end();
      await open.done;
      files.push({ path: open.path, partitionDir: open.partitionDir, extension: '.ocsf.jsonl.gz' });
    }
    return files;
  }

  async abort(): Promise<void> {
    for (const open of this.#open.values()) open.gzip.destroy();
    this.#open.clear();
  }
}
