import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, openInput, openStream } from './index.js';
import { tempDir } from './test-helpers/io.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const vpc = 'version account-id interface-id srcaddr\n2 123456789012 eni-1 10.0.0.1\n';
const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(vpc, 'utf16le')]);
const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(vpc, 'utf16le').swap16()]);

describe('UTF-16 input', () => {
  // It was read as UTF-8: every line a reject saying "pass --vpc-format", which is not the cause.
  it.each([
    ['UTF-16 LE', utf16le, 'FF FE'],
    ['UTF-16 BE', utf16be, 'FE FF'],
    ['gzip of UTF-16 LE', gzipSync(utf16le), 'FF FE'],
  ])('%s is refused with what to do (input/utf16)', async (_name, bytes, mark) => {
    const path = tmp.file(`utf16-${mark.replace(' ', '')}-${bytes.length}.log`, bytes);
    const error = await openInput(path).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'input/utf16', file: path });
    const message = (error as Error).message;
    expect(message).toContain(`${path}: UTF-16 input`);
    expect(message).toContain(mark);
    expect(message).toContain(`iconv -f UTF-16 -t UTF-8 ${path}`);
  });

  it('is refused in every forced text format, and from a stream', async () => {
    const path = tmp.file('forced.log', utf16le);
    for (const format of ['text', 'csv', 'json'] as const) {
      await expect(openInput(path, { format })).rejects.toMatchObject({ code: 'input/utf16' });
    }
    await expect(
      openStream('s3://b/k.log', Readable.from([utf16le.subarray(0, 1), utf16le.subarray(1)])),
    ).rejects.toMatchObject({
      code: 'input/utf16',
      file: 's3://b/k.log',
    });
    const stdin = await openInput('-', { stdin: Readable.from([utf16le]) }).catch((err: unknown) => err);
    expect((stdin as Error).message).toContain('pipe it through iconv -f UTF-16 -t UTF-8');
  });

  it('UTF-8 text that merely holds FF FE later on is read (a reject for that line only)', async () => {
    const bytes = Buffer.concat([Buffer.from(vpc), Buffer.from([0xff, 0xfe]), Buffer.from(' 2 1 eni-2 10.0.0.2\n')]);
    const input = await openInput(tmp.file('late.log', bytes));
    const items = [];
    for await (const batch of input.records()) items.push(...batch);
    expect(items.map((i) => i.kind)).toEqual(['row', 'issue']);
  });
});
