#!/usr/bin/env node
/**
 * `pnpm fuzz`: mutates the real AWS log fixtures in ../shared/fixtures/real and drives (a) core's readers,
 * each plugin's translator and core's writers in-process and (b) the real CLI binary, checking the
 * invariants of every case. Every case is rebuilt from (seed, index), so any finding replays with
 * `--seed S --only N` (in-process) or `--seed S --only-cli N`.
 *
 *   node tooling/fuzz/src/main.mjs [--seed N] [--cases N] [--cli-cases N] [--seconds N] [--hang-ms N]
 *                                  [--save-dir DIR] [--skip TAG,…] [--only N] [--only-cli N] [--json FILE]
 *
 * Exit codes: 0 no finding, 1 at least one crash, hang or broken invariant, 2 usage error.
 */
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { cliFlagsArbitrary, runCliCase } from './cli-case.mjs';
import { loadFixtures } from './fixtures.mjs';
import { applyPlan, caseSeed, planArbitrary, planFor, SKIPPABLE } from './mutate.mjs';
import { loadPlugins } from './plugins.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const cli = join(root, 'apps/cli/bin/ocsfx.js');
const CLI_STREAM = 1;
const CLI_FLAGS_STREAM = 2;

const HELP = `Usage: pnpm fuzz [options]

Mutates the real fixtures in ../shared/fixtures/real and runs them through core + every plugin in-process
and through the ocsfx CLI, checking the invariants of every case.

Options:
  --seed N        run seed (default: random; always printed, so any run replays)
  --cases N       in-process cases (default: 2000; with --seconds: unlimited)
  --cli-cases N   cases through the CLI binary, run first (default: 20)
  --seconds N     stop starting new cases after N seconds in all
  --hang-ms N     a case running longer is a hang (default: 10000)
  --save-dir DIR  where the inputs of findings are saved (default: ./fuzz-findings)
  --skip TAGS     leave out mutations behind known faults: ${SKIPPABLE.join(', ')}
  --only N        run in-process case N alone and print its plan
  --only-cli N    run CLI case N alone and print its plan
  --from N        first in-process case index (default 0): continues a run of the same seed
  --json FILE     also write the figures of the run as JSON
  --fixtures DIR  fixtures folder (default: ../shared/fixtures/real beside the repository)

Examples:
  pnpm fuzz --seed 1 --seconds 60
  pnpm fuzz --seed 1842 --only 20517 --save-dir /tmp/f
  pnpm fuzz --seconds 3600 --cli-cases 500 --skip deep-nesting,bom --json run.json
`;

let parsed;
try {
  parsed = parseArgs({
    options: {
      seed: { type: 'string' },
      cases: { type: 'string' },
      'cli-cases': { type: 'string' },
      seconds: { type: 'string' },
      'hang-ms': { type: 'string' },
      'save-dir': { type: 'string' },
      skip: { type: 'string' },
      only: { type: 'string' },
      'only-cli': { type: 'string' },
      from: { type: 'string' },
      json: { type: 'string' },
      fixtures: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (err) {
  usage(err.message);
}
const flags = parsed.values;
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const int = (name, fallback, min = 0) => {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min) usage(`--${name} must be an integer ≥ ${min}, got "${raw}"`);
  return Number(raw);
};
const seed = int('seed', randomInt(0, 2 ** 31), -(2 ** 31)) | 0;
const seconds = int('seconds', undefined, 1);
const cases = int('cases', seconds === undefined ? 2000 : Number.MAX_SAFE_INTEGER);
const cliCases = int('cli-cases', 20);
const hangMs = int('hang-ms', 10_000, 100);
const only = int('only', undefined);
const from = int('from', 0);
const end = Math.min(from + cases, Number.MAX_SAFE_INTEGER);
const onlyCli = int('only-cli', undefined);
const saveDir = resolve(flags['save-dir'] ?? 'fuzz-findings');
const skip = new Set((flags.skip ?? '').split(',').filter(Boolean));
for (const tag of skip)
  if (!SKIPPABLE.includes(tag)) usage(`--skip: unknown tag "${tag}"; tags: ${SKIPPABLE.join(', ')}`);
const fixturesDir = resolve(flags.fixtures ?? join(root, '..', 'shared', 'fixtures', 'real'));

function usage(message) {
  process.stderr.write(`fuzz: ${message}\n\n${HELP}`);
  process.exit(2);
}
const log = (line) => process.stdout.write(`${line}\n`);

if (!existsSync(fixturesDir)) {
  process.stderr.write(
    `fuzz: no fixtures at ${fixturesDir}; pass --fixtures DIR or put ../shared beside the repository\n`,
  );
  process.exit(2);
}
for (const built of ['apps/cli/dist/main.js', 'packages/core/dist/index.js']) {
  if (!existsSync(join(root, built))) {
    process.stderr.write(`fuzz: ${built} is missing; run \`pnpm build\` first\n`);
    process.exit(2);
  }
}

const started = Date.now();
const deadline = seconds === undefined ? Number.MAX_SAFE_INTEGER : started + seconds * 1000;
const fixtures = loadFixtures(fixturesDir);
const plugins = await loadPlugins(root);
const arbitrary = planArbitrary(fixtures.length, skip);

log(
  `fuzz: seed ${seed}${skip.size ? `, skipping ${[...skip].join(',')}` : ''} (replay: pnpm fuzz --seed ${seed}${skip.size ? ` --skip ${[...skip].join(',')}` : ''} --only N)`,
);
log(
  `fuzz: ${fixtures.length} fixtures, plugins ${plugins.map((p) => p.plugin.id).join(', ')}, hang limit ${hangMs} ms`,
);

/** @type {{ where: 'lib' | 'cli', index: number, invariant: string, detail: string, tags: string[], saved?: string }[]} */
const findings = [];
const figures = {
  libCases: 0,
  cliCases: 0,
  outcomes: {},
  cliOutcomes: {},
  tags: {},
  codes: {},
  recordsChecked: 0,
  records: 0,
  events: 0,
  rejected: 0,
  skipped: 0,
};

/** Inputs saved and findings printed per invariant; beyond it a finding is only counted (by signature). */
const MAX_SHOWN = 25;
const shownBy = {};
/** Findings grouped by invariant and the shape of their message (numbers folded), with the first case. */
const signatures = new Map();

function record(where, index, problems, tags) {
  for (const p of problems) {
    const signature = `${p.invariant}: ${foldMessage(firstLine(p.detail))}`;
    const entry = signatures.get(signature) ?? {
      count: 0,
      first: `${where} ${index}`,
    };
    entry.count++;
    signatures.set(signature, entry);
  }
  const shown = problems.filter((p) => {
    shownBy[p.invariant] = (shownBy[p.invariant] ?? 0) + 1;
    return shownBy[p.invariant] <= MAX_SHOWN;
  });
  if (shown.length === 0) {
    for (const p of problems) findings.push({ where, index, invariant: p.invariant, tags: tags ?? [] });
    return;
  }
  const plan = where === 'lib' ? planFor(arbitrary, seed, index) : planFor(arbitrary, seed, index, CLI_STREAM);
  let built;
  try {
    built = applyPlan(plan, fixtures, skip);
  } catch (err) {
    built = {
      bytes: Buffer.alloc(0),
      ext: '.harness-error',
      tags: [],
      fixture: `(the plan does not apply: ${err.message})`,
    };
  }
  mkdirSync(saveDir, { recursive: true });
  const base = join(saveDir, `${where}-${seed}-${index}`);
  const saved = `${base}${built.ext}`;
  writeFileSync(saved, built.bytes);
  const replay = `pnpm fuzz --seed ${seed}${skip.size ? ` --skip ${[...skip].join(',')}` : ''} --${where === 'lib' ? 'only' : 'only-cli'} ${index}`;
  writeFileSync(
    `${base}.txt`,
    `${replay}\nfixture: ${built.fixture}\ntags: ${built.tags.join(', ')}\ncase seed: ${caseSeed(seed, index, where === 'lib' ? 0 : CLI_STREAM)}\nplan: ${JSON.stringify(plan)}\n\n${problems.map((p) => `${p.invariant}: ${p.detail}`).join('\n\n')}\n`,
  );
  for (const p of problems) {
    findings.push({
      where,
      index,
      invariant: p.invariant,
      detail: p.detail.slice(0, 2000),
      tags: tags ?? built.tags,
      saved,
    });
  }
  for (const p of shown) {
    log(
      `FINDING ${where} case ${index} (${p.invariant}, ${built.fixture}, tags ${built.tags.join(',')}): ${firstLine(p.detail)}`,
    );
  }
  log(`  input saved to ${saved}; replay: ${replay}`);
}

/** A message with its JSON pointers, file names and numbers folded, so that findings group by kind. */
const foldMessage = (message) =>
  message
    .replace(/(^|\s)\/\S*/g, '$1/…')
    .replace(/\d+/g, 'N')
    .slice(0, 160);
const firstLine = (s) => String(s).split('\n')[0].slice(0, 300);
const bump = (map, key, n = 1) => {
  map[key] = (map[key] ?? 0) + n;
};

// ---- single-case replays ----
if (only !== undefined || onlyCli !== undefined) {
  const where = only !== undefined ? 'lib' : 'cli';
  const index = only ?? onlyCli;
  const plan = planFor(arbitrary, seed, index, where === 'lib' ? 0 : CLI_STREAM);
  const built = applyPlan(plan, fixtures, skip);
  log(`case ${index}: fixture ${built.fixture}, ${built.bytes.length} bytes, tags ${built.tags.join(', ')}`);
  log(`plan: ${JSON.stringify(plan)}`);
  let result;
  if (where === 'lib') {
    const { createLibraryEnv, runLibraryCase } = await import('./library-case.mjs');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ocsfx-fuzz-lib-'));
    try {
      result = await runLibraryCase(createLibraryEnv(dir, plugins), plan, built);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const cliFlags = planFor(cliFlagsArbitrary, seed, index, CLI_FLAGS_STREAM);
    log(`cli flags: ${JSON.stringify(cliFlags)}`);
    result = await runCliCase({ cli, plugins, timeoutMs: hangMs }, plan, cliFlags, built);
  }
  log(`outcome: ${result.outcome}${result.stats ? `, ${JSON.stringify(result.stats)}` : ''}`);
  if (result.problems.length) record(where, index, result.problems);
  else log('no finding');
  process.exit(result.problems.length ? 1 : 0);
}

// ---- CLI cases (a small budget: each one starts a process) ----
for (let index = 0; index < cliCases && Date.now() < deadline; index++) {
  const plan = planFor(arbitrary, seed, index, CLI_STREAM);
  const cliFlags = planFor(cliFlagsArbitrary, seed, index, CLI_FLAGS_STREAM);
  const built = applyPlan(plan, fixtures, skip);
  const result = await runCliCase({ cli, plugins, timeoutMs: hangMs }, plan, cliFlags, built);
  figures.cliCases++;
  bump(figures.cliOutcomes, result.outcome);
  if (result.problems.length) record('cli', index, result.problems, built.tags);
}
if (cliCases) log(`fuzz: ${figures.cliCases} CLI cases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

// ---- in-process cases, in a watched worker ----
const libStarted = Date.now();
let lastProgress = 0;
let next = from;
while (next < end && Date.now() < deadline) {
  next = await runWorker(next);
}
const libSeconds = (Date.now() - libStarted) / 1000;

function runWorker(from) {
  return new Promise((done) => {
    const current = new SharedArrayBuffer(4);
    const slot = new Int32Array(current);
    Atomics.store(slot, 0, -1);
    const worker = new Worker(join(here, 'worker.mjs'), {
      workerData: {
        seed,
        from,
        to: end,
        deadline,
        skip: [...skip],
        fixturesDir,
        root,
        current,
      },
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
      stdout: false,
      stderr: false,
    });
    let tally;
    let seen = -1;
    let seenAt = Date.now();
    let finished = false;
    const account = (t) => {
      if (!t) return;
      figures.libCases += t.cases;
      figures.records += t.records;
      figures.recordsChecked += t.recordsChecked;
      figures.events += t.events;
      figures.rejected += t.rejected;
      figures.skipped += t.skipped;
      for (const [k, v] of Object.entries(t.outcomes)) bump(figures.outcomes, k, v);
      for (const [k, v] of Object.entries(t.tags)) bump(figures.tags, k, v);
      for (const [k, v] of Object.entries(t.codes)) bump(figures.codes, k, v);
    };
    const finish = (resumeAt, lost) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      account(tally);
      // Cases run since the worker's last report are counted by index; their outcomes are not known.
      const reported = tally ? tally.cases : 0;
      const ran = Math.max(resumeAt - from - reported - (lost ? 1 : 0), 0);
      figures.libCases += ran + (lost ? 1 : 0);
      if (lost) bump(figures.outcomes, lost);
      done(resumeAt);
    };
    const watchdog = setInterval(
      () => {
        const index = Atomics.load(slot, 0);
        const now = Date.now();
        if (index !== seen) {
          seen = index;
          seenAt = now;
          return;
        }
        const limit = index < 0 ? 120_000 : hangMs;
        if (now - seenAt > limit) {
          if (index < 0) {
            log(`fuzz: the worker did not start within ${limit} ms`);
            worker.terminate();
            finish(end, undefined);
            return;
          }
          record('lib', index, [
            {
              invariant: 'hang',
              detail: `case ${index} still running after ${now - seenAt} ms`,
            },
          ]);
          worker.terminate();
          finish(index + 1, 'hang');
        }
      },
      Math.min(250, hangMs / 4),
    );
    worker.on('message', (msg) => {
      if (msg.type === 'progress') {
        tally = msg.tally;
        progress(msg);
      } else if (msg.type === 'finding') record('lib', msg.index, msg.problems, msg.tags);
      else if (msg.type === 'done') {
        tally = msg.tally;
        finish(msg.next, undefined);
      }
    });
    worker.on('error', (err) => {
      const index = Atomics.load(slot, 0);
      if (index < 0) {
        process.stderr.write(`fuzz: the worker failed to start: ${err.stack ?? err}\n`);
        process.exit(2);
      }
      record('lib', index, [
        {
          invariant: 'crash',
          detail: `the process died: ${err.code ?? ''} ${err.stack ?? err}`,
        },
      ]);
      finish(index + 1, 'crash');
    });
    worker.on('exit', (code) => {
      if (finished) return;
      const index = Atomics.load(slot, 0);
      record('lib', index, [{ invariant: 'crash', detail: `the worker exited with code ${code}` }]);
      finish(index + 1, 'crash');
    });
  });
}

function progress(msg) {
  const now = Date.now();
  if (now - lastProgress < 30_000) return;
  lastProgress = now;
  const done = figures.libCases + msg.tally.cases;
  const rate = done / ((now - libStarted) / 1000);
  log(`fuzz: ${done} cases, ${rate.toFixed(0)}/s, ${findings.length} findings, next case ${msg.next}`);
}

// ---- report ----
const casesWith = (pred) => new Set(findings.filter(pred).map((f) => `${f.where}:${f.index}`)).size;
const crashKinds = new Set(['crash', 'uncaught-exception', 'unhandled-rejection']);
const crashes = casesWith((f) => crashKinds.has(f.invariant));
const hangs = casesWith((f) => f.invariant === 'hang');
const breaks = casesWith((f) => !crashKinds.has(f.invariant) && f.invariant !== 'hang');
const byInvariant = {};
for (const f of findings) bump(byInvariant, f.invariant);
const totalSeconds = (Date.now() - started) / 1000;
const report = {
  seed,
  skip: [...skip],
  seconds: Number(totalSeconds.toFixed(1)),
  libCases: figures.libCases,
  libCasesPerSecond: Number((figures.libCases / Math.max(libSeconds, 0.001)).toFixed(1)),
  cliCases: figures.cliCases,
  crashes,
  hangs,
  invariantBreaks: breaks,
  findingsByInvariant: byInvariant,
  records: figures.records,
  recordsChecked: figures.recordsChecked,
  events: figures.events,
  rejected: figures.rejected,
  skipped: figures.skipped,
  outcomes: figures.outcomes,
  cliOutcomes: figures.cliOutcomes,
  mutations: figures.tags,
  codes: figures.codes,
};
log('');
log(
  `fuzz: seed ${seed}: ${report.libCases} in-process cases (${report.libCasesPerSecond}/s) + ${report.cliCases} CLI cases in ${report.seconds} s`,
);
log(
  `fuzz: ${crashes} crashes, ${hangs} hangs, ${breaks} invariant breaks (cases with a finding: ${casesWith(() => true)})`,
);
log(
  `fuzz: ${report.records} records read: ${report.events} events, ${report.skipped} skipped, ${report.rejected} rejected`,
);
log(`fuzz: outcomes ${JSON.stringify(report.outcomes)}; records-in checked on ${report.recordsChecked} cases`);
if (report.cliCases) log(`fuzz: CLI outcomes ${JSON.stringify(report.cliOutcomes)}`);
log(`fuzz: mutations ${JSON.stringify(report.mutations)}`);
log(`fuzz: skip and reject codes ${JSON.stringify(report.codes)}`);
if (findings.length) {
  log(
    `fuzz: findings by invariant ${JSON.stringify(byInvariant)}; inputs (the first ${MAX_SHOWN} of each) in ${saveDir}`,
  );
  log('fuzz: findings by kind (count, first case, invariant and message with numbers folded):');
  for (const [signature, { count, first }] of [...signatures].sort((a, b) => b[1].count - a[1].count))
    log(`  ${String(count).padStart(7)}  ${first.padEnd(12)}  ${signature}`);
}
if (flags.json) {
  const kinds = Object.fromEntries(signatures);
  writeFileSync(flags.json, `${JSON.stringify({ ...report, kinds, findings: findings.slice(0, 200) }, null, 2)}\n`);
}
process.exit(findings.length ? 1 : 0);
