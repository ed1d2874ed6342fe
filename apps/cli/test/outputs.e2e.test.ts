/**
 * File-level faults of `translate`, through the real binary: where outputs go with several inputs, paths
 * that must be refused, special files, unique names, partial outputs, clear errors, exit codes.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack, jsonLines, REPO_DIR, runCli, scratchProject, vpcLog } from './helpers.js';

const VPC = join(REPO_DIR, 'examples', 'logs', 'vpc-flow-v5.log');
const CLOUDTRAIL = join(REPO_DIR, 'examples', 'logs', 'cloudtrail-signin.json');
const VPC_TEXT = readFileSync(VPC, 'utf8');

let tmp: ReturnType<typeof scratchProject>;
const dirFor = (name: string) => tmp.sub(name);
beforeAll(() => {
  tmp = scratchProject('outputs');
});
afterAll(() => tmp.remove());

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).length;

describe.concurrent('several inputs, one destination', () => {
  it('-o - with two inputs merges both into stdout, in input order, and makes no directory "-"', async () => {
    const dir = dirFor('dash');
    const result = await runCli(['translate', CLOUDTRAIL, VPC, '-o', '-', '-j', '2'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((e) => e.class_uid)).toEqual([3002, 3002, 4001, 4001, 4001, 4001]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([['1'], ['2']])(
    '-o merged.jsonl with several inputs is one file holding all of them (--jobs %s)',
    async (jobs) => {
      const dir = dirFor('merged');
      const out = join(dir, 'merged.jsonl');
      const result = await runCli(['translate', CLOUDTRAIL, VPC, '-o', out, '-j', jobs]);
      expect(result.code).toBe(0);
      expect(lstatSync(out).isFile()).toBe(true);
      expect(jsonLines(readFileSync(out, 'utf8')).map((e) => e.class_uid)).toEqual([
        3002, 3002, 4001, 4001, 4001, 4001,
      ]);
      expect(readdirSync(dir)).toEqual(['merged.jsonl']);
    },
  );
});

describe.concurrent('paths that are refused', () => {
  it('-o naming an input is a usage error and the input is untouched', async () => {
    const dir = dirFor('same');
    const input = join(dir, 'a.log');
    writeFileSync(input, VPC_TEXT);
    // Another spelling of the same file: compared by device and inode, not by string.
    const result = await runCli(['translate', input, '-o', './a.log'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--output \.\/a\.log is the input .*a\.log/);
    expect(readFileSync(input, 'utf8')).toBe(VPC_TEXT);
    expectNoStack(result);
  });

  it('-o through a hard link to an input is refused too', async () => {
    const dir = dirFor('hardlink');
    writeFileSync(join(dir, 'a.log'), VPC_TEXT);
    execFileSync('ln', [join(dir, 'a.log'), join(dir, 'b.jsonl')]);
    const result = await runCli(['translate', join(dir, 'a.log'), '-o', join(dir, 'b.jsonl')]);
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'a.log'), 'utf8')).toBe(VPC_TEXT);
  });

  it('--rejects equal to -o is a usage error, before anything is written', async () => {
    const dir = dirFor('rejects-same');
    const result = await runCli(['translate', VPC, '-o', join(dir, 'x'), '--rejects', join(dir, 'sub', '..', 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--rejects .* is also --output/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an empty input or path (an unset shell variable) is a usage error: nothing below the directory is read or written', async () => {
    const dir = dirFor('empty-paths');
    writeFileSync(join(dir, 'a.log'), VPC_TEXT);
    const before = readdirSync(dir).sort();
    const cases: [string[], RegExp][] = [
      [['translate', ''], /an input argument is empty/],
      [['translate', 'a.log', ''], /an input argument is empty/],
      [['translate', 'a.log', '-o', ''], /-o\/--output is empty/],
      [['translate', 'a.log', '--rejects', ''], /--rejects is empty/],
      [['translate', 'a.log', '--report', ''], /--report is empty/],
      [['validate', ''], /an input argument is empty/],
      [['inspect', ''], /an input argument is empty/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args, { cwd: dir });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stdout, args.join(' ')).toBe('');
      expectNoStack(result);
      expect(readdirSync(dir).sort(), args.join(' ')).toEqual(before);
    }
  });

  it('--rejects equal to the file stdout is redirected to is refused', async () => {
    const dir = dirFor('rejects-stdout');
    const file = join(dir, 'both.jsonl');
    const result = await runCli(['translate', VPC, '--rejects', file], { stdoutFile: file });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--rejects .*both\.jsonl is also standard output/);
  });
});

describe.concurrent('special files', () => {
  it('-o on a character device writes through it and leaves the device node in place', async () => {
    const dir = dirFor('device');
    // A device node of its own (the same device as /dev/null), so a regression cannot harm the real one.
    execFileSync('mknod', ['-m', '666', join(dir, 'null'), 'c', '1', '3']);
    const ino = lstatSync(join(dir, 'null')).ino;
    const result = await runCli(['translate', VPC, '-o', join(dir, 'null'), '--rejects', join(dir, 'null')]);
    expect(result.code).toBe(0);
    const after = lstatSync(join(dir, 'null'));
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(ino);
    expect(readdirSync(dir)).toEqual(['null']);
  });

  it('-o on a FIFO writes through it to its reader', async () => {
    const dir = dirFor('fifo');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reading = readFile(fifo, 'utf8');
    const result = await runCli(['translate', VPC, '-o', fifo]);
    expect(result.code).toBe(0);
    expect(jsonLines(await reading)).toHaveLength(4);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('several inputs with --jobs 2 into a FIFO: the pieces wait in the system temp directory, not beside it', async () => {
    // As `-o /dev/null`: a device or FIFO has no directory of its own to put temp files in (/dev is none).
    const dir = dirFor('fifo-jobs');
    const temp = dirFor('fifo-jobs-tmp');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const running = runCli(['translate', VPC, VPC, '-o', fifo, '--jobs', '2'], { env: { TMPDIR: temp } });
    // The run makes the pieces' directory, then opens the FIFO, which waits for a reader: look, then read.
    const pieces = (d: string) => readdirSync(d).filter((name) => name.startsWith('.ocsfx-'));
    while (pieces(temp).length + pieces(dir).length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(readdirSync(dir)).toEqual(['pipe']);
    const events = await readFile(fifo, 'utf8');
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(events)).toHaveLength(8);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('-o on a symbolic link replaces the file it points to and keeps the link', async () => {
    const dir = dirFor('symlink');
    writeFileSync(join(dir, 'real.jsonl'), 'old\n');
    symlinkSync('real.jsonl', join(dir, 'link.jsonl'));
    const result = await runCli(['translate', VPC, '-o', join(dir, 'link.jsonl')]);
    expect(result.code).toBe(0);
    expect(lstatSync(join(dir, 'link.jsonl')).isSymbolicLink()).toBe(true);
    expect(jsonLines(readFileSync(join(dir, 'real.jsonl'), 'utf8'))).toHaveLength(4);
  });

  it('a symbolic link to an input is refused as the input itself', async () => {
    const dir = dirFor('symlink-input');
    writeFileSync(join(dir, 'a.log'), VPC_TEXT);
    symlinkSync('a.log', join(dir, 'out.jsonl'));
    const result = await runCli(['translate', join(dir, 'a.log'), '-o', join(dir, 'out.jsonl')]);
    expect(result.code).toBe(2);
    expect(readFileSync(join(dir, 'a.log'), 'utf8')).toBe(VPC_TEXT);
  });
});

describe.concurrent('one output per input', () => {
  it('inputs a-2.log, a.log and a.txt get three distinct outputs, none overwritten', async () => {
    const dir = dirFor('names');
    const inputs = join(dir, 'in');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'a-2.log'), vpcLog(1));
    writeFileSync(join(inputs, 'a.log'), vpcLog(2));
    writeFileSync(join(inputs, 'a.txt'), vpcLog(3));
    const out = join(dir, 'out');
    const result = await runCli(['translate', inputs, '-o', `${out}/`]);
    expect(result.code).toBe(0);
    const names = readdirSync(out).sort();
    expect(names).toEqual(['a-2.ocsf.jsonl', 'a.log.ocsf.jsonl', 'a.txt.ocsf.jsonl']);
    expect(names.map((name) => lines(join(out, name)))).toEqual([4, 8, 12]);
  });

  it('the same input named twice is translated twice, into two outputs', async () => {
    const dir = dirFor('twice');
    writeFileSync(join(dir, 'a.log'), vpcLog(1));
    const result = await runCli(['translate', 'a.log', './a.log', '-o', 'out/'], { cwd: dir });
    expect(result.code).toBe(0);
    const names = readdirSync(join(dir, 'out')).sort();
    expect(names).toHaveLength(2);
    expect(names.map((name) => lines(join(dir, 'out', name)))).toEqual([4, 4]);
  });

  it('inputs with the same file name in two directories get two outputs', async () => {
    const dir = dirFor('same-name');
    mkdirSync(join(dir, 'x'));
    mkdirSync(join(dir, 'y'));
    writeFileSync(join(dir, 'x', 'a.log'), vpcLog(1));
    writeFileSync(join(dir, 'y', 'a.log'), vpcLog(2));
    const result = await runCli(['translate', 'x/a.log', 'y/a.log', '-o', 'out/'], { cwd: dir });
    expect(result.code).toBe(0);
    const names = readdirSync(join(dir, 'out'));
    expect(names).toHaveLength(2);
    expect(names.map((name) => lines(join(dir, 'out', name))).sort()).toEqual([4, 8]);
  });

  it('an input whose output name would pass 255 bytes gets a shortened, unique name', async () => {
    const dir = dirFor('long');
    const long = `${'v'.repeat(240)}.log`;
    const longer = `${'v'.repeat(240)}x.log`;
    writeFileSync(join(dir, long), vpcLog(1));
    writeFileSync(join(dir, longer), vpcLog(2));
    writeFileSync(join(dir, 'short.log'), vpcLog(3));
    const ok = await runCli(['translate', long, longer, 'short.log', '-o', 'out/'], { cwd: dir });
    expect(ok.code).toBe(0);
    const names = readdirSync(join(dir, 'out'));
    expect(names).toHaveLength(3);
    for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(names.map((name) => lines(join(dir, 'out', name))).sort()).toEqual([12, 4, 8]);
  });

  it('an input that fails part-way keeps its events in <name>.ocsf.partial.jsonl, as the summary counts them', async () => {
    const dir = dirFor('partial');
    const gz = gzipSync(vpcLog(2000));
    writeFileSync(join(dir, 'broken.log.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    writeFileSync(join(dir, 'good.log'), vpcLog(1));
    for (const jobs of ['1', '2']) {
      const out = join(dir, `out-${jobs}`);
      const result = await runCli(['translate', 'broken.log.gz', 'good.log', '-o', `${out}/`, '-j', jobs], {
        cwd: dir,
      });
      expect(result.code).toBe(1);
      const kept = /the (\d+) events read before the failure are in (\S+)\)/.exec(result.stderr);
      expect(kept, result.stderr).not.toBeNull();
      expect(kept![2]).toBe(join(out, 'broken.ocsf.partial.jsonl'));
      expect(readdirSync(out).sort()).toEqual(['broken.ocsf.partial.jsonl', 'good.ocsf.jsonl']);
      expect(lines(join(out, 'broken.ocsf.partial.jsonl'))).toBe(Number(kept![1]));
      expect(Number(kept![1])).toBeGreaterThan(0);
    }
  });

  it('an input with no events gives an empty output that validate accepts', async () => {
    const dir = dirFor('empty');
    writeFileSync(join(dir, 'header-only.log'), `${VPC_TEXT.split('\n')[0]}\n`);
    const result = await runCli(['translate', 'header-only.log', '-s', 'vpc-flowlogs', '-o', 'out/'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'header-only.ocsf.jsonl'), 'utf8')).toBe('');
    const validated = await runCli(['validate', 'out/'], { cwd: dir });
    expect(validated.stderr).not.toMatch(/error/);
    expect(validated.code).toBe(0);
  });
});

describe.concurrent('inputs that fail before they are read', () => {
  // A gzip cut after its header, and a file no plugin recognises: neither gives a record.
  const broken = gzipSync(vpcLog(5)).subarray(0, 12);

  it.each([['1'], ['2']])(
    'write no -o or --rejects file, make no directory, and leave a file already there as it was (--jobs %s)',
    async (jobs) => {
      const dir = dirFor(`unread-${jobs}`);
      writeFileSync(join(dir, 'cut.log.gz'), broken);
      writeFileSync(join(dir, 'noise.txt'), 'nothing any plugin knows\n');
      writeFileSync(join(dir, 'kept.jsonl'), 'an earlier run\n');
      for (const args of [
        ['-s', 'vpc-flowlogs', 'cut.log.gz'],
        ['cut.log.gz', 'noise.txt'],
      ]) {
        const fresh = await runCli(
          ['translate', ...args, '-o', 'new/o.jsonl', '--rejects', 'new/r/rej.jsonl', '-j', jobs],
          { cwd: dir },
        );
        expect(fresh.code, fresh.stderr).toBe(1);
        expectNoStack(fresh);
        // A directory run neither: the directory it would have made is not left behind.
        const perInput = await runCli(['translate', ...args, '-o', 'out/', '-j', jobs], { cwd: dir });
        expect(perInput.code, perInput.stderr).toBe(1);
        const again = await runCli(['translate', ...args, '-o', 'kept.jsonl', '-j', jobs], { cwd: dir });
        expect(again.code, again.stderr).toBe(1);
        expect(readdirSync(dir).sort()).toEqual(['cut.log.gz', 'kept.jsonl', 'noise.txt']);
        expect(readFileSync(join(dir, 'kept.jsonl'), 'utf8')).toBe('an earlier run\n');
      }
    },
  );

  it('-o, --rejects and --report into directories that do not exist make them (as --help and the README say)', async () => {
    const dir = dirFor('missing-dirs');
    const result = await runCli(
      ['translate', VPC, '-o', 'a/b/o.jsonl', '--rejects', 'c/r.jsonl', '--report', 'd/e/run.json', '-q'],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(lines(join(dir, 'a', 'b', 'o.jsonl'))).toBe(4);
    expect(readFileSync(join(dir, 'c', 'r.jsonl'), 'utf8')).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'd', 'e', 'run.json'), 'utf8'))).toMatchObject({ exitCode: 0 });
  });

  it('an input read to its end keeps the merged output, even with no events', async () => {
    const dir = dirFor('unread-and-read');
    writeFileSync(join(dir, 'cut.log.gz'), broken);
    writeFileSync(join(dir, 'header-only.log'), `${VPC_TEXT.split('\n')[0]}\n`);
    const result = await runCli(['translate', 'cut.log.gz', 'header-only.log', '-s', 'vpc-flowlogs', '-o', 'o.jsonl'], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(readFileSync(join(dir, 'o.jsonl'), 'utf8')).toBe('');
  });
});

describe.concurrent('inputs and the run’s own outputs', () => {
  it('re-running translate dir -o dir/out/ does not read its own outputs or rejects back', async () => {
    const dir = dirFor('rerun');
    writeFileSync(join(dir, 'a.log'), vpcLog(1));
    writeFileSync(join(dir, 'b.log'), vpcLog(2));
    const args = ['translate', '.', '-o', 'out/', '--rejects', 'rejects.jsonl'];
    const first = await runCli(args, { cwd: dir });
    expect(first.code).toBe(0);
    const second = await runCli(args, { cwd: dir });
    expect(second.stderr).not.toMatch(/error/);
    expect(second.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['a.ocsf.jsonl', 'b.ocsf.jsonl']);
  });

  it('a directory walk reads symbolic links to files and directories, each directory once (a loop ends)', async () => {
    const dir = dirFor('links');
    mkdirSync(join(dir, 'logs', 'real'), { recursive: true });
    writeFileSync(join(dir, 'elsewhere.log'), vpcLog(1));
    writeFileSync(join(dir, 'logs', 'real', 'b.log'), vpcLog(2));
    symlinkSync('../elsewhere.log', join(dir, 'logs', 'a.log'));
    symlinkSync('real', join(dir, 'logs', 'linked'));
    symlinkSync('..', join(dir, 'logs', 'real', 'loop'));
    const result = await runCli(['translate', 'logs', '-o', 'out/'], { cwd: dir });
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    // real/b.log is reached by two paths (real/, linked/) but is one directory: read once.
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['a.ocsf.jsonl', 'b.ocsf.jsonl']);
  });

  it('with -o the input directory itself, a re-run leaves out only the files it writes', async () => {
    const dir = dirFor('in-place');
    writeFileSync(join(dir, 'a.log'), vpcLog(1));
    for (let run = 0; run < 2; run++) {
      const result = await runCli(['translate', '.', '-o', './'], { cwd: dir });
      expect(result.stderr).not.toMatch(/error/);
      expect(result.code).toBe(0);
      expect(lines(join(dir, 'a.ocsf.jsonl'))).toBe(4);
    }
    expect(readdirSync(dir).sort()).toEqual(['a.log', 'a.ocsf.jsonl']);
  });

  it('--exclude skips files and directories by name or by path', async () => {
    const dir = dirFor('exclude');
    mkdirSync(join(dir, 'logs', 'old'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'a.log'), vpcLog(1));
    writeFileSync(join(dir, 'logs', 'a.log.bak'), 'not a log');
    writeFileSync(join(dir, 'logs', 'old', 'b.log'), 'not a log either');
    writeFileSync(join(dir, 'logs', 'c.log'), 'nor this');
    const result = await runCli(
      ['translate', 'logs', '--exclude', '*.bak', '--exclude', 'old', '--exclude', 'logs/c.*'],
      { cwd: dir },
    );
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toHaveLength(4);
  });
});

describe.concurrent('errors name the flag and say what to do', () => {
  it.runIf(existsSync('/proc/self'))(
    '-o under /proc ends at once with a message (it used to spin for ever)',
    async () => {
      const result = await runCli(['translate', VPC, '-o', '/proc/nope/out.jsonl'], { timeoutMs: 20_000 });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^ocsfx: error: --output \/proc\/nope\/out\.jsonl: cannot create the directory/m);
      expectNoStack(result);
    },
  );

  it.runIf(existsSync('/proc/self'))('--rejects /proc/x names the flag and the path, not a temp file', async () => {
    const dir = dirFor('rejects-proc');
    const result = await runCli(['translate', VPC, '-o', join(dir, 'o.jsonl'), '--rejects', '/proc/x']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--rejects \/proc\/x: /);
    expect(result.stderr).not.toMatch(/\.tmp|ENOENT: no such file or directory, open/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a parent that is a file is named, instead of "EEXIST … mkdir"', async () => {
    const dir = dirFor('parent-file');
    writeFileSync(join(dir, 'a.log'), VPC_TEXT);
    const result = await runCli(['translate', join(dir, 'a.log'), '-o', join(dir, 'a.log', 'x.jsonl')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`--output ${join(dir, 'a.log', 'x.jsonl')}: ${join(dir, 'a.log')} is a file`);
    expect(result.stderr).not.toMatch(/EEXIST/);
  });

  it('stdout closed early (| head) ends the run quietly with exit 0', async () => {
    const result = await runCli(['translate', '-', '-s', 'vpc-flowlogs'], {
      input: vpcLog(20_000),
      closeStdoutAfter: 1,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});

describe.concurrent('rejected records and -q', () => {
  const allBad = `${VPC_TEXT.split('\n')[0]}\n5 1 eni-1 1.1.1.1 2.2.2.2 x y 6 1 1 1 1 ACCEPT OK\n`;

  it('-q without --rejects still says how many records were rejected', async () => {
    const result = await runCli(['translate', '-', '-s', 'vpc-flowlogs', '-q'], { input: allBad });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ocsfx: warning: 1 record rejected \(vpc\/\S+ 1\).*--rejects/m);
  });

  it('-q with --rejects is silent: the rejects are in the file', async () => {
    const dir = dirFor('quiet-rejects');
    const result = await runCli(['translate', '-', '-s', 'vpc-flowlogs', '-q', '--rejects', join(dir, 'r.jsonl')], {
      input: allBad,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(lines(join(dir, 'r.jsonl'))).toBe(1);
  });

  it('--fail-on-reject exits 1 when a record was rejected, 0 when none was', async () => {
    const bad = await runCli(['translate', '-', '-s', 'vpc-flowlogs', '-q', '--fail-on-reject'], { input: allBad });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/1 record rejected .*--fail-on-reject/);
    const good = await runCli(['translate', VPC, '-q', '--fail-on-reject']);
    expect(good.code).toBe(0);
  });
});
