/**
 * Progress on a terminal, through the real binary under `script` (util-linux), which gives the CLI a
 * pseudo-terminal as stderr: the display moves by bytes read (compressed bytes for gzip) across workers,
 * is erased before the summary, and never appears when stderr is not a terminal unless --progress asks.
 * Nothing here depends on speed: the full-size runs on a terminal, with frame arrival times, are the CI
 * step .ci/steps/progress-tty.sh (scripts/progress-tty.mjs).
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync, type WriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CLI_DIR, REPO_DIR, runCli, tempDir } from './helpers.js';

const VPC = join(REPO_DIR, 'examples', 'logs', 'vpc-flow-v5.log');
const PROGRESS =
  /ocsfx: (\d+\.\d)% ([\d.]+)\/([\d.]+) MB, ([\d.]+) MB\/s(?:, ETA \d+:\d\d)?; (\d+)\/(\d+) files, ([\d,]+) records/;

/** A VPC text file of about `lines` records (the example's records, repeated), gzipped or not. */
function vpcFile(path: string, lines: number, gzip: boolean): string {
  const [header, ...records] = readFileSync(VPC, 'utf8').trim().split('\n');
  const body: string[] = [header!];
  for (let i = 0; body.length <= lines; i++) body.push(records[i % records.length]!);
  const text = `${body.join('\n')}\n`;
  writeFileSync(path, gzip ? gzipSync(text, { level: 1 }) : text);
  return path;
}

interface Frame {
  pct: number;
  mb: number;
  filesDone: number;
  files: number;
}

/** Runs the CLI with a terminal as stdin/stdout/stderr (events go to -o); returns what the terminal showed. */
function onTerminal(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; screen: string }> {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    // A wide terminal, so the line is never cut to the width.
    const child = spawn('script', ['-q', '-e', '-f', '-c', `stty cols 200; ${command}`, '/dev/null'], {
      cwd: CLI_DIR,
      env: { ...process.env, TERM: 'xterm', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen: Buffer.concat(out).toString('utf8') }));
    child.stdin.end();
  });
}

function frames(screen: string): Frame[] {
  return screen
    .split(/\r|\n/)
    .map((s) => PROGRESS.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pct: Number(m[1]), mb: Number(m[2]), filesDone: Number(m[5]), files: Number(m[6]) }));
}

let tmp: ReturnType<typeof tempDir>;
let big: string;
const parts: string[] = [];
beforeAll(() => {
  tmp = tempDir('progress');
  big = vpcFile(join(tmp.dir, 'big.log.gz'), 250_000, true);
  // Large enough that a fast machine still draws several frames before the first file is done.
  for (let i = 0; i < 4; i++) parts.push(vpcFile(join(tmp.dir, `part-${i}.log`), 120_000, false));
}, 60_000);
afterAll(() => tmp.remove());

describe('on a terminal', () => {
  it('a gzip input: the percentage of compressed bytes rises, then the line is erased and the summary shown', async () => {
    const { code, screen } = await onTerminal(['translate', big, '-o', join(tmp.dir, 'big.jsonl'), '--jobs', '1']);
    expect(code, screen).toBe(0);
    const seen = frames(screen);
    const distinct = [...new Set(seen.map((f) => f.pct))];
    expect(distinct.length, screen).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.mb).toBeGreaterThanOrEqual(seen[i - 1]!.mb);
    // The total is the file's (compressed) size.
    const { size } = await import('node:fs').then((fs) => fs.statSync(big));
    expect(seen[0]!.files).toBe(1);
    expect(screen).toContain(`/${(size / 1e6).toFixed(1)} MB`);
    // Erased before the summary, which follows.
    const summary = screen.indexOf('ocsfx: 1 file, 250000 records in');
    expect(summary, screen).toBeGreaterThan(0);
    expect(screen.lastIndexOf('\x1b[2K', summary)).toBeGreaterThan(screen.lastIndexOf('%', summary) - 200);
  }, 120_000);

  it('TERM=dumb: redrawn with carriage returns only, no escape codes', async () => {
    const { code, screen } = await onTerminal(['translate', parts[0]!, '-o', join(tmp.dir, 'dumb.jsonl')], {
      TERM: 'dumb',
    });
    expect(code).toBe(0);
    expect(frames(screen).length).toBeGreaterThan(0);
    expect(screen).not.toContain('\x1b[');
  }, 120_000);

  it('-q: no progress', async () => {
    const { code, screen } = await onTerminal(['translate', '-q', parts[0]!, '-o', join(tmp.dir, 'quiet.jsonl')]);
    expect(code).toBe(0);
    expect(frames(screen)).toEqual([]);
  }, 120_000);
});

describe('across workers', () => {
  it("four files over two workers: both workers' bytes are counted before the first file is done", async () => {
    // No timing: the inputs are FIFOs this test feeds. It writes the first part of the first two, then
    // waits (however long that takes) for a progress line that counts both parts while no file is done;
    // only then does it finish them, and then feeds the other two.
    const fifos = [0, 1, 2, 3].map((i) => join(tmp.dir, `fifo-${i}.log`));
    for (const fifo of fifos) execFileSync('mkfifo', [fifo]);
    const text = readFileSync(parts[0]!);
    const head = text.subarray(0, text.indexOf(10, 1_200_000) + 1);
    const args = ['translate', ...fifos, '-o', join(tmp.dir, 'fifos.jsonl'), '--jobs', '2', '--progress'];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: CLI_DIR, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    // A pipe's buffer (64 KiB) may still hold what a write has handed over.
    const counted = 2 * (head.length - 65_536);
    const seen = new Promise<string>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString('utf8');
        // FIFOs have no size, so no total: `ocsfx: 2.4 MB, 1.2 MB/s, 0:02; 0/4 files, 9,000 records`.
        for (const m of stderr.matchAll(/^ocsfx: ([\d.]+) MB, [\d.]+ MB\/s, \d+:\d\d; 0\/4 files/gm))
          if (Number(m[1]) * 1e6 >= counted) resolve(m[0]);
      });
    });
    try {
      const feed = (fifo: string) => createWriteStream(fifo);
      const write = (w: WriteStream, data: Buffer) =>
        new Promise<void>((resolve, reject) => w.write(data, (err) => (err ? reject(err) : resolve())));
      const first = [feed(fifos[0]!), feed(fifos[1]!)];
      await Promise.all(first.map((w) => write(w, head)));
      expect(await seen).toMatch(/; 0\/4 files$/);
      for (const w of first) w.end(text.subarray(head.length));
      for (const fifo of fifos.slice(2)) feed(fifo).end(text);
      const [code] = (await once(child, 'close')) as [number | null];
      expect(code, stderr).toBe(0);
      expect(stderr).toContain('ocsfx: 4 files, 480000 records in');
    } finally {
      // A failed wait leaves no CLI behind, blocked on a FIFO.
      if (child.exitCode === null) child.kill();
    }
  }, 120_000);
});

describe('not on a terminal', () => {
  it('prints no progress', async () => {
    const result = await runCli(['translate', big, '-o', join(tmp.dir, 'pipe.jsonl')]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/%|\r/);
    expect(result.stderr).toMatch(/^ocsfx: 1 file, 250000 records in/);
  }, 120_000);

  it('--progress forces it, one whole line at a time', async () => {
    const result = await runCli(['translate', big, '-o', join(tmp.dir, 'forced.jsonl'), '--progress']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('\r');
    expect(frames(result.stderr).length).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
