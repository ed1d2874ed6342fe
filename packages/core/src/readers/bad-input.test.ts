import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, openInput } from './index.js';
import { readAll, tempDir } from './test-helpers/io.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const VPC_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const vpcLine = (i: number): string =>
  `2 123456789012 eni-0a1b2c 10.0.${i % 250}.1 10.0.0.2 443 ${1024 + i} 6 10 840 1 2 ACCEPT OK`;

async function openError(path: string): Promise<unknown> {
  try {
    await openInput(path);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('inputs that cannot be read', () => {
  it('refuses a missing file with input/not-found', async () => {
    const err = await openError(`${tmp.dir}/nope.log`);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code: 'input/not-found', file: `${tmp.dir}/nope.log` });
  });

  it('refuses a directory with input/is-directory', async () => {
    expect(await openError(tmp.dir)).toMatchObject({ code: 'input/is-directory' });
  });

  it('reads an empty file as no records and no error', async () => {
    const { items, error } = await readAll(tmp.file('empty.log', ''));
    expect(items).toEqual([]);
    expect(error).toBeUndefined();
  });

  it('reads an empty gzip file as no records', async () => {
    const { input, items, error } = await readAll(tmp.file('empty.gz', gzipSync('')));
    expect(input.gzip).toBe(true);
    expect(items).toEqual([]);
    expect(error).toBeUndefined();
  });
});

describe('gzip', () => {
  it('reads concatenated gzip members as one stream', async () => {
    const path = tmp.file(
      'multi.gz',
      Buffer.concat([gzipSync(`${VPC_HEADER}\n${vpcLine(1)}\n`), gzipSync(`${vpcLine(2)}\n`)]),
    );
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(items.map((i) => (i.kind === 'row' ? i.text : ''))).toEqual([vpcLine(1), vpcLine(2)]);
  });

  it('yields the records before a truncation, then throws input/truncated-gzip naming the file', async () => {
    const lines = Array.from({ length: 20000 }, (_, i) => vpcLine(i));
    const whole = gzipSync(`${VPC_HEADER}\n${lines.join('\n')}\n`);
    const path = tmp.file('cut.log.gz', whole.subarray(0, Math.floor(whole.length * 0.7)));
    const { items, error } = await readAll(path);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'input/truncated-gzip', file: path });
    expect((error as Error).message).toContain(path);
    expect(items.length).toBeGreaterThan(1000);
    expect(items.length).toBeLessThan(lines.length);
    expect(items.every((i) => i.kind === 'row')).toBe(true);
  });

  it.skipIf(!hasShared)('throws input/truncated-gzip for a real file cut short', async () => {
    const real = readFileSync(
      shared('fixtures', 'real', 'grafana-loki', 'tools', 'lambda-promtail', 'testdata', 'cloudtrail-log-file.json.gz'),
    );
    const path = tmp.file('cloudtrail-cut.json.gz', real.subarray(0, real.length - 20));
    const { error } = await readAll(path);
    expect(error).toMatchObject({ code: 'input/truncated-gzip' });
  });
});

describe('text limits and garbage', () => {
  it('rejects a 20 MB line as reader/line-too-long and keeps the lines around it', async () => {
    const giant = 'x'.repeat(20 * 1024 * 1024);
    const path = tmp.file('giant.log', `${VPC_HEADER}\n${vpcLine(1)}\n${giant}\n${vpcLine(2)}\n`);
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ kind: 'row', text: vpcLine(1), location: { line: 2 } });
    expect(items[1]).toMatchObject({
      kind: 'issue',
      outcome: 'rejected',
      code: 'reader/line-too-long',
      location: { line: 3 },
    });
    expect(items[1]?.kind === 'issue' && items[1].raw?.length).toBe(1024);
    expect(items[2]).toMatchObject({ kind: 'row', text: vpcLine(2), location: { line: 4 } });
  });

  it('honours a smaller maxLineLength', async () => {
    const path = tmp.file('short-limit.log', `${vpcLine(1)}\n${'y'.repeat(200)}\n`);
    const { items } = await readAll(path, { maxLineLength: 100 });
    expect(items.map((i) => (i.kind === 'issue' ? i.code : i.kind))).toEqual(['row', 'reader/line-too-long']);
  });

  it('survives random bytes: records or an InputError, never another exception', async () => {
    for (let n = 0; n < 20; n++) {
      const path = tmp.file(`garbage-${n}.bin`, randomBytes(1 + n * 5000));
      const { error } = await readAll(path);
      if (error !== undefined) expect(error).toBeInstanceOf(InputError);
    }
  });

  it('refuses a file that starts like Parquet but is not with input/invalid-parquet', async () => {
    const { error } = await readAll(tmp.file('fake.parquet', 'PAR1 this is not parquet'));
    expect(error).toMatchObject({ code: 'input/invalid-parquet' });
  });

  it('uses the header hint of a plugin instead of the heuristic', async () => {
    const path = tmp.file('hint.log', `a b c\n1 2 3\n`);
    const { items } = await readAll(path, { text: { isHeader: () => false } });
    expect(items.map((i) => (i.kind === 'row' ? i.columns : 'issue'))).toEqual([null, null]);
  });
});

describe('CSV', () => {
  it('reads a header and rows with one shared columns array, values as strings', async () => {
    const path = tmp.file('flows.csv', 'version,account_id,action\n2,0123,ACCEPT\n"2","0456","REJECT"\n');
    const { input, items } = await readAll(path);
    expect(input.format).toBe('csv');
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      kind: 'row',
      columns: ['version', 'account_id', 'action'],
      values: ['2', '0123', 'ACCEPT'],
      location: { line: 2 },
    });
    expect(items[0]?.kind === 'row' && items[1]?.kind === 'row' && items[0].columns === items[1].columns).toBe(true);
  });

  it('rejects a row with the wrong column count and goes on', async () => {
    const path = tmp.file('count.csv', 'a,b,c\n1,2,3\n1,2\n4,5,6\n');
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(items[1]).toMatchObject({
      kind: 'issue',
      outcome: 'rejected',
      code: 'csv/column-count',
      location: { line: 3 },
    });
    expect(items[1]?.kind === 'issue' && items[1].reason).toContain('expected 3 fields');
    expect(items[2]).toMatchObject({ kind: 'row', values: ['4', '5', '6'] });
  });

  it('reads mixed line endings (\\r\\n and \\n) without a \\r left in the last field', async () => {
    // csv-parse takes the first line ending it sees for the whole file: after a \n header a \r\n row kept
    // its \r, and after a \r\n header a \n split nothing (two rows ran into one).
    for (const text of [
      'a,b\n1,2\r\n3,"x\r\ny"\r\n5,6\n',
      'a,b\r\n1,2\n3,"x\r\ny"\n5,6\r\n',
      'a,b\r1,2\r3,"x\r\ny"\r5,6',
    ]) {
      const { items, error } = await readAll(tmp.file('endings.csv', text));
      expect(error).toBeUndefined();
      expect(items.map((item) => (item.kind === 'row' ? item.values : item))).toEqual([
        ['1', '2'],
        ['3', 'x\r\ny'],
        ['5', '6'],
      ]);
    }
  });

  it('ends with an InputError naming the line when quoting is broken', async () => {
    const path = tmp.file('quote.csv', 'a,b\n1,2\n"3,4\n');
    const { items, error } = await readAll(path);
    expect(items).toHaveLength(1);
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ code: 'input/invalid-csv' });
  });
});
