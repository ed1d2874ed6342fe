import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, openInput } from './index.js';
import { readAll, stdinOf, tempDir } from './test-helpers/io.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const subscription = {
  messageType: 'DATA_MESSAGE',
  owner: '123456789012',
  logGroup: 'vpc-flow',
  logStream: 'eni-1-all',
  subscriptionFilters: ['all'],
  logEvents: [
    { id: '1', timestamp: 1, message: '2 123456789012 eni-1 10.0.0.1 10.0.0.2 443 49152 6 10 840 1 2 ACCEPT OK' },
    { id: '2', timestamp: 2, message: '{"eventName":"ConsoleLogin","eventVersion":"1.08"}' },
  ],
};

describe('JSON envelopes', () => {
  it('unwraps a CloudWatch Logs subscription delivered as base64 of gzip, one line per record', async () => {
    const line = gzipSync(JSON.stringify(subscription)).toString('base64');
    const path = tmp.file('firehose.txt', `${line}\n${line}\n`);
    const { input, items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(input.format).toBe('json');
    expect(items).toHaveLength(4);
    expect(items[0]).toMatchObject({
      kind: 'row',
      columns: null,
      values: [
        '2',
        '123456789012',
        'eni-1',
        '10.0.0.1',
        '10.0.0.2',
        '443',
        '49152',
        '6',
        '10',
        '840',
        '1',
        '2',
        'ACCEPT',
        'OK',
      ],
      location: { line: 1, index: 0 },
    });
    expect(items[1]).toMatchObject({
      kind: 'json',
      value: { eventName: 'ConsoleLogin' },
      location: { line: 1, index: 1 },
    });
    expect(items[3]).toMatchObject({ kind: 'json', location: { line: 2, index: 1 } });
  });

  it('unwraps a plain DATA_MESSAGE and skips a CONTROL_MESSAGE', async () => {
    const control = {
      messageType: 'CONTROL_MESSAGE',
      owner: 'CloudwatchLogs',
      logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }],
    };
    const path = tmp.file('cw.ndjson', `${JSON.stringify(control)}\n${JSON.stringify(subscription)}\n`);
    const { items } = await readAll(path);
    expect(items.map((i) => i.kind)).toEqual(['issue', 'row', 'json']);
    expect(items[0]).toMatchObject({ outcome: 'skipped', code: 'json/cloudwatch-control', location: { line: 1 } });
  });

  it('unwraps a gzip file whose content is a CloudWatch subscription message', async () => {
    const path = tmp.file('cw.gz', gzipSync(JSON.stringify(subscription)));
    const { input, items } = await readAll(path);
    expect(input.gzip).toBe(true);
    expect(items).toHaveLength(2);
  });

  it('takes the detail of an EventBridge event', async () => {
    const event = {
      version: '0',
      id: 'x',
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
      account: '1',
      time: 't',
      region: 'us-east-1',
      resources: [],
      detail: { eventName: 'ConsoleLogin' },
    };
    const path = tmp.file('eb.json', JSON.stringify(event, null, 2));
    const { items } = await readAll(path);
    expect(items).toEqual([{ kind: 'json', value: { eventName: 'ConsoleLogin' }, location: { file: path, line: 1 } }]);
  });

  it('reads a pretty-printed top-level array, element by element', async () => {
    const path = tmp.file('array.json', JSON.stringify([{ a: 1 }, { b: 2 }, 3], null, 2));
    const { items } = await readAll(path);
    expect(items.map((i) => (i.kind === 'json' ? i.value : undefined))).toEqual([{ a: 1 }, { b: 2 }, 3]);
    expect(items.map((i) => i.location.index)).toEqual([0, 1, 2]);
  });

  it('reads objects concatenated without separator (Firehose) and pretty objects back to back', async () => {
    const a = tmp.file('concat.json', '{"a":1}{"b":"}{"}\n{"c":3}');
    expect((await readAll(a)).items.map((i) => (i.kind === 'json' ? i.value : null))).toEqual([
      { a: 1 },
      { b: '}{' },
      { c: 3 },
    ]);
    const b = tmp.file(
      'pretty-many.json',
      `${JSON.stringify({ a: 1 }, null, 2)}\n${JSON.stringify({ b: 2 }, null, 2)}\n`,
    );
    expect((await readAll(b)).items.map((i) => (i.kind === 'json' ? i.value : null))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('keeps a {"message"} object with other keys as JSON', async () => {
    const path = tmp.file('msg.json', '{"message":"hello","level":"info"}');
    expect((await readAll(path)).items).toEqual([
      { kind: 'json', value: { message: 'hello', level: 'info' }, location: { file: path, line: 1 } },
    ]);
  });
});

describe('NDJSON and invalid JSON', () => {
  it('rejects a bad NDJSON line and keeps the lines around it', async () => {
    const path = tmp.file('bad.ndjson', '{"a":1}\n{"a":\n\n{"a":3}\n');
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ kind: 'json', value: { a: 1 }, location: { line: 1 } });
    expect(items[1]).toMatchObject({
      kind: 'issue',
      outcome: 'rejected',
      code: 'json/invalid',
      location: { line: 2 },
      raw: '{"a":',
    });
    expect(items[2]).toMatchObject({ kind: 'json', value: { a: 3 }, location: { line: 4 } });
  });

  it('throws an InputError with line and column for an invalid document', async () => {
    const path = tmp.file('broken.json', '{\n  "a": 1,\n  "b": ]\n}\n');
    const { items, error } = await readAll(path);
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('input/invalid-json');
    expect((error as InputError).message).toContain(`${path}:3:`);
  });

  it('samples the complete leading elements of a cut-off Records document', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ eventName: 'E', i, pad: 'x'.repeat(40) }));
    const path = tmp.file('big-records.json', JSON.stringify({ Records: records }));
    const input = await openInput(path);
    const sample = await input.sample();
    expect(sample.head.length).toBe(64 * 1024);
    expect(sample.records).toHaveLength(20);
    expect(sample.records[19]).toMatchObject({ kind: 'json', value: { i: 19 } });
    let n = 0;
    for await (const batch of input.records()) n += batch.length;
    expect(n).toBe(3000);
  });

  it('reads NDJSON from stdin', async () => {
    const input = await openInput('-', { stdin: stdinOf('{"a":1}\n{"a":2}\n') });
    expect(input.file).toBe('<stdin>');
    const items = [];
    for await (const batch of input.records()) items.push(...batch);
    expect(items).toHaveLength(2);
    expect(items[1]?.location).toEqual({ file: '<stdin>', line: 2 });
  });
});
