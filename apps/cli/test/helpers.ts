/**
 * Runs the real `ocsfx` binary in a child process, as a user's shell would, and checks the two promises
 * every command makes: stdout carries only data, and stderr never shows a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [command, argv] = options.executable ? [options.executable, [...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd ?? CLI_DIR,
      env: { ...process.env, OCSFX_DEBUG: undefined, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolvePromise({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    // The CLI may exit before reading stdin (usage errors); that is not a test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
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

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `ocsfx-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
