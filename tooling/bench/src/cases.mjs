/**
 * What the bench runs: the real CLI end to end (`ocsfx translate … -o FILE --quiet`) on each input, and
 * the floor scripts on the same inputs, in the same run.
 */
import { join } from 'node:path';
import { shortCount } from './datasets.mjs';

/**
 * @typedef {{
 *   id: string;
 *   title: string;
 *   args: string[];
 *   rows: number;
 *   mb: number;
 *   output: string;
 *   expectLines?: number;
 *   maxLines?: number;
 *   runs: number;
 *   command?: string;
 *   parquet?: boolean;
 * }} BenchCase
 *
 * `command` defaults to node (the CLI, the floors and the DuckDB peer are node scripts); `parquet` marks
 * a case whose output is Parquet (checked and described by reading it back).
 */

/**
 * @param {{ cli: string; floorDir: string; peerDir: string; out: string; data: Awaited<ReturnType<typeof import('./datasets.mjs').generateAll>>; runs: number; largeRuns: number; parquetRuns: number; parquetOutput: boolean; jq: string | undefined; floors: boolean }} env
 * @returns {BenchCase[]}
 */
export function benchCases({
  cli,
  floorDir,
  peerDir,
  out,
  data,
  runs,
  largeRuns,
  parquetRuns,
  parquetOutput,
  jq,
  floors,
}) {
  const cases = [];
  // Cases no target depends on (the floors, plain text) run at most 3 times, to keep the bench near 10 min.
  const infoRuns = Math.min(runs, 3);
  const duckdb = (format, threads, output, inputs) => [
    join(peerDir, 'duckdb-vpc.mjs'),
    format,
    String(threads),
    output,
    ...inputs,
  ];
  const translate = (input, source, output, extra = []) => [
    cli,
    'translate',
    input,
    '--source',
    source,
    '-o',
    output,
    '--quiet',
    '--jobs',
    '1',
    ...extra,
  ];
  for (const set of [data.small, data.large]) {
    const large = set === data.large;
    // MB/s is over the uncompressed text size for every VPC input, so text, gzip and Parquet compare.
    const base = { rows: set.rows, mb: set.textBytes / 1e6, runs: large ? largeRuns : runs, expectLines: set.rows };
    for (const [kind, path] of [
      ['text', set.text],
      ['text.gz', set.gz],
      ['parquet', set.parquet],
    ]) {
      // Plain text at the large size adds minutes and no target.
      if (kind === 'text' && large) continue;
      const output = join(out, `vpc-${set.label}-${kind}.jsonl`);
      cases.push({
        ...base,
        ...(kind === 'text' ? { runs: infoRuns } : {}),
        id: `vpc-${set.label}-${kind}`,
        title: `VPC ${set.label} ${kind} → JSONL`,
        args: translate(path, 'vpc-flowlogs', output),
        output,
      });
      if (kind === 'parquet') continue;
      const floorOut = join(out, `floor-vpc-${set.label}-${kind}.jsonl`);
      cases.push({
        ...base,
        runs: infoRuns,
        id: `floor-vpc-${set.label}-${kind}`,
        title: `floor VPC ${set.label} ${kind}`,
        args: [join(floorDir, 'vpc.mjs'), path, floorOut],
        output: floorOut,
      });
    }
    // The SQL peer on the same gzip file: one DuckDB thread against one ocsfx worker, and at the large
    // size two DuckDB threads against ocsfx --jobs 2 on the same single file.
    for (const threads of large ? [1, 2] : [1]) {
      const output = join(out, `duckdb-vpc-${set.label}-${threads}.jsonl`);
      cases.push({
        ...base,
        id: `duckdb-vpc-${set.label}-text.gz-${threads}t`,
        title: `DuckDB SQL VPC ${set.label} text.gz → JSON, ${threads} thread${threads === 1 ? '' : 's'}`,
        args: duckdb('json', threads, output, [set.gz]),
        output,
      });
    }
    if (large) {
      const output = join(out, `vpc-${set.label}-text.gz-jobs2.jsonl`);
      cases.push({
        ...base,
        id: `vpc-${set.label}-text.gz-jobs2`,
        title: `VPC ${set.label} text.gz → JSONL --jobs 2 (one file)`,
        args: [...translate(set.gz, 'vpc-flowlogs', output).slice(0, -1), '2'],
        output,
      });
    }
  }
  const small = data.small;
  // The floor again, but emitting the plugin's OCSF events: separates the cost of the event itself from
  // the rest of ocsfx.
  const floorOcsfOut = join(out, `floor-ocsf-vpc-${small.label}.jsonl`);
  cases.push({
    id: `floor-ocsf-vpc-${small.label}-text.gz`,
    title: `floor VPC ${small.label} text.gz + the plugin's OCSF translator`,
    args: [join(floorDir, 'vpc-ocsf.mjs'), small.gz, floorOcsfOut],
    rows: small.rows,
    mb: small.textBytes / 1e6,
    output: floorOcsfOut,
    expectLines: small.rows,
    runs: infoRuns,
  });
  const validateOut = join(out, `vpc-${small.label}-validate.jsonl`);
  cases.push({
    id: `vpc-${small.label}-text.gz-validate`,
    title: `VPC ${small.label} text.gz → JSONL --validate`,
    args: translate(small.gz, 'vpc-flowlogs', validateOut, ['--validate']),
    rows: small.rows,
    mb: small.textBytes / 1e6,
    output: validateOut,
    expectLines: small.rows,
    runs,
  });

  const ct = data.cloudTrail;
  const ctBase = { rows: ct.events, mb: ct.jsonBytes / 1e6, runs, maxLines: ct.authEvents };
  const ctOut = join(out, 'cloudtrail.jsonl');
  cases.push({
    ...ctBase,
    id: 'cloudtrail-gz',
    title: `CloudTrail ${shortCount(ct.events)} Records.gz → JSONL`,
    args: translate(ct.path, 'cloudtrail-auth', ctOut),
    output: ctOut,
  });
  const ctFloorOut = join(out, 'floor-cloudtrail.jsonl');
  cases.push({
    ...ctBase,
    id: 'floor-cloudtrail-gz',
    title: `floor CloudTrail ${shortCount(ct.events)}`,
    args: [join(floorDir, 'cloudtrail.mjs'), ct.path, ctFloorOut],
    output: ctFloorOut,
    runs: infoRuns,
  });
  if (jq) {
    // The jq peer: gunzip | jq with a comparable mapping (peers/cloudtrail-auth.jq).
    const jqOut = join(out, 'jq-cloudtrail.jsonl');
    cases.push({
      ...ctBase,
      id: 'jq-cloudtrail-gz',
      title: `jq CloudTrail ${shortCount(ct.events)} Records.gz → JSONL`,
      command: '/bin/sh',
      args: [
        '-c',
        'gzip -dc "$1" | "$2" -c -f "$3" > "$4"',
        'sh',
        ct.path,
        jq,
        join(peerDir, 'cloudtrail-auth.jq'),
        jqOut,
      ],
      output: jqOut,
    });
  }
  const ctValidateOut = join(out, 'cloudtrail-validate.jsonl');
  cases.push({
    ...ctBase,
    id: 'cloudtrail-gz-validate',
    title: `CloudTrail ${shortCount(ct.events)} Records.gz → JSONL --validate`,
    args: translate(ct.path, 'cloudtrail-auth', ctValidateOut, ['--validate']),
    output: ctValidateOut,
  });

  // The worker pool: the same 4 files into one output directory, one worker and two.
  for (const jobs of [1, 2]) {
    const dir = join(out, `jobs-${jobs}`);
    const args = translate(data.jobs[0], 'vpc-flowlogs', `${dir}/`);
    args.splice(2, 1, ...data.jobs);
    args[args.length - 1] = String(jobs);
    cases.push({
      id: `jobs-${jobs}`,
      title: `VPC ${data.jobs.length} × ${small.label} text.gz --jobs ${jobs}`,
      args,
      rows: small.rows * data.jobs.length,
      mb: (small.textBytes * data.jobs.length) / 1e6,
      output: dir,
      runs,
    });
  }

  // The machine's own ceiling for two jobs: the VPC floor on the same 4 files as 4 processes, 1 or 2 at once.
  for (const jobs of [1, 2]) {
    const dir = join(out, `floor-jobs-${jobs}`);
    cases.push({
      id: `floor-jobs-${jobs}`,
      title: `floor VPC ${data.jobs.length} × ${small.label} text.gz, ${jobs} process${jobs === 1 ? '' : 'es'} at a time`,
      args: [join(floorDir, 'parallel.mjs'), '--jobs', String(jobs), join(floorDir, 'vpc.mjs'), dir, ...data.jobs],
      rows: small.rows * data.jobs.length,
      mb: (small.textBytes * data.jobs.length) / 1e6,
      output: dir,
      expectLines: small.rows * data.jobs.length,
      runs: infoRuns,
    });
  }
  const duckJobsOut = join(out, 'duckdb-jobs-2t.jsonl');
  cases.push({
    id: 'duckdb-jobs-2t',
    title: `DuckDB SQL VPC ${data.jobs.length} × ${small.label} text.gz → JSON, 2 threads`,
    args: duckdb('json', 2, duckJobsOut, data.jobs),
    rows: small.rows * data.jobs.length,
    mb: (small.textBytes * data.jobs.length) / 1e6,
    output: duckJobsOut,
    expectLines: small.rows * data.jobs.length,
    runs,
  });

  if (parquetOutput) {
    const large = data.large;
    // Parquet output of 2M rows takes minutes a run: `parquetRuns` (default 2).
    const base = { rows: large.rows, mb: large.textBytes / 1e6, runs: parquetRuns, parquet: true };
    const dir = join(out, 'parquet-out');
    cases.push({
      ...base,
      id: `vpc-${large.label}-text.gz-parquet-out`,
      title: `VPC ${large.label} text.gz → Parquet (security-lake layout)`,
      args: [
        ...translate(large.gz, 'vpc-flowlogs', `${dir}/`),
        ...['-f', 'parquet', '--layout', 'security-lake', '--source-name', 'vpcbench'],
      ],
      output: dir,
    });
    const duckOut = join(out, 'duckdb-parquet-out.parquet');
    cases.push({
      ...base,
      id: `duckdb-vpc-${large.label}-text.gz-parquet-out-1t`,
      title: `DuckDB SQL VPC ${large.label} text.gz → COPY TO parquet (gzip), 1 thread`,
      args: duckdb('parquet', 1, duckOut, [large.gz]),
      output: duckOut,
    });
  }
  // Without floors (`--no-floors`): only ocsfx and its peers, the cases the targets compare.
  return floors ? cases : cases.filter((c) => !c.id.startsWith('floor-'));
}
