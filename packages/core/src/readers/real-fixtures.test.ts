import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import type { JsonRecord, RowRecord } from '../plugin/types.js';
import { openInput } from './index.js';
import { readAll } from './test-helpers/io.js';
import type { ReaderItem } from './types.js';

const real = (...parts: string[]): string => shared('fixtures', 'real', ...parts);
const rows = (items: ReaderItem[]): RowRecord[] => items.filter((i): i is RowRecord => i.kind === 'row');
const jsons = (items: ReaderItem[]): JsonRecord[] => items.filter((i): i is JsonRecord => i.kind === 'json');

describe.skipIf(!hasShared)('readers on real AWS files', () => {
  it('reads every line of the gzipped VPC flow log (gzip detected by content) with its header', async () => {
    const path = real('grafana-loki', 'tools', 'lambda-promtail', 'testdata', 'vpcflowlog.log.gz');
    const lines = gunzipSync(readFileSync(path))
      .toString('utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const { input, items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(input.gzip).toBe(true);
    expect(input.format).toBe('text');
    const got = rows(items);
    expect(got).toHaveLength(lines.length - 1); // the first line is the header
    expect(got[0]?.columns).toEqual(lines[0]?.split(' '));
    expect(got.map((r) => r.text)).toEqual(lines.slice(1));
    expect(new Set(got.map((r) => r.columns)).size).toBe(1); // one shared columns array
    expect(got[0]?.location).toEqual({ file: path, line: 2 });
    expect(input.bytesRead()).toBe(readFileSync(path).length);
  });

  const cloudTrailDir = real('invictus-ir-aws_dataset', 'CloudTrail');
  const cloudTrailFiles = hasShared
    ? readdirSync(cloudTrailDir)
        .filter((f) => f.endsWith('.json'))
        .slice(0, 12)
    : [];
  it.each(cloudTrailFiles)('yields every element of the CloudTrail Records file %s', async (name) => {
    const path = `${cloudTrailDir}/${name}`;
    const expected = (JSON.parse(readFileSync(path, 'utf8')) as { Records: unknown[] }).Records;
    const { input, items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(input.format).toBe('json');
    expect(items.every((i) => i.kind === 'json')).toBe(true);
    expect(jsons(items).map((r) => r.value)).toEqual(expected);
    expect(jsons(items).map((r) => r.location.index)).toEqual(expected.map((_, i) => i));
  });

  it('reads the gzipped CloudTrail file', async () => {
    const path = real('grafana-loki', 'tools', 'lambda-promtail', 'testdata', 'cloudtrail-log-file.json.gz');
    const expected = (JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { Records: unknown[] }).Records;
    const { input, items } = await readAll(path);
    expect(input.gzip).toBe(true);
    expect(jsons(items).map((r) => r.value)).toEqual(expected);
  });

  it('reads the otrf NDJSON file: 103 events with their line numbers', async () => {
    const path = real(
      'otrf-security-datasets',
      'datasets',
      'atomic',
      'aws',
      'collection',
      'ec2_proxy_s3_exfiltration_2020-09-14011940.json',
    );
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(jsons(items)).toHaveLength(103);
    expect(jsons(items).map((r) => r.location.line)).toEqual(Array.from({ length: 103 }, (_, i) => i + 1));
    const input = await openInput(path);
    const sample = await input.sample();
    await input.close();
    expect(sample.records).toHaveLength(20);
  });

  it('turns the CloudWatch {"message": …} form into a header-less row', async () => {
    const path = real('elastic-integrations', 'vpcflow', 'test-with-message-field.log');
    const { items } = await readAll(path);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'row',
      columns: null,
      values: [
        '2',
        '428961148399',
        'eni-0e0bf7be352692297',
        '-',
        '-',
        '-',
        '-',
        '-',
        '-',
        '-',
        '1671029698',
        '1671029728',
        '-',
        'NODATA',
      ],
    });
  });

  it('reads the real AWS Parquet flow log: 7 rows with the schema names, INT64 as bigint', async () => {
    const path = real(
      'sekoia-automation-library',
      'AWS',
      'tests',
      'data',
      '111111111111_vpcflowlogs_eu-west-3_fl-032a163fae170ae52_20220831T1255Z_2ad4bef5.parquet',
    );
    const { input, items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(input.format).toBe('parquet');
    const got = rows(items);
    expect(got).toHaveLength(7);
    expect(got[0]?.columns).toEqual([
      'version',
      'account_id',
      'interface_id',
      'srcaddr',
      'dstaddr',
      'srcport',
      'dstport',
      'protocol',
      'packets',
      'bytes',
      'start',
      'end',
      'action',
      'log_status',
    ]);
    expect(got[0]?.values).toEqual([
      2,
      '111111111111',
      'eni-03ef80ddb18bc0997',
      '64.62.197.99',
      '172.31.17.39',
      58938,
      20547,
      6,
      1n,
      40n,
      1661950735n,
      1661950746n,
      'REJECT',
      'OK',
    ]);
    expect(got.map((r) => r.location.row)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(input.bytesRead()).toBeGreaterThan(0);
  });

  it('reads test_parquet.parquet (8 rows) and samples it', async () => {
    const path = real('sekoia-automation-library', 'AWS', 'tests', 'connectors', 's3', 'test_parquet.parquet');
    const input = await openInput(path);
    const sample = await input.sample();
    await input.close();
    expect(sample.head).toBe('');
    expect(sample.records).toHaveLength(8);
    const { items } = await readAll(path);
    expect(rows(items)).toHaveLength(8);
  });

  it('reads Parquet from stdin by buffering it', async () => {
    const path = real('sekoia-automation-library', 'AWS', 'tests', 'connectors', 's3', 'test_parquet.parquet');
    const { Readable } = await import('node:stream');
    const input = await openInput('-', { stdin: Readable.from([readFileSync(path)]) });
    expect(input.file).toBe('<stdin>');
    expect(input.format).toBe('parquet');
    let n = 0;
    for await (const batch of input.records()) n += batch.length;
    expect(n).toBe(8);
  });

  const prettyDir = real('aws-docs', 'iam-user-guide', 'cloudtrail-integration');
  const prettyFiles = hasShared ? readdirSync(prettyDir) : [];
  it.each(prettyFiles)('reads the pretty-printed single object %s as one record', async (name) => {
    const path = `${prettyDir}/${name}`;
    const { items, error } = await readAll(path);
    expect(error).toBeUndefined();
    expect(jsons(items).map((r) => r.value)).toEqual([JSON.parse(readFileSync(path, 'utf8'))]);
    expect(items[0]?.location.line).toBe(1);
  });

  it('reads the sekoia text file: leading newline, blank line and a # comment', async () => {
    const path = real(
      'sekoia-automation-library',
      'AWS',
      'tests',
      'connectors',
      's3',
      'test_trigger_s3_flowlogs.test_data.log',
    );
    const { input, items } = await readAll(path);
    expect(input.format).toBe('text');
    expect(rows(items)).toHaveLength(4);
    expect(rows(items)[0]?.columns?.[0]).toBe('version');
    expect(rows(items)[0]?.location.line).toBe(4);
    const comments = items.filter((i) => i.kind === 'issue');
    expect(comments).toEqual([
      expect.objectContaining({ outcome: 'skipped', code: 'reader/comment', location: { file: path, line: 8 } }),
    ]);
  });

  it('skips the header repeated before every record', async () => {
    const path = real('elastic-integrations', 'vpcflow', 'test-tcp-flag-sequence.log');
    const { items } = await readAll(path);
    expect(rows(items)).toHaveLength(3);
    expect(items.filter((i) => i.kind === 'issue').map((i) => (i.kind === 'issue' ? i.code : ''))).toEqual([
      'reader/repeated-header',
      'reader/repeated-header',
    ]);
  });

  it('reads header-less text with columns null', async () => {
    const { items } = await readAll(real('elastic-integrations', 'vpcflow', 'test-extra-samples.log'));
    expect(rows(items)).toHaveLength(7);
    expect(rows(items).every((r) => r.columns === null)).toBe(true);
  });
});
