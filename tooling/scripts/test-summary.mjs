#!/usr/bin/env node
// Adds up the vitest JSON reports every package writes (test-results/vitest.json) and prints one line:
// "tests: N passed, N failed". Exits 1 when a report is missing for a package that has tests, when any
// test failed, or when no test ran at all.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const clean = args.includes('--clean');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? '.');
let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const group of ['packages', 'apps', 'tooling', 'examples']) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const pkgDir = join(dir, name);
    const pkgJson = join(pkgDir, 'package.json');
    if (!existsSync(pkgJson)) continue;
    const scripts = JSON.parse(readFileSync(pkgJson, 'utf8')).scripts ?? {};
    if (!scripts.test) continue;
    const report = join(pkgDir, 'test-results', 'vitest.json');
    if (clean) {
      rmSync(report, { force: true });
      continue;
    }
    if (!existsSync(report)) {
      problems.push(`${group}/${name}: no test report (did its tests run?)`);
      continue;
    }
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    if (r.success === false && (r.numFailedTests ?? 0) === 0 && (r.numFailedTestSuites ?? 0) === 0) {
      problems.push(`${group}/${name}: the test run failed outside any test`);
      failed += 1;
    }
  }
}
if (clean) process.exit(0);
for (const p of problems) console.error(`test-summary: ${p}`);
if (skipped) console.log(`(${skipped} skipped)`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || problems.length > 0 || passed === 0 ? 1 : 0);
