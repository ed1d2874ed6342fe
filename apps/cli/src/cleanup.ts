import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { removeTempFilesSync, TEMP_FILE } from '@ocsfx/core';

/**
 * Exit paths that do not unwind the stack (SIGINT, SIGTERM, SIGHUP, EPIPE on stdout) still leave nothing
 * behind: registered steps stop the worker threads, then every temp file and temp directory of this process
 * is removed, then the process exits (128 + the signal number, or 0 for EPIPE, as `cat` does).
 */

type Step = () => Promise<void> | void;
const steps = new Set<Step>();

/** Adds a step run before an early exit (stop workers, remove a temp directory); returns its remover. */
export function onEarlyExit(step: Step): () => void {
  steps.add(step);
  return () => steps.delete(step);
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
let installed = false;

/** Installs the signal and stdout handlers once per process. */
export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  for (const [name, number] of Object.entries(SIGNALS)) {
    process.on(name, () => void exitEarly(128 + number, undefined, true));
  }
  // A reader that goes away (`ocsfx translate x | head`) is not an error: stop quietly, as cat and jq do.
  // stderr gone too (`2>&1 | head`): nothing more can be said, and saying it must not crash the run.
  process.stderr.on('error', () => {});
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') void exitEarly(0);
    else void exitEarly(1, `ocsfx: error: cannot write to standard output: ${err.message}`);
  });
}

let exiting: Promise<never> | undefined;

/**
 * Runs the registered steps, last first (3 s at most), removes this thread's temp files and exits with `code`. A second
 * call waits for the first, except a second signal, which exits at once.
 */
export function exitEarly(code: number, message?: string, fromSignal = false): Promise<never> {
  if (exiting) {
    if (!fromSignal) return exiting;
    removeTempFilesSync();
    process.exit(code);
  }
  exiting = (async () => {
    // Last registered first (stop the workers, then sweep what they left), as deferred steps unwind.
    const run = async () => {
      for (const step of [...steps].reverse()) {
        try {
          await step();
        } catch {
          // Best effort on the way out.
        }
      }
    };
    await Promise.race([run(), new Promise((r) => setTimeout(r, 3000).unref())]);
    removeTempFilesSync();
    if (message) process.stderr.write(`${message}\n`);
    process.exit(code);
  })();
  return exiting;
}

/** `.ocsfx-<pid>-XXXXXX`: the directory a parallel run keeps the pieces of a merged output in. */
export const TEMP_DIR = /^\.ocsfx-(\d+)-[A-Za-z0-9]{6}$/;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes our temp files and temp directories from `dirs`: `mine` those of this process (after its worker
 * threads were stopped), `stale` those of processes that no longer exist (a run killed with SIGKILL or by
 * a power cut). Only names of our exact shapes are touched, only regular files and directories, never a
 * live process's; returns how many were removed.
 */
export function sweepTemps(dirs: Iterable<string>, which: 'mine' | 'stale'): number {
  let removed = 0;
  for (const dir of new Set(dirs)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = TEMP_FILE.exec(name) ?? TEMP_DIR.exec(name);
      if (!match) continue;
      const pid = Number(match[1]);
      const ours = pid === process.pid;
      if (which === 'mine' ? !ours : ours || alive(pid)) continue;
      const path = join(dir, name);
      try {
        const st = statSync(path);
        const isDir = TEMP_DIR.test(name);
        if (isDir ? !st.isDirectory() : !st.isFile()) continue;
        rmSync(path, { recursive: isDir, force: true });
        removed++;
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  }
  return removed;
}
