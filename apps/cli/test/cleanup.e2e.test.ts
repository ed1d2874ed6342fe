/**
 * Nothing temporary outlives a run: SIGINT, SIGTERM and a full disk with worker threads, against a real
 * child process; and the sweep of temp files left by runs that were killed outright.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, scratchProject, tempDir, vpcLog } from './helpers.js';

let tmp: ReturnType<typeof scratchProject>;
let big: string;
const dirFor = (name: string) => tmp.sub(name);

beforeAll(() => {
  tmp = scratchProject('cleanup');
  // ~30 MB each: long enough to be caught mid-write.
  big = vpcLog(100_000);
  writeFileSync(join(tmp.dir, 'big-1.log'), big);
  writeFileSync(join(tmp.dir, 'big-2.log'), big);
});
afterAll(() => tmp.remove());

function start(
  args: readonly string[],
  cwd: string,
): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const err: Buffer[] = [];
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code, stderr: Buffer.concat(err).toString('utf8') }));
  });
  return { child, done };
}

/** Waits until `dir` holds an entry matching `pattern` (the run is mid-write), or the run ended. */
async function whenPresent(dir: string, pattern: RegExp, done: Promise<unknown>): Promise<boolean> {
  let ended = false;
  void done.then(() => {
    ended = true;
  });
  while (!ended) {
    try {
      if (readdirSync(dir).some((name) => pattern.test(name))) return true;
    } catch {
      // Not made yet.
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

const hidden = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('.'));

describe('signals with --jobs 2', () => {
  it('SIGINT mid-write: temp files of the workers are removed and the exit code is 130', async () => {
    const dir = dirFor('sigint');
    const out = join(dir, 'out');
    const run = start(
      ['translate', join(tmp.dir, 'big-1.log'), join(tmp.dir, 'big-2.log'), '-o', `${out}/`, '-j', '2'],
      tmp.dir,
    );
    expect(await whenPresent(out, /\.tmp$/, run.done)).toBe(true);
    run.child.kill('SIGINT');
    const { code } = await run.done;
    expect(code).toBe(130);
    expect(hidden(out)).toEqual([]);
  });

  it('SIGTERM mid-write of a merged output: its temp directory and temp file are removed, exit 143', async () => {
    const dir = dirFor('sigterm');
    const run = start(
      [
        'translate',
        join(tmp.dir, 'big-1.log'),
        join(tmp.dir, 'big-2.log'),
        '-o',
        join(dir, 'all.jsonl'),
        '--rejects',
        join(dir, 'r.jsonl'),
        '-j',
        '2',
      ],
      tmp.dir,
    );
    expect(await whenPresent(dir, /^\.ocsfx-\d+-/, run.done)).toBe(true);
    run.child.kill('SIGTERM');
    const { code } = await run.done;
    expect(code).toBe(143);
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** A small tmpfs of our own (we run as root in CI); without one the test cannot make a full disk. */
function mountSmallTmpfs(dir: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]).status === 0;
}

describe('a full disk (ENOSPC) with --jobs 2', () => {
  const base = tempDir('enospc');
  const mnt = join(base.dir, 'mnt');
  mkdirSync(mnt, { recursive: true });
  const mounted = mountSmallTmpfs(mnt);
  if (!mounted) console.warn('ENOSPC tests skipped: mounting a tmpfs needs root');
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
    base.remove();
  });

  it.runIf(mounted)('ends with a message naming --output and the full disk, and leaves no temp file', async () => {
    const run = start(
      ['translate', join(tmp.dir, 'big-1.log'), join(tmp.dir, 'big-2.log'), '-o', `${mnt}/out/`, '-j', '2'],
      tmp.dir,
    );
    const { code, stderr } = await run.done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ocsfx: error: --output \S+: .*no space left on the device \(ENOSPC\)/m);
    expect(stderr).not.toContain('    at ');
    expect(hidden(join(mnt, 'out'))).toEqual([]);
    expect(hidden(mnt)).toEqual([]);
  });

  it.runIf(mounted)('ends the same way for a merged output and --rejects', async () => {
    const run = start(
      [
        'translate',
        join(tmp.dir, 'big-1.log'),
        join(tmp.dir, 'big-2.log'),
        '-o',
        `${mnt}/all.jsonl`,
        '--rejects',
        `${mnt}/r.jsonl`,
        '-j',
        '2',
      ],
      tmp.dir,
    );
    const { code, stderr } = await run.done;
    expect(code).toBe(1);
    expect(stderr).toMatch(/^ocsfx: error: --(output|rejects) \S+: .*\(ENOSPC\)/m);
    expect(readdirSync(mnt).filter((name) => name !== 'out')).toEqual([]);
  });
});

describe('stale temp files', () => {
  it('are swept when their process is gone; those of live processes and other files stay', async () => {
    const dir = dirFor('stale');
    const out = join(dir, 'out');
    mkdirSync(out);
    const gone = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid as number;
    const deadFile = `.a.ocsf.jsonl.${gone}.0123abcd.tmp`;
    const deadDir = `.ocsfx-${gone}-AbC123`;
    const liveFile = `.a.ocsf.jsonl.${process.pid}.0123abcd.tmp`;
    const unrelated = ['.keep.tmp', `.a.${gone}.tmp`, 'notes.txt'];
    writeFileSync(join(out, deadFile), 'x');
    mkdirSync(join(out, deadDir));
    writeFileSync(join(out, deadDir, '0.out'), 'x');
    writeFileSync(join(out, liveFile), 'x');
    for (const name of unrelated) writeFileSync(join(out, name), 'x');
    writeFileSync(join(dir, 'a.log'), vpcLog(1));
    const run = start(['translate', join(dir, 'a.log'), '-o', `${out}/`], tmp.dir);
    const { code } = await run.done;
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([liveFile, ...unrelated, 'a.ocsf.jsonl'].sort());
  });
});
