/**
 * `--report FILE` from real runs of translate and validate, checked against the committed JSON Schema
 * (report.schema.json) with ajv, and against the run's own summary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_DIR, REPO_DIR, runCli, tempDir } from './helpers.js';

const VPC = join(REPO_DIR, 'examples', 'logs', 'vpc-flow-v5.log');
const CLOUDTRAIL = join(REPO_DIR, 'examples', 'logs', 'cloudtrail-signin.json');
const schema = JSON.parse(readFileSync(join(CLI_DIR, 'report.schema.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const check = ajv.compile(schema);

type Report = Record<string, unknown> & {
  inputs: Record<string, unknown>[];
  total: Record<string, number>;
  outputs: { path: string; kind: string }[];
};

function readReport(path: string): Report {
  const report = JSON.parse(readFileSync(path, 'utf8')) as Report;
  const valid = check(report);
  expect(check.errors ?? [], JSON.stringify(report, null, 2)).toEqual([]);
  expect(valid).toBe(true);
  return report;
}

let tmp: ReturnType<typeof tempDir>;
let bad: string;
beforeAll(() => {
  tmp = tempDir('report');
  const lines = readFileSync(VPC, 'utf8').split('\n');
  // One line with a broken port: a reject with its code.
  lines[2] = lines[2]!.replace(/ 443 /, ' 99999 ');
  bad = join(tmp.dir, 'bad-port.log');
  writeFileSync(bad, lines.join('\n'));
});
afterAll(() => tmp.remove());

describe.concurrent('translate --report', () => {
  it.each([['1'], ['2']])('per input and in total, with plugins, versions and outputs (--jobs %s)', async (jobs) => {
    const out = join(tmp.dir, `out-${jobs}`);
    const reportFile = join(tmp.dir, `translate-${jobs}.json`);
    const rejects = join(tmp.dir, `rejects-${jobs}.jsonl`);
    const result = await runCli([
      'translate',
      VPC,
      CLOUDTRAIL,
      bad,
      '-o',
      `${out}/`,
      '--rejects',
      rejects,
      '--report',
      reportFile,
      '--jobs',
      jobs,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = readReport(reportFile);
    expect(report.command).toBe('translate');
    expect(report.exitCode).toBe(0);
    expect(report.inputs.map((i) => [i.file, (i.plugins as { id: string }[]).map((p) => p.id)])).toEqual([
      [VPC, ['vpc-flowlogs']],
      [CLOUDTRAIL, ['cloudtrail-auth']],
      [bad, ['vpc-flowlogs']],
    ]);
    const [vpc, trail, broken] = report.inputs;
    expect(vpc).toMatchObject({ recordsIn: 4, translated: 4, events: 4, skipped: 0, rejected: 0 });
    expect(vpc!.plugins).toEqual([
      expect.objectContaining({ id: 'vpc-flowlogs', package: '@ocsfx/plugin-vpc-flowlogs', classUid: 4001 }),
    ]);
    expect(trail).toMatchObject({ translated: 2, events: 2, skipped: 1 });
    expect(broken).toMatchObject({ recordsIn: 4, translated: 3, rejected: 1 });
    expect(Object.keys(broken!.rejectedByCode as object)).toHaveLength(1);
    // The total adds up and matches the summary line.
    expect(report.total).toMatchObject({
      files: 3,
      failedFiles: 0,
      recordsIn: 11,
      translated: 9,
      skipped: 1,
      rejected: 1,
    });
    expect(report.total.recordsIn).toBe(report.total.translated! + report.total.skipped! + report.total.rejected!);
    expect(result.stderr).toContain('11 records in: 9 translated (9 events), 1 skipped, 1 rejected');
    expect(report.total.bytes).toBe(report.inputs.reduce((n, i) => n + (i.bytes as number), 0));
    expect(report.outputs).toEqual([
      ...report.inputs.map((i) => ({ path: i.output, kind: 'events' })),
      { path: rejects, kind: 'rejects' },
    ]);
  });

  it('a failed input is in the report with its error, and the exit code is 1', async () => {
    const reportFile = join(tmp.dir, 'failed.json');
    const truncated = join(tmp.dir, 'truncated.log.gz');
    const gz = gzipSync(readFileSync(VPC));
    writeFileSync(truncated, gz.subarray(0, gz.length - 12));
    const result = await runCli(['translate', VPC, truncated, '--report', reportFile]);
    expect(result.code).toBe(1);
    const report = readReport(reportFile);
    expect(report.exitCode).toBe(1);
    expect(report.inputs[1]).toMatchObject({ file: truncated, error: expect.stringContaining(truncated) });
    expect(report.total.failedFiles).toBe(1);
    expect(report.outputs).toEqual([{ path: '-', kind: 'events' }]);
  });
});

describe.concurrent('--report needs a file of its own', () => {
  it.each([
    [['translate', 'VPC', '--report', '-'], /--report - and -o both write to standard output/],
    [['translate', 'VPC', '-o', 'SAME', '--report', 'SAME'], /--report .* is also -o/],
    [['translate', 'VPC', '-o', 'OTHER', '--rejects', 'SAME', '--report', 'SAME'], /--report .* is also --rejects/],
    [['translate', 'VPC', '--report', 'VPC'], /--report .* is one of the inputs/],
    [['validate', 'VPC', '--report', '-'], /--report - and the findings both write to standard output/],
  ])('ocsfx %j is a usage error', async (args, message) => {
    const same = join(tmp.dir, 'same.json');
    const argv = args.map((a) =>
      a === 'VPC' ? VPC : a === 'SAME' ? same : a === 'OTHER' ? join(tmp.dir, 'other.jsonl') : a,
    );
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });
});

describe('validate --report', () => {
  it('per input: events, valid, invalid and the OCSF versions checked', async () => {
    const events = join(tmp.dir, 'events.jsonl');
    const made = await runCli(['translate', VPC, CLOUDTRAIL]);
    const lines = made.stdout.trim().split('\n');
    const broken = JSON.parse(lines[0]!) as Record<string, unknown>;
    broken.class_uid = 'not a number';
    writeFileSync(events, `${[...lines, JSON.stringify(broken)].join('\n')}\n`);
    const reportFile = join(tmp.dir, 'validate.json');
    const result = await runCli(['validate', events, '--report', reportFile]);
    expect(result.code).toBe(1);
    const report = readReport(reportFile);
    expect(report.command).toBe('validate');
    expect(report.inputs).toEqual([expect.objectContaining({ file: events, events: 7, valid: 6, invalid: 1 })]);
    expect(report.total).toMatchObject({ files: 1, events: 7, valid: 6, invalid: 1 });
  });
});
