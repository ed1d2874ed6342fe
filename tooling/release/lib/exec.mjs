import { spawn } from 'node:child_process';

/** Commands still running, each in its own process group, so an interrupted run can end them all. */
const running = new Set();

/** Kills every running command with everything it started (pnpm → turbo → tsc, npm → node). */
export function killRunning() {
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

/**
 * Runs a command without a shell and collects its output. Throws on a non-zero exit (unless
 * `allowFailure`), with the command line and the end of its output, so a CI log shows why.
 */
export function run(cmd, args, { cwd, env, allowFailure = false, timeoutMs = 180_000, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => {
      out.push(d);
      if (echo) process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      err.push(d);
      if (echo) process.stderr.write(d);
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      running.delete(child);
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      const result = { code: code ?? 1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
      if (result.code !== 0 && !allowFailure) {
        const why = signal
          ? `killed by ${signal}${signal === 'SIGKILL' ? ` (timeout ${timeoutMs} ms?)` : ''}`
          : `exit ${code}`;
        const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
        reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd ?? process.cwd()}) failed: ${why}\n${tail}`));
        return;
      }
      resolve(result);
    });
  });
}

/** Logs a step and how long it took; the rehearsal's log reads as a list of claims with timings. */
export async function step(title, fn) {
  const started = performance.now();
  process.stdout.write(`  - ${title} ... `);
  try {
    const result = await fn();
    process.stdout.write(`ok (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    process.stdout.write('FAILED\n');
    throw error;
  }
}

export class CheckError extends Error {
  constructor(message) {
    super(message);
    this.name = 'CheckError';
  }
}

/** Throws a CheckError naming what was expected when `ok` is false. */
export function check(ok, message) {
  if (!ok) throw new CheckError(message);
}
