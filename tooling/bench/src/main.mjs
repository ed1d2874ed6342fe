#!/usr/bin/env node
/**
 * `pnpm bench`: generates deterministic inputs in a temp folder, runs the real ocsfx CLI on them and the
 * floor scripts on the same inputs, and prints throughput, peak RSS and the ocsfx / floor ratios (median
 * of several runs, all in one run on one machine, so the ratios hold across machines better than the
 * absolute numbers do).
 *
 *   node src/main.mjs [--quick] [--runs N] [--large-runs N] [--parquet-runs N] [--no-floors] [--profile]
 *                     [--no-extras] [--keep] [--json FILE] [--only CASES] [--data DIR]
 *
 * --quick: tiny inputs and one run (the CI smoke test: it checks the bench works, not how fast ocsfx is).
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCases } from './cases.mjs';
import { generateAll, SIZES, shortCount } from './datasets.mjs';
import { measure, rssSource } from './measure.mjs';
import { formatProfile, summarizeProfiles } from './profile.mjs';
import { recordsMemoryCase } from './records-memory.mjs';
import { ratios, ratiosTable, resultsTable, summarize } from './report.mjs';
import { startupCase } from './startup.mjs';

/**
 * `--only` takes case ids, `*` patterns over them, and these group names (each the cases of one target);
 * `extras` adds core's micro-benchmarks, start-up and the {"Records"} memory case.
 */
const GROUPS = {
  vpc: ['vpc-*-text.gz', 'duckdb-vpc-*-text.gz-1t'],
  jobs: ['vpc-*-text.gz-jobs2', 'duckdb-vpc-*-text.gz-2t', 'jobs-*', 'duckdb-jobs-2t', 'floor-jobs-*'],
  'parquet-out': ['vpc-*-text.gz-parquet-out', 'duckdb-vpc-*-text.gz-parquet-out-1t'],
  'parquet-in': ['vpc-*-parquet', 'vpc-*-text.gz'],
  validate: ['vpc-*-text.gz', 'vpc-*-text.gz-validate', 'cloudtrail-gz', 'cloudtrail-gz-validate'],
  cloudtrail: ['cloudtrail-gz', 'jq-cloudtrail-gz', 'floor-cloudtrail-gz'],
};

const USAGE = `usage: pnpm bench -- [options]   (or: node tooling/bench/src/main.mjs [options])

  --quick            tiny inputs, one run (the CI smoke test, < 30 s)
  --runs N           runs of every 200k-row case a target depends on (default 5)
  --large-runs N     runs of the 2M-row cases (default 3)
  --parquet-runs N   runs of the 2M-row Parquet output cases (default 2)
  --no-floors        only ocsfx and its peers (the cases the targets compare)
  --profile          also one node --cpu-prof run of the main cases, summarised
  --no-extras        skip core's micro-benchmarks, start-up and the {"Records"} memory case
  --keep             keep the temp folder with the inputs and outputs
  --json FILE        every measurement, machine-readable
  --only CASES       comma-separated case ids, * patterns, or groups: ${Object.keys(GROUPS).join(', ')}, extras
  --data DIR         keep the generated inputs in DIR and reuse them (same seed, same bytes)
  -h, --help         this text

examples:
  pnpm bench -- --runs 3 --no-floors
  node tooling/bench/src/main.mjs --only parquet-out --runs 2 --data /tmp/ocsfx-bench-data
`;

let parsed;
try {
  parsed = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      'large-runs': { type: 'string' },
      'parquet-runs': { type: 'string' },
      'no-floors': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'no-extras': { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      json: { type: 'string' },
      only: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (err) {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  process.exit(2);
}
const flags = parsed.values;
if (flags.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const cli = join(root, 'apps/cli/bin/ocsfx.js');
const log = (line) => process.stdout.write(`${line}\n`);

for (const built of ['apps/cli/dist/main.js', 'packages/core/dist/index.js']) {
  if (!existsSync(join(root, built))) {
    console.error(`bench: ${built} is missing; run \`pnpm build\` first (\`pnpm bench\` does).`);
    process.exit(2);
  }
}

const sizes = flags.quick ? SIZES.quick : SIZES.default;
// Five runs of the 200k-row cases (a few seconds each): on a shared machine single runs vary by ±20%, and
// the median of five moves much less than the median of three. The 2M-row cases take 20–50 s a run.
const runs = Number(flags.runs ?? (flags.quick ? 1 : 5));
const largeRuns = Number(flags['large-runs'] ?? Math.min(runs, 3));
const only = flags.only === undefined ? undefined : parseOnly(flags.only);
const work = mkdtempSync(join(tmpdir(), 'ocsfx-bench-'));
// --data DIR keeps the generated inputs between runs (same seed, same bytes): only missing files are made.
const dataDir = flags.data === undefined ? join(work, 'data') : resolve(flags.data);
const outDir = join(work, 'out');
mkdirSync(dataDir, { recursive: true });
mkdirSync(outDir);
const node = process.execPath;
const started = performance.now();

try {
  log(`ocsfx bench${flags.quick ? ' (quick)' : ''}: data and outputs in ${work}`);
  log(machine());
  log('generating inputs (seeded, deterministic):');
  const data = await generateAll(dataDir, sizes, log);
  const parquetOutput = supportsParquetOutput();
  const jq = findJq();
  if (!jq) log('jq is not installed: the CloudTrail jq peer is skipped (apt-get install jq)');
  const allCases = benchCases({
    cli,
    floorDir: join(here, 'floor'),
    peerDir: join(here, 'peers'),
    out: outDir,
    data,
    runs,
    largeRuns,
    parquetRuns: Number(flags['parquet-runs'] ?? Math.min(largeRuns, 2)),
    parquetOutput,
    jq,
    floors: !flags['no-floors'],
  });
  const cases = only === undefined ? allCases : allCases.filter((c) => only(c.id));
  if (cases.length === 0) {
    console.error(`bench: --only ${flags.only} selects no case; case ids: ${allCases.map((c) => c.id).join(', ')}`);
    process.exitCode = 2;
  }

  const results = new Map(cases.map((c) => [c.id, { ...c, runs: [] }]));
  const rounds = Math.max(0, ...cases.map((c) => c.runs));
  for (let round = 0; round < rounds; round++) {
    log(`round ${round + 1}/${rounds}:`);
    // Cases interleave within a round, so a slow moment of the machine does not hit one case only.
    for (const c of cases) {
      if (round >= c.runs) continue;
      rmSync(c.output, { recursive: true, force: true });
      settleDisk();
      const run = await measure(c.command ?? node, c.args, { cwd: root, scratch: work });
      results.get(c.id).runs.push(run);
      let note = '';
      if (round === 0) note = await checkOutput(c, results.get(c.id));
      rmSync(c.output, { recursive: true, force: true });
      const cpu = run.cpuSeconds === undefined ? '' : `, ${run.cpuSeconds.toFixed(2)} CPU-s`;
      log(`  ${c.title}: ${run.seconds.toFixed(2)} s${cpu}, ${run.peakRssMiB.toFixed(0)} MiB${note}`);
    }
  }

  const summaries = [...results.values()].map(summarize);
  const byId = new Map(summaries.map((s) => [s.id, s]));
  const labels = { small: shortCount(sizes.vpcSmall), large: shortCount(sizes.vpcLarge) };
  const ratioList = ratios(byId, labels);
  const parquetRows = [...results.values()]
    .filter((c) => c.parquetInfo)
    .map((c) => ({ title: c.title, ...c.parquetInfo }));
  const extras = flags['no-extras'] || (only !== undefined && !only('extras')) ? [] : await runExtras(flags.quick);
  const profiles = flags.profile ? await runProfiles(cases, labels) : [];

  log('');
  log(`## Results (${machineShort()}; each row the median of its runs; peak RSS by ${rssSource})`);
  log('');
  log(resultsTable(summaries));
  log('');
  // Tiny inputs measure process start-up, not translation: the targets say nothing about them.
  log(ratiosTable(flags.quick ? ratioList.map((r) => ({ ...r, met: undefined })) : ratioList));
  if (flags.quick) log('\n(quick run: inputs too small for the targets to mean anything; run `pnpm bench`)');
  if (parquetRows.length > 0) {
    log('');
    log('| Parquet output (read back by DuckDB) | rows | files | row groups | MB |');
    log('| --- | ---: | ---: | ---: | ---: |');
    for (const p of parquetRows) {
      log(
        `| ${p.title} | ${p.rows.toLocaleString('en-US')} | ${p.files} | ${p.rowGroups} | ${(p.bytes / 1e6).toFixed(1)} |`,
      );
    }
  }
  if (extras.length > 0) {
    log('');
    log('| other benchmark | result |');
    log('| --- | --- |');
    for (const e of extras) log(`| ${e.what} | ${e.result} |`);
  }
  for (const p of profiles) {
    log('');
    log(`profile: ${p.title}`);
    log(formatProfile(p.summary));
  }
  log('');
  log(`bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (flags.json) {
    writeFileSync(
      flags.json,
      `${JSON.stringify({ machine: machine(), sizes, runs, largeRuns, results: summaries, ratios: ratioList, parquet: parquetRows, extras }, null, 2)}\n`,
    );
  }
} finally {
  if (flags.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  if (flags.data !== undefined) log(`inputs kept in ${dataDir} (--data)`);
}

function parseOnly(list) {
  const patterns = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .flatMap((name) => GROUPS[name] ?? [name]);
  const regexps = patterns.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`));
  return (/** @type {string} */ id) => regexps.some((r) => r.test(id));
}

function machine() {
  const cpu = cpus();
  return `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

function machineShort() {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, Node ${process.version}`;
}

function supportsParquetOutput() {
  const help = spawnSync(node, [cli, 'translate', '--help'], { cwd: root, encoding: 'utf8' }).stdout ?? '';
  const formatOption = help.split(/\n {2}-/).find((block) => block.includes('--format <'));
  return formatOption?.includes('"parquet"') ?? false;
}

function findJq() {
  const found = spawnSync('/bin/sh', ['-c', 'command -v jq'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/**
 * Reads Parquet output back with DuckDB: rows (must be one per record), files, row groups and bytes.
 * @param {string[]} files
 */
async function describeParquet(files) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  try {
    const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
    const count = async (sql) => Number((await (await conn.run(sql)).getRowsJS())[0][0]);
    return {
      rows: await count(`SELECT count(*) FROM read_parquet(${list}, union_by_name = true)`),
      files: files.length,
      rowGroups: await count(`SELECT count(DISTINCT (file_name, row_group_id)) FROM parquet_metadata(${list})`),
      bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/**
 * Flushes written data to disk before the next run: the 2M JSONL cases write 3 GB, and the kernel's
 * writeback of those pages would otherwise be charged as system time to whichever run comes next.
 */
function settleDisk() {
  spawnSync('sync', { stdio: 'ignore' });
}

/** Counts the lines written (every file of an output folder); checks them against the case's expectation. */
async function checkOutput(c, result) {
  if (!existsSync(c.output)) throw new Error(`${c.title}: no output at ${c.output}`);
  const files = statSync(c.output).isDirectory()
    ? readdirSync(c.output, { recursive: true })
        .map((f) => join(c.output, String(f)))
        .filter((f) => statSync(f).isFile())
    : [c.output];
  if (files.length === 0) throw new Error(`${c.title}: the output folder ${c.output} is empty`);
  if (c.parquet) {
    const info = await describeParquet(files.filter((f) => f.endsWith('.parquet')));
    if (info.rows !== c.rows) throw new Error(`${c.title}: DuckDB reads ${info.rows} rows back, expected ${c.rows}`);
    result.parquetInfo = info;
    return `, ${info.files} Parquet file(s), ${info.rowGroups} row groups, ${(info.bytes / 1e6).toFixed(1)} MB`;
  }
  let lines = 0;
  for (const file of files) lines += await countLines(file);
  if (c.expectLines !== undefined && lines !== c.expectLines) {
    throw new Error(`${c.title}: wrote ${lines} lines, expected ${c.expectLines}`);
  }
  if (c.maxLines !== undefined && (lines === 0 || lines > c.maxLines)) {
    throw new Error(`${c.title}: wrote ${lines} lines, expected 1–${c.maxLines}`);
  }
  return `, ${lines} events`;
}

async function countLines(file) {
  let n = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  }
  return n;
}

/** Core's own micro-benchmarks, when they exist: validation throughput and the line reader on a big file. */
async function runExtras(quick) {
  const out = [];
  const validate = join(root, 'packages/core/scripts/bench-validate.mjs');
  if (existsSync(validate)) {
    const run = await measure(node, [validate, ...(quick ? ['200', '1'] : [])], { cwd: root, scratch: work });
    const result = JSON.parse(run.stdout.trim().split('\n').pop());
    out.push({
      what: `validation, OCSF 1.1.0 Network Activity (4001), ${result.events} events (core scripts/bench-validate.mjs)`,
      result: `${result.eventsPerSecond.toLocaleString('en-US')} events/s (median of ${result.rounds} rounds; first compile ${result.firstCompileMs} ms)`,
    });
    log(`  validation bench: ${result.eventsPerSecond} events/s`);
  }
  // Start-up (tooling/bench/src/startup.mjs): --version against bare node; the target is ≤ 1.5×.
  const startup = startupCase({ node, cli, root, runs: quick ? 3 : 21 });
  out.push(...startup.rows);
  log(`  start-up: ocsfx --version = ${startup.ratio.toFixed(2)} × bare node (target ≤ 1.5)`);
  const lines = join(root, 'packages/core/scripts/bench-lines.mjs');
  if (existsSync(lines)) {
    const size = quick ? 8 : 1024;
    const run = await measure(node, [lines, String(size)], { cwd: root, scratch: work });
    const summary = run.stdout.trim().split('\n').pop();
    out.push({ what: `text line reader, ${size} MiB file (core scripts/bench-lines.mjs)`, result: summary });
    log(`  line reader bench: ${summary}`);
  }
  const records = await recordsMemoryCase({ node, cli, dir: dataDir, root, work, quick, measure });
  out.push(records);
  log(`  {"Records"} document memory: ${records.result}`);
  return out;
}

/** One profiled run (`node --cpu-prof`) of the cases whose time matters most. */
async function runProfiles(cases, labels) {
  const wanted = [
    `vpc-${labels.small}-text.gz`,
    `vpc-${labels.small}-parquet`,
    `vpc-${labels.small}-text.gz-validate`,
    'cloudtrail-gz',
  ];
  const out = [];
  for (const c of cases.filter((x) => wanted.includes(x.id))) {
    const dir = join(work, `profile-${c.id}`);
    await measure(node, ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...c.args], { cwd: root, scratch: work });
    rmSync(c.output, { recursive: true, force: true });
    out.push({ title: c.title, summary: summarizeProfiles(dir) });
  }
  return out;
}
