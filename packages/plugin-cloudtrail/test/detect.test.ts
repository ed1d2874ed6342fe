import type { InputSample, RawRecord } from '@ocsfx/core';
import auth from '@ocsfx/plugin-cloudtrail-auth';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const json = (value: unknown): RawRecord => ({ kind: 'json', value, location: { file: 'x' } });
const sample = (records: RawRecord[], head = ''): InputSample => ({ file: 'x', format: 'json', head, records });
const ct = (eventName: string) => ({
  eventVersion: '1.08',
  eventSource: 's3.amazonaws.com',
  eventName,
  eventTime: '2024-01-01T00:00:00Z',
});

describe('detect', () => {
  it('is confident for API calls, and ranks below the authentication plugin on a mixed trail', () => {
    const mixed = sample([json(ct('GetObject')), json(ct('ConsoleLogin'))]);
    expect(plugin.detect(mixed)).toBeGreaterThan(0.7);
    expect(plugin.detect(mixed)).toBeLessThan(auth.detect(mixed));
    expect(plugin.detect(sample([json(ct('GetObject'))]))).toBeGreaterThan(0.9);
  });

  it('still claims a file whose first records are all sign-ins (later ones may be anything)', () => {
    expect(plugin.detect(sample([json(ct('ConsoleLogin'))]))).toBe(0.55);
  });

  it('claims Insights-only files, Logstash exports with @timestamp, and says 0 for other JSON', () => {
    expect(plugin.detect(sample([json({ eventType: 'AwsCloudTrailInsight' })]))).toBeGreaterThan(0.9);
    const { eventTime, ...rest } = ct('ListBuckets');
    expect(plugin.detect(sample([json({ ...rest, '@timestamp': eventTime })]))).toBeGreaterThan(0.9);
    expect(plugin.detect(sample([json({ query_name: 'example.com.' }), json({ message: 'x' })]))).toBe(0);
    expect(plugin.detect(sample([], ''))).toBe(0);
  });
});
