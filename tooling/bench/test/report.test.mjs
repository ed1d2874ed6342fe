import { describe, expect, it } from 'vitest';
import { pairedRatio, ratios, summarize } from '../src/report.mjs';

const runs = (...pairs) => pairs.map(([seconds, cpuSeconds]) => ({ seconds, cpuSeconds, peakRssMiB: 100 }));

describe('pairedRatio', () => {
  it('pairs runs by round and gives the median with its min and max', () => {
    const a = { runs: runs([1, 2], [2, 4], [1, 1]) };
    const b = { runs: runs([3, 3], [2, 4], [4, 8]) };
    // CPU-s: b / a per round = 1.5, 1, 8 → median 1.5.
    expect(pairedRatio(a, b)).toEqual({ value: 1.5, min: 1, max: 8, pairs: 3, by: 'cpu' });
    // Wall: 3, 1, 4 → median 3; as a cost (a / b): 1/3, 1, 1/4.
    expect(pairedRatio(a, b, { by: 'wall' })?.value).toBe(3);
    expect(pairedRatio(a, b, { by: 'wall', kind: 'cost' })).toMatchObject({ value: 1 / 3, min: 0.25, max: 1 });
  });

  it('uses only the rounds both cases ran, and nothing without CPU time', () => {
    const a = { runs: runs([1, 1], [1, 1], [1, 1]) };
    const b = { runs: runs([2, 2]) };
    expect(pairedRatio(a, b)?.pairs).toBe(1);
    expect(pairedRatio(a, { runs: [{ seconds: 1, peakRssMiB: 1 }] })).toBeUndefined();
    expect(pairedRatio(undefined, b)).toBeUndefined();
  });
});

describe('ratios', () => {
  it('marks the DuckDB target met or missed by its median, and says what it was measured by', () => {
    const sum = (id, rows, ...r) => summarize({ id, title: id, rows, mb: 1, runs: runs(...r) });
    const byId = new Map(
      [
        sum('vpc-1k-text.gz', 1000, [1, 1], [1, 1], [1, 1]),
        sum('duckdb-vpc-1k-text.gz-1t', 1000, [1, 1.3], [1, 1.1], [1, 1.25]),
        sum('vpc-2k-text.gz', 2000, [1, 1]),
        sum('duckdb-vpc-2k-text.gz-1t', 2000, [1, 1]),
      ].map((s) => [s.id, s]),
    );
    const list = ratios(byId, { small: '1k', large: '2k' });
    const small = list.find((r) => r.what.startsWith('VPC 1k text.gz → JSONL, one thread'));
    expect(small).toMatchObject({ value: 1.25, min: 1.1, max: 1.3, by: 'cpu', met: true });
    const large = list.find((r) => r.what.startsWith('VPC 2k text.gz → JSONL, one thread'));
    expect(large).toMatchObject({ value: 1, met: false });
  });
});
