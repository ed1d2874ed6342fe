/**
 * The in-process runner, in a worker thread so that the main thread can watch it: the index of the case
 * being run is kept in shared memory, so a case that hangs (even in a synchronous loop) or exhausts the
 * heap is named exactly, and the worker is replaced to go on with the next case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { loadFixtures } from './fixtures.mjs';
import { createLibraryEnv, runLibraryCase } from './library-case.mjs';
import { applyPlan, planArbitrary, planFor } from './mutate.mjs';
import { loadPlugins } from './plugins.mjs';

const { seed, from, to, deadline, skip: skipList, fixturesDir, root, current } = workerData;
const skip = new Set(skipList);
const slot = new Int32Array(current);

const fixtures = loadFixtures(fixturesDir);
const plugins = await loadPlugins(root);
const arbitrary = planArbitrary(fixtures.length, skip);
const dir = mkdtempSync(join(tmpdir(), 'ocsfx-fuzz-lib-'));
const env = createLibraryEnv(dir, plugins);

// Errors that escape a case's promise chain are findings of the case that was running.
let stray = [];
process.on('uncaughtException', (err) =>
  stray.push({ invariant: 'uncaught-exception', detail: err?.stack ?? String(err) }),
);
process.on('unhandledRejection', (err) =>
  stray.push({ invariant: 'unhandled-rejection', detail: err?.stack ?? String(err) }),
);

const tally = {
  cases: 0,
  outcomes: {},
  tags: {},
  codes: {},
  recordsChecked: 0,
  records: 0,
  events: 0,
  rejected: 0,
  skipped: 0,
};
let lastReport = Date.now();
const bump = (map, key) => {
  map[key] = (map[key] ?? 0) + 1;
};

let index = from;
try {
  for (; index < to && Date.now() < deadline; index++) {
    Atomics.store(slot, 0, index);
    const plan = planFor(arbitrary, seed, index);
    let built;
    try {
      built = applyPlan(plan, fixtures, skip);
    } catch (err) {
      // A bug of the harness, not of ocsfx: reported as such, and the run goes on.
      parentPort.postMessage({
        type: 'finding',
        index,
        problems: [{ invariant: 'harness', detail: err.stack }],
        tags: [],
      });
      continue;
    }
    const result = await runLibraryCase(env, plan, built);
    // Let a rejection nobody handled surface before the case is judged.
    await new Promise((resolve) => setImmediate(resolve));
    const problems = [...result.problems, ...stray];
    stray = [];
    tally.cases++;
    bump(tally.outcomes, result.outcome);
    if (result.recordsChecked) tally.recordsChecked++;
    for (const tag of built.tags) bump(tally.tags, tag);
    if (result.stats) {
      tally.records += result.stats.recordsIn;
      tally.events += result.stats.events;
      tally.rejected += result.stats.rejected;
      tally.skipped += result.stats.skipped;
      for (const [code, n] of Object.entries(result.stats.rejectedByReason))
        tally.codes[code] = (tally.codes[code] ?? 0) + n;
      for (const [code, n] of Object.entries(result.stats.skippedByReason))
        tally.codes[code] = (tally.codes[code] ?? 0) + n;
    }
    if (problems.length) parentPort.postMessage({ type: 'finding', index, problems, tags: built.tags });
    if (Date.now() - lastReport > 1000) {
      parentPort.postMessage({ type: 'progress', tally, next: index + 1 });
      lastReport = Date.now();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
parentPort.postMessage({ type: 'done', tally, next: index });
