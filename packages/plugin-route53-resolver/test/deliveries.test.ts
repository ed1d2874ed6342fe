/**
 * The two deliveries through core's reader, as the CLI reads them: S3 (JSON lines, gzip) and a CloudWatch
 * Logs subscription message (gzip JSON, one query log per log event); and a file of valid and malformed
 * records, each malformed one rejected with its code while the valid ones come through.
 */
import { type OcsfEvent, openInput, Stats, translateInput } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { fixture, type Json, schemaIssues } from './helpers.js';

async function run(file: string) {
  const input = await openInput(file);
  const sample = await input.sample();
  const events: OcsfEvent[] = [];
  const rejects: Json[] = [];
  try {
    const stats = await translateInput(
      {
        input,
        translator: plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} }),
        writer: { write: (e) => void events.push(e) },
        rejects: { write: (e) => void rejects.push(e) },
      },
      new Stats(),
    );
    return { confidence: plugin.detect(sample), stats: stats.snapshot(), events, rejects };
  } finally {
    await input.close();
  }
}

describe('deliveries', () => {
  it('S3: gzip JSON lines, every record one valid event', async () => {
    const { confidence, stats, events } = await run(
      fixture('s3', 'vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20241124T0800Z_5f2e1a3b.log.gz'),
    );
    expect(confidence).toBeGreaterThan(0.9);
    expect(stats).toMatchObject({ recordsIn: 10, emittedRecords: 10, skipped: 0, rejected: 0 });
    for (const event of events) expect(schemaIssues(event)).toEqual([]);
    expect(events.map((e) => e.disposition ?? '-')).toEqual([
      '-',
      '-',
      '-',
      '-',
      'Blocked',
      'Alert',
      'Allowed',
      '-',
      '-',
      '-',
    ]);
    expect(events.map((e) => e.rcode)).toEqual([
      'NoError',
      'NoError',
      'NoError',
      'NXDomain',
      'NXDomain',
      'NoError',
      'NoError',
      'NoError',
      'ServError',
      'NoError',
    ]);
  });

  it('CloudWatch Logs subscription: one event per log event, the same as from S3', async () => {
    const cw = await run(fixture('cloudwatch', 'subscription-data-message.json.gz'));
    const s3 = await run(
      fixture('s3', 'vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20241124T0800Z_5f2e1a3b.log.gz'),
    );
    expect(cw.confidence).toBeGreaterThan(0.9);
    expect(cw.stats).toMatchObject({ recordsIn: 6, emittedRecords: 6, rejected: 0 });
    expect(cw.events).toEqual(s3.events.slice(0, 6));
  });

  it('malformed records are rejected with their codes; the valid ones come through', async () => {
    const { stats, events, rejects } = await run(fixture('bad', 'mixed-valid-and-malformed.jsonl'));
    expect(stats).toMatchObject({ recordsIn: 9, emittedRecords: 2, skipped: 0, rejected: 7 });
    expect(stats.rejectedByReason).toEqual({
      'route53/missing-query-name': 1,
      'route53/invalid-timestamp': 1,
      'route53/invalid-address': 1,
      'route53/invalid-port': 1,
      'route53/wrong-type': 1,
      'route53/not-a-query-log': 1,
      'route53/not-an-object': 1,
    });
    expect(rejects.map((r) => (r.location as { line: number }).line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(events).toHaveLength(2);
  });
});
