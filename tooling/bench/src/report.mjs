/**
 * Turns measured runs into the results table (Markdown, so it goes into the README as printed) and the
 * ratios the issue sets targets for. Ratios are informative here: the bench never fails on timing.
 */
import { median } from './measure.mjs';

/**
 * @typedef {{ id: string; title: string; rows: number; mb: number; runs: { seconds: number; peakRssMiB: number }[]; outputLines?: number }} Result
 */

/** Median wall time, throughput and peak RSS of one case. */
export function summarize(result) {
  const seconds = median(result.runs.map((r) => r.seconds));
  return {
    ...result,
    seconds,
    recordsPerSecond: result.rows / seconds,
    mbPerSecond: result.mb / seconds,
    peakRssMiB: median(result.runs.map((r) => r.peakRssMiB)),
    cpuSeconds: result.runs.every((r) => r.cpuSeconds !== undefined)
      ? median(result.runs.map((r) => r.cpuSeconds))
      : undefined,
    // Cores kept busy on average: CPU time / wall time of the same runs (all threads: zlib, GC, workers).
    cores: result.runs.every((r) => r.cpuSeconds !== undefined)
      ? median(result.runs.map((r) => r.cpuSeconds / r.seconds))
      : undefined,
  };
}

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmt = (n, digits = 1) => n.toFixed(digits);

/** @param {ReturnType<typeof summarize>[]} rows */
export function resultsTable(rows) {
  const lines = [
    '| case | records | MB | runs | median s | median CPU-s | records/s | MB/s | peak RSS MiB | CPU cores |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.title} | ${fmtInt(r.rows)} | ${fmt(r.mb, 0)} | ${r.runs.length} | ${fmt(r.seconds, 2)} | ${r.cpuSeconds === undefined ? '' : fmt(r.cpuSeconds, 2)} | ${fmtInt(r.recordsPerSecond)} | ${fmt(r.mbPerSecond)} | ${fmt(r.peakRssMiB, 0)} | ${r.cores === undefined ? '' : fmt(r.cores, 2)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * A ratio of two cases with its spread: the runs are paired by round (round i of one case with round i of
 * the other, measured minutes apart), each pair gives a ratio, and the value is the median of those with
 * their min and max as the spread. `by`: `cpu` (user + system CPU-seconds, all threads: what a case costs
 * whatever else the machine is doing) or `wall` (what two threads buy). `speed` = how many times faster
 * `a` is than `b`; `cost` = how many times longer `a` takes than `b`.
 */
export function pairedRatio(a, b, { by = 'cpu', kind = 'speed' } = {}) {
  if (!a || !b) return undefined;
  const pick = (run) => (by === 'cpu' ? run.cpuSeconds : run.seconds);
  const n = Math.min(a.runs.length, b.runs.length);
  const values = [];
  for (let i = 0; i < n; i++) {
    const x = pick(a.runs[i]);
    const y = pick(b.runs[i]);
    if (x === undefined || y === undefined) return undefined;
    values.push(kind === 'speed' ? y / x : x / y);
  }
  if (values.length === 0) return undefined;
  return { value: median(values), min: Math.min(...values), max: Math.max(...values), pairs: values.length, by };
}

/**
 * The ratios the issue names, from the summaries by id. `label` names the sizes (e.g. 200k, 2M). Targets
 * first (one-thread targets on CPU-seconds, two-thread targets on wall time), then the ratios that explain
 * them.
 * @param {Map<string, ReturnType<typeof summarize>>} byId
 * @param {{ small: string; large: string }} label
 */
export function ratios(byId, { small, large }) {
  const out = [];
  const ratio = (a, b, options) => pairedRatio(byId.get(a), byId.get(b), options);
  const add = (what, r, target, pass) =>
    r !== undefined && out.push({ what, ...r, target, met: target ? pass(r.value) : undefined });
  const atLeast = (t) => [`≥ ${t}`, (v) => v >= t];
  const atMost = (t) => [`≤ ${t}`, (v) => v <= t];
  const within = [`0.8 – 1.2`, (v) => v >= 0.8 && v <= 1.2];
  const single = (v) => (v === undefined ? undefined : { value: v, by: 'rss' });

  for (const size of [small, large]) {
    add(
      `VPC ${size} text.gz → JSONL, one thread: ocsfx / DuckDB SQL 1 thread`,
      ratio(`vpc-${size}-text.gz`, `duckdb-vpc-${size}-text.gz-1t`),
      ...atLeast(1.2),
    );
  }
  add(
    `VPC ${large} text.gz → JSONL, one file, two threads: ocsfx --jobs 2 / DuckDB SQL 2 threads`,
    ratio(`vpc-${large}-text.gz-jobs2`, `duckdb-vpc-${large}-text.gz-2t`, { by: 'wall' }),
    ...atLeast(1.0),
  );
  add(
    `VPC 4 × ${small} text.gz → JSONL, two threads: ocsfx --jobs 2 / DuckDB SQL 2 threads`,
    ratio('jobs-2', 'duckdb-jobs-2t', { by: 'wall' }),
    ...atLeast(1.0),
  );
  add(
    `VPC ${large} text.gz → Parquet: ocsfx (security-lake layout) / DuckDB SQL COPY TO parquet, 1 thread`,
    ratio(`vpc-${large}-text.gz-parquet-out`, `duckdb-vpc-${large}-text.gz-parquet-out-1t`),
    ...atLeast(1.0),
  );
  const rss = (id) => byId.get(id)?.peakRssMiB;
  add(`peak RSS MiB, VPC ${large} → Parquet output`, single(rss(`vpc-${large}-text.gz-parquet-out`)), ...atMost(250));
  for (const size of [small, large]) {
    add(
      `VPC ${size} Parquet input / text.gz input, throughput`,
      ratio(`vpc-${size}-parquet`, `vpc-${size}-text.gz`),
      ...atLeast(1.0),
    );
  }
  add(`peak RSS MiB, VPC ${large} Parquet input`, single(rss(`vpc-${large}-parquet`)), ...atMost(150));
  add('CloudTrail Records.gz → JSONL: ocsfx / jq', ratio('cloudtrail-gz', 'jq-cloudtrail-gz'), ...atLeast(3));
  add('peak RSS MiB, CloudTrail Records.gz → JSONL', single(rss('cloudtrail-gz')), ...atMost(200));
  add(
    `translate --validate cost (time / plain translate), VPC ${small} text.gz`,
    ratio(`vpc-${small}-text.gz-validate`, `vpc-${small}-text.gz`, { kind: 'cost' }),
    ...atMost(1.3),
  );
  add(
    'translate --validate cost (time / plain translate), CloudTrail',
    ratio('cloudtrail-gz-validate', 'cloudtrail-gz', { kind: 'cost' }),
    ...atMost(1.3),
  );
  const perRecord = (id) => {
    const s = byId.get(id);
    return s?.cpuSeconds === undefined ? undefined : s.cpuSeconds / s.rows;
  };
  const cpuLarge = perRecord(`vpc-${large}-text.gz`);
  const cpuSmall = perRecord(`vpc-${small}-text.gz`);
  if (cpuLarge !== undefined && cpuSmall !== undefined) {
    add(`CPU-s per record ${large} / ${small} (text.gz; linear time)`, single(cpuLarge / cpuSmall), ...within);
  }
  const largeRss = rss(`vpc-${large}-text.gz`);
  const smallRss = rss(`vpc-${small}-text.gz`);
  add(`peak RSS MiB, VPC ${large} text.gz`, single(largeRss), ...atMost(200));
  if (largeRss !== undefined && smallRss !== undefined) {
    add(`peak RSS ${large} / ${small} (text.gz; flat memory)`, single(largeRss / smallRss), ...within);
  }

  // What explains the targets.
  for (const size of [small, large]) {
    add(
      `VPC ${size} text.gz, one thread: ocsfx / DuckDB SQL 1 thread, wall time`,
      ratio(`vpc-${size}-text.gz`, `duckdb-vpc-${size}-text.gz-1t`, { by: 'wall' }),
    );
    add(
      `VPC ${size} text.gz → JSONL, one worker: ocsfx / floor`,
      ratio(`vpc-${size}-text.gz`, `floor-vpc-${size}-text.gz`),
    );
  }
  add(
    `VPC ${small} text.gz: floor with the OCSF translator / floor (the cost of the OCSF event itself)`,
    ratio(`floor-ocsf-vpc-${small}-text.gz`, `floor-vpc-${small}-text.gz`),
  );
  add(
    `VPC ${small} text.gz: ocsfx / floor with the OCSF translator (the rest of ocsfx)`,
    ratio(`vpc-${small}-text.gz`, `floor-ocsf-vpc-${small}-text.gz`),
  );
  add(`VPC ${small} text → JSONL, one worker: ocsfx / floor`, ratio(`vpc-${small}-text`, `floor-vpc-${small}-text`));
  add(
    `VPC ${large} text.gz, one file: --jobs 2 / --jobs 1, wall time`,
    ratio(`vpc-${large}-text.gz-jobs2`, `vpc-${large}-text.gz`, { by: 'wall' }),
  );
  add(
    `DuckDB SQL VPC ${large}: 2 threads / 1 thread, wall time`,
    ratio(`duckdb-vpc-${large}-text.gz-2t`, `duckdb-vpc-${large}-text.gz-1t`, { by: 'wall' }),
  );
  add('--jobs 2 on 4 files / --jobs 1, wall time', ratio('jobs-2', 'jobs-1', { by: 'wall' }));
  add(
    'floor on the same 4 files, 2 processes at a time / 1 (what this machine gives two jobs), wall time',
    ratio('floor-jobs-2', 'floor-jobs-1', { by: 'wall' }),
  );
  add(
    `VPC ${large} → Parquet: ocsfx / DuckDB SQL, wall time`,
    ratio(`vpc-${large}-text.gz-parquet-out`, `duckdb-vpc-${large}-text.gz-parquet-out-1t`, { by: 'wall' }),
  );
  add('CloudTrail Records.gz → JSONL: ocsfx / floor', ratio('cloudtrail-gz', 'floor-cloudtrail-gz'));
  return out;
}

/** @param {ReturnType<typeof ratios>} list */
export function ratiosTable(list) {
  const lines = ['| ratio | value | spread over runs | by | target | met |', '| --- | ---: | ---: | --- | --- | --- |'];
  for (const r of list) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    const digits = r.value >= 10 ? 0 : 2;
    const spread = r.min === undefined ? '' : `${fmt(r.min, digits)} – ${fmt(r.max, digits)}`;
    const by = r.by === 'rss' ? '' : r.by === 'cpu' ? 'CPU-s' : 'wall';
    lines.push(`| ${r.what} | ${fmt(r.value, digits)} | ${spread} | ${by} | ${r.target ?? ''} | ${met} |`);
  }
  return lines.join('\n');
}
