import { describe, expect, it } from 'vitest';
import { formatSummary, Stats } from './stats.js';

describe('Stats', () => {
  it('merges snapshots from several files or workers and keeps the invariant', () => {
    const a = new Stats();
    a.files = 1;
    a.recordsIn = 6;
    a.emittedRecords = 3;
    a.events = 3;
    a.skip('x/skip');
    a.reject('x/bad');
    a.reject('x/bad');
    const b = new Stats();
    b.files = 2;
    b.recordsIn = 2;
    b.skip('x/skip');
    b.skip('y/other');
    const total = new Stats();
    total.merge(a.snapshot());
    total.merge(b.snapshot());
    expect(total.recordsIn).toBe(8);
    expect(total.files).toBe(3);
    expect(Object.fromEntries(total.skippedByReason)).toEqual({ 'x/skip': 2, 'y/other': 1 });
    expect(Object.fromEntries(total.rejectedByReason)).toEqual({ 'x/bad': 2 });
    expect(total.balanced()).toBe(true);
  });

  it('formats a summary with counts by reason, most frequent first', () => {
    const s = new Stats();
    s.files = 1;
    s.recordsIn = 4;
    s.emittedRecords = 1;
    s.events = 1;
    s.skip('a/rare');
    s.skip('b/common');
    s.skip('b/common');
    s.finish();
    const text = formatSummary(s.snapshot());
    expect(text).toMatch(/^ocsfx: 1 file, 4 records in: 1 translated \(1 event\), 3 skipped, 0 rejected/);
    expect(text.indexOf('b/common')).toBeLessThan(text.indexOf('a/rare'));
    expect(text).toMatch(/records\/s/);
  });
});

describe('tagged emitted records', () => {
  it('are counted by code, merged, and shown in the summary', () => {
    const a = new Stats();
    a.recordsIn = 2;
    a.emittedRecords = 2;
    a.events = 2;
    a.tagEmitted('vpc/nodata');
    const total = new Stats();
    total.merge(a.snapshot());
    total.merge(a.snapshot());
    expect(Object.fromEntries(total.emittedByCode)).toEqual({ 'vpc/nodata': 2 });
    expect(total.balanced()).toBe(true);
    expect(formatSummary(total.snapshot())).toMatch(/^ {2}of which +2 {2}vpc\/nodata \(translated\)$/m);
  });
});
