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
    '| case | records | MB | runs | median s | records/s | MB/s | peak RSS MiB | CPU cores |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.title} | ${fmtInt(r.rows)} | ${fmt(r.mb, 0)} | ${r.runs.length} | ${fmt(r.seconds, 2)} | ${fmtInt(r.recordsPerSecond)} | ${fmt(r.mbPerSecond)} | ${fmt(r.peakRssMiB, 0)} | ${r.cores === undefined ? '' : fmt(r.cores, 2)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The ratios the issue names, from the summaries by id. `label` names the sizes (e.g. 200k, 2M).
 * @param {Map<string, ReturnType<typeof summarize>>} byId
 * @param {{ small: string; large: string }} label
 */
export function ratios(byId, { small, large }) {
  const out = [];
  const speed = (a, b) => (byId.has(a) && byId.has(b) ? byId.get(b).seconds / byId.get(a).seconds : undefined);
  const add = (what, value, target, pass) =>
    value !== undefined && out.push({ what, value, target, met: target ? pass(value) : undefined });
  for (const size of [small, large]) {
    add(
      `VPC ${size} text.gz → JSONL, one worker, throughput ocsfx / floor`,
      speed(`vpc-${size}-text.gz`, `floor-vpc-${size}-text.gz`),
      '≥ 0.8',
      (v) => v >= 0.8,
    );
    if (size === small) {
      add(
        `VPC ${size} text.gz: floor with the OCSF translator / floor (the cost of the OCSF event itself)`,
        speed(`floor-ocsf-vpc-${size}-text.gz`, `floor-vpc-${size}-text.gz`),
      );
      add(
        `VPC ${size} text.gz: ocsfx / floor with the OCSF translator (the rest of ocsfx)`,
        speed(`vpc-${size}-text.gz`, `floor-ocsf-vpc-${size}-text.gz`),
      );
    }
    add(
      `VPC ${size} text → JSONL, one worker, throughput ocsfx / floor`,
      speed(`vpc-${size}-text`, `floor-vpc-${size}-text`),
    );
    add(`VPC ${size} Parquet input, throughput vs text input`, speed(`vpc-${size}-parquet`, `vpc-${size}-text`));
  }
  add(
    'CloudTrail Records.gz → JSONL, one worker, throughput ocsfx / floor',
    speed('cloudtrail-gz', 'floor-cloudtrail-gz'),
    '≥ 0.7',
    (v) => v >= 0.7,
  );
  add('--jobs 2 on 4 files, throughput vs --jobs 1', speed('jobs-2', 'jobs-1'), '≥ 1.6', (v) => v >= 1.6);
  add(
    'floor on the same 4 files, 2 processes at a time vs 1 (what this machine gives two jobs)',
    speed('floor-jobs-2', 'floor-jobs-1'),
  );
  const cost = (a, b) => (byId.has(a) && byId.has(b) ? byId.get(a).seconds / byId.get(b).seconds : undefined);
  add(
    `translate --validate cost (time / plain translate), VPC ${small} text.gz`,
    cost(`vpc-${small}-text.gz-validate`, `vpc-${small}-text.gz`),
    '≤ 1.5',
    (v) => v <= 1.5,
  );
  add(
    'translate --validate cost (time / plain translate), CloudTrail',
    cost('cloudtrail-gz-validate', 'cloudtrail-gz'),
    '≤ 1.5',
    (v) => v <= 1.5,
  );
  const rss = (id) => byId.get(id)?.peakRssMiB;
  const largeRss = rss(`vpc-${large}-text.gz`);
  const smallRss = rss(`vpc-${small}-text.gz`);
  add(`peak RSS MiB, VPC ${large} text.gz`, largeRss, '≤ 200', (v) => v <= 200);
  if (largeRss !== undefined && smallRss !== undefined) {
    add(`peak RSS ${large} / ${small} (text.gz)`, largeRss / smallRss, '0.8 – 1.2', (v) => v >= 0.8 && v <= 1.2);
  }
  add(`peak RSS MiB, VPC ${large} Parquet input`, rss(`vpc-${large}-parquet`));
  add(`peak RSS MiB, VPC ${large} → Parquet output`, rss(`vpc-${large}-text.gz-parquet-out`));
  return out;
}

/** @param {ReturnType<typeof ratios>} list */
export function ratiosTable(list) {
  const lines = ['| ratio | value | target | met |', '| --- | ---: | --- | --- |'];
  for (const r of list) {
    const met = r.met === undefined ? '' : r.met ? 'yes' : '**no**';
    lines.push(`| ${r.what} | ${fmt(r.value, r.value >= 10 ? 0 : 2)} | ${r.target ?? ''} | ${met} |`);
  }
  return lines.join('\n');
}
