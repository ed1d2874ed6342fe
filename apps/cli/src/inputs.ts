import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describeErrno } from '@ocsfx/core';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CliError, usageError } from './errors.js';
import { awsSupport, isS3 } from './s3.js';

export interface ExpandOptions {
  /** `--exclude` globs: without a `/` they match a file or directory name, with one the path as shown. */
  exclude?: readonly string[];
  /**
   * Paths this run writes (the `-o` directory or file, the `--rejects` file): never read back from a
   * directory or a glob, so that re-running `translate dir -o dir/out/` does not translate its own outputs.
   */
  skip?: readonly string[];
}

/**
 * Refuses an empty input argument or path flag before anything is read or written: taken as a path, `''` is
 * the current directory, so `ocsfx translate "$LOGS" -o "$OUT/"` with an unset variable would read every file
 * below it or write beside it. `paths` are the path flags as the user spelled them (`-o`, `--rejects`, …).
 */
export function refuseEmptyPaths(inputs: readonly string[], paths: Readonly<Record<string, string | undefined>>) {
  if (inputs.some((arg) => arg === '')) {
    throw usageError(
      'an input argument is empty (an unset shell variable?): name a file, a directory, a glob, s3://… or - for standard input',
    );
  }
  for (const [flag, value] of Object.entries(paths)) {
    if (value === '')
      throw usageError(`${flag} is empty (an unset shell variable?): give a path, or - where it takes one`);
  }
}

/**
 * Input arguments expanded to files: files as given, directories recursively (sorted), globs, `-` for stdin,
 * `s3://bucket/prefix` as the objects below it (with @ocsfx/aws installed).
 */
export async function expandInputs(
  args: readonly string[],
  cwd = process.cwd(),
  options: ExpandOptions = {},
): Promise<string[]> {
  const excluded = excluder(options.exclude ?? []);
  const skip = (options.skip ?? []).map((p) => realOrResolved(resolve(cwd, p)));
  const within = (real: string, s: string) => real === s || real.startsWith(s.endsWith(sep) ? s : `${s}${sep}`);
  const skipped = (abs: string, root: string) => {
    const real = realOrResolved(abs);
    return skip.some((s) =>
      // An output directory that is the input directory (or holds it) cannot be left out whole: there only
      // the files it writes are (`*.ocsf.jsonl`, `*.ocsf.partial.json`, …).
      within(root, s) ? OUTPUT_NAME.test(real) && within(real, s) : within(real, s),
    );
  };
  const shown = (abs: string, arg: string) => (arg.startsWith('/') ? abs : relativeTo(cwd, abs));
  const out: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push('-');
      continue;
    }
    if (isS3(arg)) {
      out.push(...(await (await awsSupport(cwd)).listS3Inputs(arg).catch(s3Failure)));
      continue;
    }
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(resolve(cwd, arg));
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      const root = realOrResolved(resolve(cwd, arg));
      const found = walk(resolve(cwd, arg), (abs, name) => skipped(abs, root) || excluded(shown(abs, arg), name));
      const files = found.map((f) => shown(f, arg));
      if (files.length === 0) throw new CliError(`${arg}: the directory holds no files to translate`);
      out.push(...files);
    } else if (st) {
      // A file named on its own is always read (a clash with an output is refused later, by identity).
      out.push(arg);
    } else if (isDynamicPattern(arg)) {
      const matches = (await glob(arg, { cwd, onlyFiles: true, dot: false })).sort();
      const files = matches.filter((f) => !skipped(resolve(cwd, f), '') && !excluded(f, lastSegment(f)));
      if (files.length === 0)
        throw new CliError(`${arg}: the pattern matches no files${matches.length ? ' (all excluded)' : ''}`);
      out.push(...files);
    } else {
      throw new CliError(`${arg}: no such file or directory`);
    }
  }
  return out;
}

/** The names `translate` gives its outputs: a directory run's (see outputs.ts), and Parquet files. */
const OUTPUT_NAME =
  /(\.ocsf(\.partial)?\.jsonl?|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(gz|zstd)\.parquet)$/;

function excluder(patterns: readonly string[]): (path: string, name: string) => boolean {
  if (patterns.length === 0) return () => false;
  const byName = picomatch(
    patterns.filter((p) => !p.includes('/')),
    { dot: true },
  );
  const byPath = picomatch(
    patterns.filter((p) => p.includes('/')).map((p) => p.replace(/^\.\//, '')),
    { dot: true },
  );
  return (path, name) => byName(name) || byPath(path.replace(/^\.\//, ''));
}

function lastSegment(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** The real path of `abs`, or of its nearest existing parent with the rest appended. */
export function realOrResolved(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    const parent = resolve(abs, '..');
    if (parent === abs) return abs;
    return join(realOrResolved(parent), relative(parent, abs));
  }
}

function relativeTo(cwd: string, file: string): string {
  const base = resolve(cwd);
  return file.startsWith(`${base}/`) ? file.slice(base.length + 1) : file;
}

/**
 * Files below `dir`, sorted; hidden entries (our temp files among them) and `pruned` ones are left out.
 * Symbolic links are followed (a linked file is read, a linked directory walked), each real directory once,
 * so a link loop ends; FIFOs, sockets and devices are not inputs of a directory walk.
 */
function walk(dir: string, pruned: (abs: string, name: string) => boolean, seen = new Set<string>()): string[] {
  const real = realOrResolved(dir);
  if (seen.has(real)) return [];
  seen.add(real);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch (err) {
    throw new CliError(`${dir}: cannot read this directory: ${describeErrno(err)}; check its permissions`);
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (pruned(p, e.name)) continue;
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      const target = statOrUndefined(p);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) out.push(...walk(p, pruned, seen));
    else if (isFile) out.push(p);
  }
  return out;
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function s3Failure(err: unknown): never {
  throw err instanceof CliError ? err : new CliError((err as Error).message);
}
