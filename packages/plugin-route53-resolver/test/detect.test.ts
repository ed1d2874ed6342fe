import type { InputSample, RawRecord } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const json = (value: unknown): RawRecord => ({ kind: 'json', value, location: { file: 'x' } });
const sample = (records: RawRecord[], head = ''): InputSample => ({ file: 'x', format: 'json', head, records });
const q = { query_name: 'example.com.', query_type: 'A', srcaddr: '10.0.0.1', query_timestamp: '2024-01-01T00:00:00Z' };

describe('detect', () => {
  it('is confident for query log records, less when only some are', () => {
    expect(plugin.detect(sample([json(q), json(q)]))).toBeGreaterThan(0.95);
    const some = plugin.detect(sample([json(q), json({ a: 1 }), json({ b: 2 })]));
    expect(some).toBeGreaterThanOrEqual(0.6);
    expect(some).toBeLessThan(0.8);
  });

  it('says 0 for CloudTrail, VPC text rows and other JSON', () => {
    const ct = { eventVersion: '1.08', eventSource: 's3.amazonaws.com', eventName: 'GetObject', eventTime: 'x' };
    expect(plugin.detect(sample([json(ct)]))).toBe(0);
    expect(plugin.detect(sample([json({ query_name: 'x' })]))).toBe(0);
    expect(plugin.detect(sample([], ''))).toBe(0);
  });

  it('falls back to the head text when the reader produced no records', () => {
    expect(plugin.detect(sample([], '{"query_name":"a.","query_type":"A","srcaddr":"10.0.0.1"'))).toBe(0.5);
  });
});
