import { fstatSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError } from './errors.js';
import { realOrResolved } from './inputs.js';
import type { OutputPlan } from './outputs.js';

interface Identity {
  key: string;
  /** Character devices (/dev/null, a terminal) may take any number of writers. */
  shareable: boolean;
}

function identityOf(st: { dev: number; ino: number; isCharacterDevice(): boolean }): Identity {
  return { key: `${st.dev}:${st.ino}`, shareable: st.isCharacterDevice() };
}

/** What a path is on disk (symbolic links followed), or, when nothing is there yet, its resolved real path. */
function identity(path: string, cwd: string): Identity {
  const abs = resolve(cwd, path);
  try {
    return identityOf(statSync(abs));
  } catch {
    return { key: realOrResolved(abs), shareable: false };
  }
}

function stdoutIdentity(): Identity | undefined {
  try {
    return identityOf(fstatSync(1));
  } catch {
    return undefined;
  }
}

/**
 * Refuses, before anything is read or written, a run that would write over one of its inputs or send two
 * streams to one file: `-o a.log` where a.log is an input, `--rejects` or `--report` equal to `-o` (or to one of the
 * outputs of a directory run), `--rejects -` with events on stdout too, or `--rejects FILE > FILE`.
 * Paths are compared by device and inode (so links and `./x` vs `x` are caught), or by real path for
 * files not made yet.
 */
export function checkDestinations(
  inputs: readonly string[],
  plan: OutputPlan,
  files: { rejects?: string; report?: string },
  cwd: string,
): void {
  const { rejects, report } = files;
  const inputIds = new Map<string, string>();
  for (const input of inputs) if (input !== '-') inputIds.set(identity(input, cwd).key, input);

  const outputs: Array<{ flag: string; path: string }> = [];
  if (plan.kind === 'file') outputs.push({ flag: '--output', path: plan.path });
  if (plan.kind === 'dir') for (const path of plan.paths) outputs.push({ flag: '--output', path });
  if (rejects !== undefined && rejects !== '-') outputs.push({ flag: '--rejects', path: rejects });
  if (report !== undefined && report !== '-') outputs.push({ flag: '--report', path: report });

  const written = new Map<string, { flag: string; path: string }>();
  const stdout = stdoutIdentity();
  if (plan.kind === 'stdout' && stdout && !stdout.shareable) written.set(stdout.key, { flag: 'stdout', path: '-' });
  if (rejects === '-' && plan.kind === 'stdout') {
    throw usageError('--rejects - and the events would both go to stdout; give --rejects FILE or -o FILE');
  }

  for (const out of outputs) {
    const id = identity(out.path, cwd);
    if (id.shareable) continue;
    const input = inputIds.get(id.key);
    if (input !== undefined) {
      throw usageError(
        `${out.flag} ${out.path} is the input ${input}: writing it would destroy the input; choose another path`,
      );
    }
    const other = written.get(id.key);
    if (other) {
      const what = other.flag === 'stdout' ? 'standard output (the events)' : `${other.flag} ${other.path}`;
      throw usageError(`${out.flag} ${out.path} is also ${what}: one would overwrite the other; choose another path`);
    }
    written.set(id.key, out);
  }
}
