import { createWriteStream, type Stats as FileStats, type WriteStream } from 'node:fs';
import { lstat, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { ensureDir, OutputError, outputError, tempPathFor, trackTemp, untrackTemp } from './output-files.js';

/**
 * A byte destination with back-pressure. File sinks are atomic: they write to a hidden temp file beside
 * the target and rename it into place on commit, so a crash never leaves a half file that looks complete.
 */
export interface TextSink {
  /**
   * Resolves immediately unless the destination asked to slow down. Bytes are UTF-8; a byte array is
   * handed to the stream as is, so the caller must not reuse it, unless `written` is called: file sinks
   * call it once the bytes are in the file. Other streams never do (a stream's write callback can run
   * while the bytes still sit in a downstream buffer).
   */
  write(data: string | Uint8Array, written?: () => void): Promise<void> | undefined;
  /** Flushes and, for files, renames the temp file into place. */
  commit(): Promise<void>;
  /** Discards what was written (files: the temp file is removed). */
  abort(): Promise<void>;
  /** Where it writes, for messages. */
  readonly target: string;
}

export type SinkTarget = '-' | string | { stream: Writable; name: string };

/**
 * Opens a destination. A path that is a symbolic link is followed: the file it points to is replaced, the
 * link stays. A character device, block device or FIFO is written straight through (no temp file: a rename
 * would replace the device node). A regular file, or a new one, is written atomically. Failures are
 * OutputErrors naming `target`.
 */
export async function openSink(target: SinkTarget): Promise<TextSink> {
  if (target === '-') return streamSink(process.stdout, '<stdout>', false);
  if (typeof target === 'object') return streamSink(target.stream, target.name, false);
  const { path, existing } = await resolveTarget(target);
  if (existing && !existing.isFile()) {
    if (existing.isDirectory()) {
      throw new OutputError('EISDIR', target, `${target} is a directory; give a file path`);
    }
    if (existing.isSocket()) throw new OutputError('ENXIO', target, `${target} is a socket; give a file path`);
    const stream = createWriteStream(path, { flags: 'w', highWaterMark: 1024 * 1024 });
    await opened(stream, target, 'cannot open it for writing');
    return streamSink(stream, target, true, true, (err) => outputError(err, target, 'cannot write to it'));
  }
  await ensureDir(dirname(path), target);
  const temp = tempPathFor(path);
  // Room for a few of the writers' 256 KiB buffers: the next events are encoded while the file system
  // writes the last ones, instead of waiting for 'drain' after every buffer (the default is 16 KiB).
  const stream = createWriteStream(temp, { flags: 'wx', highWaterMark: 1024 * 1024 });
  trackTemp(temp);
  try {
    await opened(stream, target, `cannot create a file in ${dirname(path)}`);
  } catch (err) {
    untrackTemp(temp);
    throw err;
  }
  return fileSink(stream, temp, path, target);
}

/** The path to write (a symbolic link's final target) and what is there now, if anything. */
async function resolveTarget(target: string): Promise<{ path: string; existing?: FileStats }> {
  let link: FileStats;
  try {
    link = await lstat(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return { path: target };
    }
    throw outputError(err, target, 'cannot look at it');
  }
  if (!link.isSymbolicLink()) return { path: target, existing: link };
  try {
    const path = await realpath(target);
    return { path, existing: await stat(path) };
  } catch (err) {
    throw outputError(err, target, 'it is a symbolic link whose target cannot be reached');
  }
}

function opened(stream: WriteStream, target: string, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (err) => reject(outputError(err, target, what)));
  });
}

function waitDrain(stream: Writable, wrap: (err: Error) => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      stream.off('drain', onDrain);
      reject(wrap(err));
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

/** `reportsWritten`: the stream's write callback means the bytes are in their file (fs.WriteStream). */
function streamSink(
  stream: Writable,
  name: string,
  own: boolean,
  reportsWritten = false,
  wrap: (err: Error) => Error = (err) => err,
): TextSink {
  let failure: Error | undefined;
  const onError = (err: Error) => {
    failure ??= wrap(err);
  };
  stream.on('error', onError);
  return {
    target: name,
    write(data, written) {
      if (failure) throw failure;
      const ok =
        reportsWritten && written
          ? stream.write(data, (err) => {
              if (!err) written();
            })
          : stream.write(data);
      return ok ? undefined : waitDrain(stream, wrap);
    },
    async commit() {
      if (failure) throw failure;
      if (own)
        await new Promise<void>((resolve, reject) =>
          stream.end((err?: Error | null) => (err ? reject(failure ?? wrap(err)) : resolve())),
        );
      else if (stream.writableNeedDrain) await waitDrain(stream, wrap);
      stream.off('error', onError);
    },
    async abort() {
      stream.off('error', onError);
      if (own) stream.destroy();
    },
  };
}

function fileSink(stream: WriteStream, temp: string, path: string, target: string): TextSink {
  const inner = streamSink(stream, target, true, true, (err) => outputError(err, target, 'cannot write to it'));
  let done = false;
  const discard = async () => {
    await rm(temp, { force: true });
    untrackTemp(temp);
  };
  return {
    target,
    write: (data, written) => inner.write(data, written),
    async commit() {
      if (done) return;
      done = true;
      try {
        await inner.commit();
      } catch (err) {
        await discard();
        throw err;
      }
      try {
        await rename(temp, path);
        untrackTemp(temp);
      } catch (err) {
        await discard();
        throw outputError(err, target, 'cannot move the finished file into place');
      }
    },
    async abort() {
      if (done) return;
      done = true;
      stream.destroy();
      await discard();
    },
  };
}
