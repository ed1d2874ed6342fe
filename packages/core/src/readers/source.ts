import { createReadStream } from 'node:fs';
import type { Readable, Transform } from 'node:stream';
import { constants, createGunzip, type Gunzip } from 'node:zlib';
import { InputError } from './types.js';

export const HEAD_BYTES = 64 * 1024;

/**
 * The decompressed bytes of one input, with its head already read (for sniffing and sampling) and
 * replayed by `chunks()`, so nothing is read twice and stdin works the same as a file.
 */
export interface ByteSource {
  readonly gzip: boolean;
  /** Raw (undecompressed) bytes start with the Parquet magic `PAR1`. */
  readonly parquetMagic: boolean;
  /** The first decompressed chunks, at least HEAD_BYTES of them unless the input is shorter. */
  readonly headChunks: readonly Buffer[];
  /** True when the head holds the whole input. */
  readonly complete: boolean;
  /** Every decompressed chunk from the start; call once. */
  chunks(): AsyncGenerator<Buffer>;
  bytesRead(): number;
  close(): void;
}

/** Opens a byte stream (a file, or stdin when `stream` is given) and reads its head. */
export async function openByteSource(
  file: string,
  path: string | null,
  stream: NodeJS.ReadableStream | undefined,
): Promise<ByteSource> {
  const counter = { bytes: 0 };
  // 64 KiB reads: plain-text VPC input translated ~10% faster than with 256 KiB reads (and with a
  // smaller RSS); gzip input measured the same either way.
  const rawStream: NodeJS.ReadableStream =
    path !== null ? createReadStream(path, { highWaterMark: 64 * 1024 }) : (stream as NodeJS.ReadableStream);
  const raw = counted(rawStream, counter, file)[Symbol.asyncIterator]();

  // Peek at the first bytes for the gzip and Parquet magic numbers.
  const peeked: Buffer[] = [];
  let peekedLength = 0;
  let rawDone = false;
  let pendingError: unknown;
  try {
    while (peekedLength < 4) {
      const r = await raw.next();
      if (r.done) {
        rawDone = true;
        break;
      }
      peeked.push(r.value);
      peekedLength += r.value.length;
    }
  } catch (err) {
    pendingError = err;
  }
  const magic = peeked.length === 1 ? (peeked[0] as Buffer) : Buffer.concat(peeked);
  const gzip = magic.length >= 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const parquetMagic = magic.length >= 4 && magic.toString('latin1', 0, 4) === 'PAR1';

  async function* rawChunks(): AsyncGenerator<Buffer> {
    yield* peeked;
    if (pendingError !== undefined) throw pendingError;
    if (rawDone) return;
    for (;;) {
      const r = await raw.next();
      if (r.done) return;
      yield r.value;
    }
  }

  let gunzip: ReturnType<typeof createGunzip> | undefined;
  let decompressed: AsyncIterator<Buffer>;
  if (gzip) {
    // 64 KiB output chunks instead of zlib's 16 KiB: each chunk crosses several async iterators on its
    // way to the line splitter, and with the default size that hand-off cost as much as the inflate
    // (scripts/bench-lines.mjs --gzip: 68 → 120 MB/s).
    gunzip = createGunzip({ chunkSize: 64 * 1024 });
    void feed(rawChunks(), gunzip);
    decompressed = gunzipChunks(gunzip, file, counter)[Symbol.asyncIterator]();
  } else {
    decompressed = rawChunks();
  }

  const headChunks: Buffer[] = [];
  let headLength = 0;
  let done = false;
  let headError: unknown;
  try {
    while (headLength < HEAD_BYTES) {
      const r = await decompressed.next();
      if (r.done) {
        done = true;
        break;
      }
      headChunks.push(r.value);
      headLength += r.value.length;
    }
  } catch (err) {
    headError = err;
  }

  let used = false;
  return {
    gzip,
    parquetMagic,
    headChunks,
    complete: done || headError !== undefined,
    async *chunks() {
      if (used) throw new Error('records() can be called once per opened input');
      used = true;
      yield* headChunks;
      if (headError !== undefined) throw headError;
      if (done) return;
      for (;;) {
        const r = await decompressed.next();
        if (r.done) return;
        yield r.value;
      }
    },
    bytesRead: () => counter.bytes,
    close() {
      gunzip?.destroy();
      // Never destroy the process's own stdin; a file stream is ours to close.
      if (path !== null) (rawStream as Readable).destroy();
    },
  };
}

async function* counted(
  stream: NodeJS.ReadableStream,
  counter: { bytes: number },
  file: string,
): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      counter.bytes += buffer.length;
      yield buffer;
    }
  } catch (err) {
    throw readError(err, file, counter.bytes);
  }
}

/** Resolves once `stream` emits one of `events`. */
function once(stream: Gunzip, events: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of events) stream.off(event, done);
      resolve();
    };
    for (const event of events) stream.once(event, done);
  });
}

/**
 * Writes the compressed chunks into gunzip, with back-pressure, and ends it only once every chunk is
 * inflated: zlib gives the last chunk written before `end()` its finishing flush, and when that flush fails
 * (a truncated file) what the same call inflated is lost with the error. From a stream of small chunks
 * (stdin, an S3 body) the last several chunks were still queued at the end, and all they inflated was lost:
 * 35 of 50 records at 64-byte chunks. A sync flush first inflates everything written; the end then only
 * finds the file short. A read error of the source becomes gunzip's error (the consumer's InputError).
 */
async function feed(chunks: AsyncGenerator<Buffer>, gunzip: Gunzip): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (gunzip.destroyed) return;
      if (!gunzip.write(chunk)) {
        await once(gunzip, ['drain', 'close']);
        // Closed (the input was closed before its end): stop reading the source.
        if (gunzip.destroyed) return;
      }
    }
    if (gunzip.destroyed) return;
    await new Promise<void>((resolve) => {
      gunzip.flush(constants.Z_SYNC_FLUSH, resolve);
      gunzip.once('close', resolve);
    });
    if (!gunzip.destroyed) gunzip.end();
  } catch (err) {
    gunzip.destroy(err as Error);
  }
}

/** Decompressed chunks queued before the consumer takes them; past this the stream is paused. */
const QUEUED_CHUNKS = 4;

/**
 * The chunks of a gunzip stream, then its error. Not `for await (… of gunzip)`: a stream's async iterator
 * drops the chunks it had buffered when the stream fails, and a truncated file must hand on every byte
 * inflated before the fault (the last records of the file are in them).
 */
async function* gunzipChunks(gunzip: Transform, file: string, counter: { bytes: number }): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let failure: unknown;
  let ended = false;
  let inflated = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  gunzip.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    if (queue.length >= QUEUED_CHUNKS) gunzip.pause();
    notify();
  });
  gunzip.on('error', (err: unknown) => {
    failure ??= err;
    notify();
  });
  gunzip.on('end', () => {
    ended = true;
    notify();
  });
  gunzip.on('close', () => {
    ended = true;
    notify();
  });
  for (;;) {
    const chunk = queue.shift();
    if (chunk !== undefined) {
      if (queue.length < QUEUED_CHUNKS) gunzip.resume();
      inflated += chunk.length;
      yield chunk;
      continue;
    }
    if (failure !== undefined) throw gunzipError(failure, file, counter.bytes, inflated);
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

function gunzipError(err: unknown, file: string, compressed: number, inflated: number): InputError {
  if (err instanceof InputError) return err;
  const code = (err as { code?: unknown }).code;
  const read = `${inflated} bytes inflated from the first ${compressed} compressed bytes were read`;
  if (code === 'Z_BUF_ERROR') {
    return new InputError(
      'input/truncated-gzip',
      file,
      `${file}: the gzip data ends early, after ${compressed} compressed bytes: the file is truncated or was not fully copied (or has bytes after its end). The records in the ${read}; fetch the complete file again.`,
      { cause: err },
    );
  }
  return new InputError(
    'input/corrupt-gzip',
    file,
    `${file}: the gzip data is corrupt near compressed byte ${compressed} (${(err as Error).message}). The records in the ${read}; fetch the file again.`,
    { cause: err },
  );
}

/** Maps a stream or file-system error to an InputError. */
export function readError(err: unknown, file: string, position?: number): InputError {
  if (err instanceof InputError) return err;
  const code = (err as { code?: unknown }).code;
  const at = position === undefined ? '' : ` after ${position} bytes`;
  if (code === 'ENOENT')
    return new InputError('input/not-found', file, `${file}: no such file. Check the path.`, { cause: err });
  if (code === 'EISDIR')
    return new InputError('input/is-directory', file, `${file} is a directory; pass the files inside it (or a glob).`, {
      cause: err,
    });
  if (code === 'EACCES' || code === 'EPERM')
    return new InputError(
      'input/permission-denied',
      file,
      `${file}: permission denied. Check the file's permissions.`,
      { cause: err },
    );
  return new InputError(
    'input/read-failed',
    file,
    `${file}: reading failed${at} (${(err as Error)?.message ?? String(err)}).`,
    {
      cause: err,
    },
  );
}
