import type { InputSample, RawRecord } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const json = (value: unknown): RawRecord => ({ kind: 'json', value, location: { file: 'x' } });
const sample = (records: RawRecord[], head = '', format: InputSample['format'] = 'json'): InputSample => ({
  file: 'x',
  format,
  head,
  records,
});
const ct = {
  eventVersion: '1.08',
  eventSource: 'sts.amazonaws.com',
  eventName: 'AssumeRole',
  eventTime: '2024-01-01T00:00:00Z',
};

describe('detect', () => {
  it('is confident for CloudTrail records', () => {
    expect(plugin.detect(sample([json(ct), json({ ...ct, eventName: 'GetObject' })]))).toBeGreaterThan(0.9);
  });

  it('recognises CloudTrail exported through Logstash, with @timestamp instead of eventTime', () => {
    const { eventTime, ...rest } = ct;
    expect(plugin.detect(sample([json({ ...rest, '@timestamp': eventTime })]))).toBeGreaterThan(0.9);
    expect(plugin.detect(sample([json(rest)]))).toBe(0);
  });

  it('is less sure when only some records look like CloudTrail', () => {
    const score = plugin.detect(sample([json(ct), json({ a: 1 }), json({ b: 2 })]));
    expect(score).toBeGreaterThan(0.5);
    expect(score).toBeLessThan(0.9);
  });

  it('recognises digest-only and Insights-only inputs as CloudTrail, moderately', () => {
    expect(plugin.detect(sample([json({ awsAccountId: '1', digestStartTime: 'x' })]))).toBe(0.5);
    expect(plugin.detect(sample([json({ eventType: 'AwsCloudTrailInsight' })]))).toBe(0.5);
  });

  it('says 0 for VPC Flow Logs text and other JSON', () => {
    const vpc =
      '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n';
    const row: RawRecord = {
      kind: 'row',
      columns: null,
      values: vpc.trim().split(' '),
      location: { file: 'x', line: 1 },
    };
    expect(plugin.detect(sample([row], vpc, 'text'))).toBe(0);
    expect(plugin.detect(sample([json({ message: 'hello' })]))).toBe(0);
    expect(plugin.detect(sample([], ''))).toBe(0);
  });

  it('falls back to the head text when the reader produced no records', () => {
    expect(plugin.detect(sample([], '{"Records":[{"eventVersion":"1.08","eventSource":"x","eventName":"y"'))).toBe(0.5);
  });
});
