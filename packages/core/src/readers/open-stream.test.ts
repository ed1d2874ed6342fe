import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type OpenedInput, openStream } from './index.js';

async function all(input: OpenedInput) {
  const out = [];
  for await (const batch of input.records()) out.push(...batch);
  return out;
}

describe('openStream', () => {
  it('reads a gzip stream by content under the given name', async () => {
    const body = gzipSync('{"a":1}\n{"a":2}\n');
    const input = await openStream('s3://bucket/logs/x', Readable.from([body.subarray(0, 5), body.subarray(5)]));
    expect(input.gzip).toBe(true);
    expect(input.format).toBe('json');
    const sample = await input.sample();
    expect(sample.file).toBe('s3://bucket/logs/x');
    const records = await all(input);
    expect(records.map((r) => (r.kind === 'json' ? r.value : r))).toEqual([{ a: 1 }, { a: 2 }]);
    expect(records[1]?.location).toEqual({ file: 's3://bucket/logs/x', line: 2 });
    expect(input.bytesRead()).toBe(body.length);
  });

  it('raises a truncated gzip stream as an InputError after the records before the cut', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(40)}"}`).join('\n');
    const body = gzipSync(lines);
    const input = await openStream('s3://b/cut.gz', Readable.from([body.subarray(0, body.length - 200)]));
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const batch of input.records()) seen.push(...batch);
      })(),
    ).rejects.toMatchObject({ code: 'input/truncated-gzip', file: 's3://b/cut.gz' });
    expect(seen.length).toBeGreaterThan(1000);
  });
});
