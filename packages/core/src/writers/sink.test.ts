import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError, removeTempFilesSync, truncateUtf8 } from './output-files.js';
import { openSink } from './sink.js';

const made: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-sink-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<OutputError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(OutputError);
  return err as OutputError;
}

describe('openSink on paths it cannot use', () => {
  it.runIf(existsSync('/proc/self'))(
    'ends with an error naming the target where a file system refuses mkdir (/proc), instead of looping',
    async () => {
      const err = await failure(openSink('/proc/nope/out.jsonl'));
      expect(err.message).toContain('/proc/nope/out.jsonl: cannot create the directory /proc/nope');
      expect(err.message).not.toMatch(/\.tmp/);
    },
  );

  it('says which part of the path is a file', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.log'), 'x');
    const err = await failure(openSink(join(dir, 'a.log', 'sub', 'x.jsonl')));
    expect(err.code).toBe('ENOTDIR');
    expect(err.message).toContain(`${join(dir, 'a.log')} is a file, not a directory`);
    expect(readFileSync(join(dir, 'a.log'), 'utf8')).toBe('x');
  });

  it('says a name is too long, and what to do', async () => {
    const err = await failure(openSink(join(tmp(), `${'x'.repeat(300)}.jsonl`)));
    expect(err.code).toBe('ENAMETOOLONG');
    expect(err.message).toMatch(/too long.*choose a shorter name/);
  });

  it('refuses a directory', async () => {
    const err = await failure(openSink(tmp()));
    expect(err.code).toBe('EISDIR');
  });
});

describe('openSink on special files', () => {
  // A device node of its own (the same device as /dev/null): a regression must never replace the real one.
  it('writes through a character device and leaves it a device node', async () => {
    const dir = tmp();
    const device = join(dir, 'null');
    execFileSync('mknod', ['-m', '666', device, 'c', '1', '3']);
    const before = lstatSync(device);
    const sink = await openSink(device);
    await sink.write('{"a":1}\n');
    await sink.commit();
    const after = lstatSync(device);
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
    expect(readdirSync(dir)).toEqual(['null']);
  });

  it('writes through a FIFO to its reader, leaving the FIFO in place', async () => {
    const dir = tmp();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reading = readFile(fifo, 'utf8');
    const sink = await openSink(fifo);
    await sink.write('one\n');
    await sink.commit();
    expect(await reading).toBe('one\n');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('follows a symbolic link: the file it points to is replaced, the link stays', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'real.jsonl'), 'old\n');
    symlinkSync('real.jsonl', join(dir, 'link.jsonl'));
    const sink = await openSink(join(dir, 'link.jsonl'));
    await sink.write('new\n');
    await sink.commit();
    expect(lstatSync(join(dir, 'link.jsonl')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.jsonl'))).toBe('real.jsonl');
    expect(readFileSync(join(dir, 'real.jsonl'), 'utf8')).toBe('new\n');
  });

  it('refuses a dangling symbolic link with a message naming it', async () => {
    const dir = tmp();
    symlinkSync('missing/none.jsonl', join(dir, 'link.jsonl'));
    const err = await failure(openSink(join(dir, 'link.jsonl')));
    expect(err.message).toContain(`${join(dir, 'link.jsonl')}: it is a symbolic link`);
  });
});

describe('temp files', () => {
  it('keep within 255 bytes for a target whose own name is 255 bytes', async () => {
    const dir = tmp();
    const name = `${'é'.repeat(120)}${'x'.repeat(9)}.jsonl`;
    expect(Buffer.byteLength(name)).toBe(255);
    const sink = await openSink(join(dir, name));
    const [temp] = readdirSync(dir);
    expect(Buffer.byteLength(temp as string)).toBeLessThanOrEqual(255);
    await sink.write('x\n');
    await sink.commit();
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('are removed by removeTempFilesSync (the exit path of a signal)', async () => {
    const dir = tmp();
    const sink = await openSink(join(dir, 'out.jsonl'));
    await sink.write('x\n');
    expect(readdirSync(dir)).toHaveLength(1);
    removeTempFilesSync();
    expect(readdirSync(dir)).toEqual([]);
    await sink.abort();
  });

  it('truncateUtf8 never splits a character', () => {
    expect(truncateUtf8('aé€😀', 1)).toBe('a');
    expect(truncateUtf8('aé€😀', 2)).toBe('a');
    expect(truncateUtf8('aé€😀', 3)).toBe('aé');
    expect(truncateUtf8('aé€😀', 9)).toBe('aé€');
    expect(truncateUtf8('aé€😀', 10)).toBe('aé€😀');
  });
});
