import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { NAME_MAX, truncateUtf8 } from '@ocsfx/core';

/**
 * Where `translate` writes its events:
 * - `stdout`: no `-o`, or `-o -`: every input's events, in input order (several inputs are merged);
 * - `file`: `-o PATH` that is not a directory and does not end with `/`: every input merged into it;
 * - `dir`: `-o DIR/` or an existing directory: one output per input, named by `outputNames`;
 * - `parquet`: `-f parquet -o DIR`: the Parquet writer's files below DIR.
 */
export type OutputPlan =
  | { kind: 'stdout' }
  | { kind: 'file'; path: string }
  | { kind: 'dir'; dir: string; paths: readonly string[] }
  | { kind: 'parquet'; dir: string };

export function planOutput(
  inputs: readonly string[],
  output: string | undefined,
  format: 'jsonl' | 'json' | 'parquet',
  cwd: string,
): OutputPlan {
  if (format === 'parquet') return { kind: 'parquet', dir: output as string };
  if (output === undefined || output === '-') return { kind: 'stdout' };
  if (!isDirectoryOutput(output, cwd)) return { kind: 'file', path: output };
  const names = outputNames(inputs, format === 'json' ? 'json' : 'jsonl');
  return { kind: 'dir', dir: output, paths: names.map((name) => join(output, name)) };
}

/** `-o` names a directory when it ends with a slash or is one (a symbolic link to one counts). */
function isDirectoryOutput(output: string, cwd: string): boolean {
  if (output.endsWith('/')) return true;
  try {
    return statSync(resolve(cwd, output)).isDirectory();
  } catch {
    return false;
  }
}

const STRIP = ['.gz', '.json', '.jsonl', '.ndjson', '.log', '.txt', '.csv', '.parquet'];

function stem(input: string): string {
  let name = input === '-' ? 'stdin' : basename(input);
  for (let changed = true; changed; ) {
    changed = false;
    for (const ext of STRIP) {
      if (name.toLowerCase().endsWith(ext) && name.length > ext.length) {
        name = name.slice(0, -ext.length);
        changed = true;
      }
    }
  }
  return name;
}

/** The suffix of an output that failed part-way: `vpc.ocsf.partial.jsonl`. */
export function partialPath(path: string): string {
  return path.replace(/\.ocsf\.(jsonl|json)$/, '.ocsf.partial.$1');
}

const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 8);

/**
 * Output file names for the inputs of a directory run, in input order: unique (compared case-insensitively,
 * for macOS and Windows file systems) and stable (an input's name depends only on the inputs it collides
 * with). `vpc.log.gz` → `vpc.ocsf.jsonl`; inputs sharing that stem keep their whole file name
 * (`a.log.ocsf.jsonl`, `a.txt.ocsf.jsonl`); inputs sharing even that (`x/a.log`, `y/a.log`) add a hash of
 * their path (`a.log-1b2c3d4e.ocsf.jsonl`). Names stay within 255 bytes (with room for the `.partial`
 * suffix): a longer one is cut at a character boundary and ends with the hash, `…~1b2c3d4e.ocsf.jsonl`.
 */
export function outputNames(inputs: readonly string[], extension: string): string[] {
  const tail = `.ocsf.${extension}`;
  const room = NAME_MAX - '.partial'.length - tail.length;
  const fitName = (base: string, input: string) =>
    Buffer.byteLength(base) <= room ? base : `${truncateUtf8(base, room - 9)}~${shortHash(resolve(input))}`;
  const levels: Array<(input: string) => string> = [
    (input) => fitName(stem(input), input),
    (input) => fitName(input === '-' ? 'stdin' : basename(input), input),
    (input) => fitName(`${input === '-' ? 'stdin' : basename(input)}-${shortHash(resolve(input))}`, input),
  ];
  const level = inputs.map(() => 0);
  for (let round = 0; round < levels.length; round++) {
    const names = inputs.map((input, i) => levels[level[i]!]!(input).toLowerCase());
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    let moved = false;
    names.forEach((n, i) => {
      if ((counts.get(n) ?? 0) > 1 && level[i]! < levels.length - 1) {
        level[i]!++;
        moved = true;
      }
    });
    if (!moved) break;
  }
  // Any collision left (the same path twice) is numbered, in input order.
  const used = new Set<string>();
  return inputs.map((input, i) => {
    let base = levels[level[i]!]!(input);
    for (let n = 2; used.has(base.toLowerCase()); n++) base = `${levels[level[i]!]!(input)}-${n}`;
    used.add(base.toLowerCase());
    return `${base}${tail}`;
  });
}
