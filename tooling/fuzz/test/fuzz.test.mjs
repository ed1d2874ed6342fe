import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '../src/fixtures.mjs';
import { eventProblem, notPlainJson, parseJsonl } from '../src/invariants.mjs';
import { applyPlan, planArbitrary, planFor, SKIPPABLE } from '../src/mutate.mjs';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../src/main.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'ocsfx-fuzz-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Mutation tags the CI run leaves out while a fault they find is being fixed (tooling/fuzz/README.md,
 * "Known faults"). Empty: every mutation runs.
 */
const KNOWN = [];

describe('the invariant checks', () => {
  it('accept plain JSON events and name what is not plain', () => {
    expect(eventProblem({ class_uid: 4001, a: [1, { b: null }] })).toBeUndefined();
    expect(eventProblem({ a: 1 })).toMatch(/class_uid/);
    expect(eventProblem({ class_uid: 1, n: Number.POSITIVE_INFINITY })).toMatch(/\/n is Infinity/);
    const polluted = { class_uid: 1, x: {} };
    Object.setPrototypeOf(polluted.x, { evil: true });
    expect(eventProblem(polluted)).toMatch(/\/x has the prototype/);
    let deep = 1;
    for (let i = 0; i < 50_000; i++) deep = { a: deep };
    expect(notPlainJson(deep)).toBeUndefined();
    expect(parseJsonl('{"a":1}\n{"b"\n').problem).toMatch(/line 2/);
  });
});

describe.skipIf(!hasShared)('mutation plans', () => {
  const fixtures = hasShared ? loadFixtures(shared('fixtures', 'real')) : [];

  it('rebuild the same bytes from the same seed and case index', () => {
    const arbitrary = planArbitrary(fixtures.length);
    for (const index of [0, 1, 77]) {
      const a = applyPlan(planFor(arbitrary, 9, index), fixtures);
      const b = applyPlan(planFor(arbitrary, 9, index), fixtures);
      expect(b.bytes.equals(a.bytes)).toBe(true);
      expect(b.tags).toEqual(a.tags);
    }
    const other = applyPlan(planFor(arbitrary, 10, 0), fixtures);
    expect(other.bytes.equals(applyPlan(planFor(arbitrary, 9, 0), fixtures).bytes)).toBe(false);
  });

  it('leave out every skipped mutation', () => {
    const skip = new Set(SKIPPABLE);
    const arbitrary = planArbitrary(fixtures.length, skip);
    for (let index = 0; index < 400; index++) {
      const { tags } = applyPlan(planFor(arbitrary, 5, index), fixtures, skip);
      for (const tag of tags) expect(skip.has(tag), `case ${index}: ${tag}`).toBe(false);
    }
  });
});

const CASES = 1500;
const CLI_CASES = 12;

describe.skipIf(!hasShared)('a short seeded run (CI)', () => {
  it('finds no crash, hang or broken invariant in-process and through the CLI', async () => {
    const json = join(work, 'run.json');
    // A fixed budget, no time limit: the same cases run however loaded the machine is.
    const args = [
      main,
      '--seed',
      '20261201',
      '--cases',
      String(CASES),
      '--cli-cases',
      String(CLI_CASES),
      '--hang-ms',
      '60000',
    ];
    if (KNOWN.length > 0) args.push('--skip', KNOWN.join(','));
    args.push('--save-dir', join(work, 'findings'), '--json', json);
    let stdout;
    try {
      ({ stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }));
    } catch (err) {
      // Exit 1: the run's own output names each finding, its saved input and the replay command.
      throw new Error(`pnpm fuzz found faults:\n${err.stdout}\n${err.stderr}`);
    }
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(stdout).toContain('seed 20261201');
    expect(report.crashes).toBe(0);
    expect(report.hangs).toBe(0);
    expect(report.invariantBreaks).toBe(0);
    // The run did real work: cases through both paths, records translated and rejected.
    expect(report.libCases).toBe(CASES);
    expect(report.cliCases).toBe(CLI_CASES);
    expect(report.events).toBeGreaterThan(0);
    expect(report.rejected).toBeGreaterThan(0);
  });
});
