import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

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

export async function openSink(target: SinkTarget): Promise<TextSink> {
  if (target === '-') return streamSink(process.stdout, '<stdout>', false);
  if (typeof target === 'object') return streamSink(target.stream, target.name, false);
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // Room for a few of the writers' 256 KiB buffers: the next events are encoded while the file system
  // writes the last ones, instead of waiting for 'drain' after every buffer (the default is 16 KiB).
  const stream = createWriteStream(temp, { highWaterMark: 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  return fileSink(stream, temp, target);
}

function waitDrain(stream: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      stream.off('drain', onDrain);
      reject(err);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

/** `reportsWritten`: the stream's write callback means the bytes are in their file (fs.WriteStream). */
function streamSink(stream: Writable, name: string, own: boolean, reportsWritten = false): TextSink {
  let failure: Error | undefined;
  const onError = (err: Error) => {
    failure ??= err;
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
      return ok ? undefined : waitDrain(stream);
    },
    async commit() {
      if (failure) throw failure;
      if (own)
        await new Promise<void>((resolve, reject) =>
          stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
        );
      else if (stream.writableNeedDrain) await waitDrain(stream);
      stream.off('error', onError);
    },
    async abort() {
      stream.off('error', onError);
    },
  };
}

function fileSink(stream: WriteStream, temp: string, target: string): TextSink {
  const inner = streamSink(stream, target, true, true);
  let done = false;
  return {
    target,
    write: (data, written) => inner.write(data, written),
    async commit() {
      if (done) return;
      done = true;
      try {
        await inner.commit();
        await rename(temp, target);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
    },
    async abort() {
      if (done) return;
      done = true;
      stream.destroy();
      await rm(temp, { force: true });
    },
  };
}
