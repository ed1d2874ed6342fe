import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * A file output that cannot be made or written: the message names the target (never a temp file) and says
 * what to do; `code` is the errno code (`ENOENT`, `ENOSPC`, …) or `EISDIR`/`ENOTDIR` for paths we refuse.
 */
export class OutputError extends Error {
  readonly code: string;
  /** The output path the caller asked for. */
  readonly target: string;
  constructor(code: string, target: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OutputError';
    this.code = code;
    this.target = target;
  }
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large for the file system',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'a name in the path is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  ELOOP: 'too many levels of symbolic links',
  ENXIO: 'no such device, or a FIFO with no reader',
  EIO: 'input/output error',
  EXDEV: 'the temp file and the target are on different file systems',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
};

const ERRNO_HINT: Readonly<Record<string, string>> = {
  ENOSPC: 'free some space or write elsewhere',
  EDQUOT: 'free some space or write elsewhere',
  EFBIG: 'write elsewhere',
  EACCES: 'choose a location you can write to',
  EPERM: 'choose a location you can write to',
  EROFS: 'choose a writable location',
  ENAMETOOLONG: 'choose a shorter name',
  EMFILE: 'lower --jobs or raise the open-file limit (ulimit -n)',
  ENFILE: 'lower --jobs or raise the open-file limit (ulimit -n)',
};

/** `no space left on the device (ENOSPC)`: the errno's meaning, with its code for searching. */
export function describeErrno(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return err instanceof Error ? err.message : String(err);
  return `${ERRNO_TEXT[code] ?? (err as Error).message.replace(/,.*$/, '')} (${code})`;
}

/** Wraps a file-system error met while making or writing `target`; `what` says what was being done. */
export function outputError(err: unknown, target: string, what: string): OutputError {
  if (err instanceof OutputError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  const hint = ERRNO_HINT[code] ?? 'check the path, or choose another location';
  return new OutputError(code, target, `${target}: ${what}: ${describeErrno(err)}; ${hint}`, { cause: err });
}

/**
 * Creates `dir` and its missing parents, one level at a time. Node's own `mkdir(…, { recursive: true })`
 * loops for ever where a file system refuses `mkdir` with ENOENT under an existing directory (`/proc`), and
 * reports a file in the way as a bare EEXIST; here every failure ends with an OutputError about `target`.
 */
export async function ensureDir(dir: string, target: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    let isDir: boolean;
    try {
      isDir = (await stat(current)).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ENOTDIR: a file further up; walking up finds it and says so.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        throw outputError(err, target, `cannot look at the directory ${current}`);
      }
      missing.push(current);
      const up = dirname(current);
      if (up === current) throw outputError(err, target, `the root directory ${current} does not exist`);
      current = up;
      continue;
    }
    if (!isDir) {
      throw new OutputError(
        'ENOTDIR',
        target,
        `${target}: ${current} is a file, not a directory; choose another path or move the file`,
      );
    }
    break;
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(d).catch(() => undefined))?.isDirectory()) {
        continue;
      }
      throw outputError(err, target, `cannot create the directory ${d}`);
    }
  }
}

/** A file name holds at most this many bytes on the file systems we write to (ext4, XFS, APFS, NTFS). */
export const NAME_MAX = 255;

/** The longest prefix of `text` that takes at most `bytes` UTF-8 bytes, never splitting a character. */
export function truncateUtf8(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let used = 0;
  let end = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    used += size;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** Temp files: `.<name>.<pid>.<8 hex>.tmp` beside the target; the stale sweep knows them by this shape. */
export const TEMP_FILE = /^\..*\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/** A hidden temp path beside `target`, its name cut so that it stays within NAME_MAX bytes. */
export function tempPathFor(target: string): string {
  const suffix = `.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const name = truncateUtf8(basename(target), NAME_MAX - 1 - suffix.length);
  return join(dirname(target), `.${name}${suffix}`);
}

const liveTemps = new Set<string>();

/** Records a temp file this thread is writing, so that an exit path can remove it (see removeTempFilesSync). */
export function trackTemp(path: string): void {
  liveTemps.add(path);
}

export function untrackTemp(path: string): void {
  liveTemps.delete(path);
}

/**
 * Removes, synchronously, every temp file this thread still has open: for exit paths (signals, EPIPE) that
 * cannot wait for writers to abort. Worker threads have their own; their temp files carry the process id.
 */
export function removeTempFilesSync(): void {
  for (const path of liveTemps) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Nothing else can be done on the way out; the next run's stale sweep removes it.
    }
  }
  liveTemps.clear();
}
