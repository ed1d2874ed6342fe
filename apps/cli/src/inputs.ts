import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CliError } from './errors.js';

/** Input arguments expanded to files: files as given, directories recursively (sorted), globs, `-` for stdin. */
export async function expandInputs(args: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push('-');
      continue;
    }
    let st: ReturnType<typeof statSync> | undefined;
    try {
      st = statSync(resolve(cwd, arg));
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      const files = walk(resolve(cwd, arg)).map((f) => (arg.startsWith('/') ? f : relativeTo(cwd, f)));
      if (files.length === 0) throw new CliError(`${arg}: the directory holds no files to translate`);
      out.push(...files);
    } else if (st) {
      out.push(arg);
    } else if (isDynamicPattern(arg)) {
      const files = (await glob(arg, { cwd, onlyFiles: true, dot: false })).sort();
      if (files.length === 0) throw new CliError(`${arg}: the pattern matches no files`);
      out.push(...files);
    } else {
      throw new CliError(`${arg}: no such file or directory`);
    }
  }
  return out;
}

function relativeTo(cwd: string, file: string): string {
  const base = resolve(cwd);
  return file.startsWith(`${base}/`) ? file.slice(base.length + 1) : file;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
