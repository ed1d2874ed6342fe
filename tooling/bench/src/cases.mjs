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
 * }} BenchCase
 */

/**
 * @param {{ cli: string; floorDir: string; out: string; data: Awaited<ReturnType<typeof import('./datasets.mjs').generateAll>>; runs: number; largeRuns: number; parquetOutput: boolean }} env
 * @returns {BenchCase[]}
 */
export function benchCases({ cli, floorDir, out, data, runs, largeRuns, parquetOutput }) {
  const cases = [];
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
      const output = join(out, `vpc-${set.label}-${kind}.jsonl`);
      cases.push({
        ...base,
        // At the large size only text.gz carries targets (ratio, RSS); the others run once, to keep the
        // whole bench within about 15 minutes.
        ...(large && kind !== 'text.gz' ? { runs: 1 } : {}),
        id: `vpc-${set.label}-${kind}`,
        title: `VPC ${set.label} ${kind} → JSONL`,
        args: translate(path, 'vpc-flowlogs', output),
        output,
      });
      // The floor of plain text is measured on the small set only: the large one adds nothing to the
      // ratio but minutes to the run.
      if (kind === 'parquet' || (kind === 'text' && large)) continue;
      const floorOut = join(out, `floor-vpc-${set.label}-${kind}.jsonl`);
      cases.push({
        ...base,
        id: `floor-vpc-${set.label}-${kind}`,
        title: `floor VPC ${set.label} ${kind}`,
        args: [join(floorDir, 'vpc.mjs'), path, floorOut],
        output: floorOut,
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
    runs,
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
  });
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
      runs,
    });
  }

  if (parquetOutput) {
    const large = data.large;
    const dir = join(out, 'parquet-out');
    cases.push({
      id: `vpc-${large.label}-text.gz-parquet-out`,
      title: `VPC ${large.label} text.gz → Parquet (-f parquet)`,
      args: [...translate(large.gz, 'vpc-flowlogs', `${dir}/`), '-f', 'parquet'],
      rows: large.rows,
      mb: large.textBytes / 1e6,
      output: dir,
      runs: 1,
    });
  }
  return cases;
}
