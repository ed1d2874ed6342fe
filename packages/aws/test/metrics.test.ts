import { describe, expect, it } from 'vitest';
import { METRIC_NAMESPACE, metricLine, type ObjectResult } from '../src/index.js';

const result: ObjectResult = {
  object: 's3://raw/AWSLogs/flow.log.gz',
  plugin: 'vpc-flowlogs',
  sourceName: 'vpc-flow',
  outcome: 'failed',
  error: { code: 'input/truncated-gzip', message: 'the gzip data ends early' },
  stats: {
    files: 1,
    failedFiles: 1,
    recordsIn: 10,
    emittedRecords: 7,
    events: 7,
    emittedByCode: {},
    skipped: 1,
    rejected: 2,
    skippedByReason: { 'vpc/nodata': 1 },
    rejectedByReason: { 'vpc/invalid-port': 2 },
    bytesIn: 1234,
    elapsedMs: 56.4,
  },
  outputs: ['s3://lake/ext/vpc-flow/region=us-east-1/accountId=1/eventDay=20240101/ocsfx-x-0.gz.parquet'],
  rejects: 's3://lake/rejects/vpc-flow/ocsfx-x.rejects.jsonl',
  bytesOut: 999,
  s3: { requests: 3, retries: 1 },
};

describe('metricLine', () => {
  it('is CloudWatch Embedded Metric Format: every declared metric is a number on the line, with its dimension', () => {
    const line = JSON.parse(metricLine(result, 1_700_000_000_000)) as Record<string, unknown> & {
      _aws: {
        Timestamp: number;
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
      };
    };
    expect(line._aws.Timestamp).toBe(1_700_000_000_000);
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe(METRIC_NAMESPACE);
    for (const dims of directive?.Dimensions ?? []) for (const d of dims) expect(typeof line[d]).toBe('string');
    for (const m of directive?.Metrics ?? []) expect(typeof line[m.Name], m.Name).toBe('number');
    expect(line).toMatchObject({
      source: 'vpc-flow',
      RecordsIn: 10,
      Translated: 7,
      Skipped: 1,
      Rejected: 2,
      Failed: 1,
      BytesIn: 1234,
      BytesOut: 999,
      S3Retries: 1,
      DurationMs: 56,
      rejectedByCode: { 'vpc/invalid-port': 2 },
      skippedByCode: { 'vpc/nodata': 1 },
      error: { code: 'input/truncated-gzip' },
    });
    // The accounting invariant holds on the line itself.
    expect(line['RecordsIn']).toBe(
      (line['Translated'] as number) + (line['Skipped'] as number) + (line['Rejected'] as number),
    );
  });
});
