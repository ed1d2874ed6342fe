/**
 * Runs the real `ocsfx` binary in a child process, as a user's shell would, and checks the two promises
 * every command makes: stdout carries only data, and stderr never shows a stack trace.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(CLI_DIR, '..', '..');
export const BIN = join(CLI_DIR, 'bin', 'ocsfx.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Written to stdin, which is then closed; stdin is an empty pipe otherwise. */
  input?: string | Buffer;
  /** An installed executable (`node_modules/.bin/ocsfx`) run directly instead of `node bin/ocsfx.js`. */
  executable?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Redirects the child's stdout to this file, as `> FILE` would. */
  stdoutFile?: string;
  /** Closes the read end of the child's stdout once this many bytes came, as `| head -c N` does. */
  closeStdoutAfter?: number;
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [command, argv] = options.executable ? [options.executable, [...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolvePromise, reject) => {
    const stdoutFd = options.stdoutFile ? openSync(options.stdoutFile, 'w') : undefined;
    const child = spawn(command, argv, {
      cwd: options.cwd ?? CLI_DIR,
      env: { ...process.env, OCSFX_DEBUG: undefined, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', stdoutFd ?? 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    if (stdoutFd !== undefined) closeSync(stdoutFd);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let received = 0;
    child.stdout?.on('data', (b: Buffer) => {
      received += b.length;
      if (options.closeStdoutAfter !== undefined && received >= options.closeStdoutAfter) {
        child.stdout?.destroy();
        return;
      }
      out.push(b);
    });
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    // The CLI may exit before reading stdin (usage errors); that is not a test failure.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

/** Every non-empty stdout line parsed as JSON; fails the test on a line that is not. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  const lines = stdout.split('\n').filter((l) => l.length > 0);
  return lines.map((line) => {
    let value: unknown;
    expect(
      () => {
        value = JSON.parse(line);
      },
      `stdout line is not JSON: ${line.slice(0, 200)}`,
    ).not.toThrow();
    expect(value).toBeTypeOf('object');
    return value as Record<string, unknown>;
  });
}

/** No stack trace ever reaches the user. */
export function expectNoStack(result: RunResult): void {
  expect(result.stderr).not.toContain('    at ');
  expect(result.stdout).not.toContain('    at ');
}

/**
 * A temporary project directory whose `node_modules` is the CLI's, so the binary run below it discovers the
 * workspace's plugins as it would in a user's project (the root holds a package.json); `sub(name)` makes a fresh directory for one test.
 */
export function scratchProject(prefix: string): { dir: string; sub: (name: string) => string; remove: () => void } {
  const tmp = tempDir(prefix);
  // The project root: plugins are searched from the current directory up to the nearest package.json.
  writeFileSync(join(tmp.dir, 'package.json'), '{ "name": "scratch", "private": true }\n');
  symlinkSync(join(CLI_DIR, 'node_modules'), join(tmp.dir, 'node_modules'));
  let n = 0;
  const sub = (name: string) => {
    const dir = join(tmp.dir, `${name}-${n++}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  return { dir: tmp.dir, sub, remove: tmp.remove };
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `ocsfx-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const VPC_EXAMPLE = join(REPO_DIR, 'examples', 'logs', 'vpc-flow-v5.log');

/** A VPC Flow Logs file: the example's header and `copies` × its four records. */
export function vpcLog(copies: number): string {
  const [header, ...rest] = readFileSync(VPC_EXAMPLE, 'utf8').trimEnd().split('\n');
  const body = rest.join('\n');
  return `${header}\n${Array.from({ length: copies }, () => body).join('\n')}\n`;
}
