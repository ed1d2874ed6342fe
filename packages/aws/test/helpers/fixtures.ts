/** The real AWS log files of ../shared/fixtures/real, and the CLI's translation of them for comparison. */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { repoDir, shared } from '@ocsfx/vitest-config/shared';

const run = promisify(execFile);
export const REAL = shared('fixtures', 'real');

/** Files no installed plugin translates (an OCSF Parquet file, a test's expected output, a non-log JSON). */
export const UNTRANSLATABLE = [
  'sekoia-automation-library/AWS/tests/connectors/s3/test_ocsf.parquet',
  'sekoia-automation-library/AWS/tests/connectors/s3/test_parquet_result.json',
  'otrf-security-datasets/datasets/atomic/aws/collection/ec2_proxy_s3_exfiltration_2020-09-14011940.json',
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** Paths relative to fixtures/real of every log file a plugin translates. */
export function translatableFixtures(): string[] {
  return walk(REAL)
    .map((f) => relative(REAL, f))
    .filter((f) => f !== 'SOURCES.md' && !f.endsWith('expected.json') && !UNTRANSLATABLE.includes(f))
    .sort();
}

export interface CliRun {
  events: Record<string, unknown>[];
  recordsIn: number;
  translated: number;
  skipped: number;
  rejected: number;
  stderr: string;
}

const CLI = join(repoDir, 'apps', 'cli', 'bin', 'ocsfx.js');

/** `ocsfx translate FILES -o -` from this package's directory (where the plugins are installed). */
export async function cliTranslate(files: readonly string[], extra: readonly string[] = []): Promise<CliRun> {
  const { stdout, stderr } = await run(process.execPath, [CLI, 'translate', ...files, '--jobs', '1', ...extra], {
    maxBuffer: 512 * 1024 * 1024,
    cwd: join(repoDir, 'packages', 'aws'),
  });
  const m = /(\d+) records in: (\d+) translated \(\d+ events?\), (\d+) skipped, (\d+) rejected/.exec(stderr);
  if (!m) throw new Error(`no summary from the CLI:\n${stderr}`);
  return {
    events: stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    recordsIn: Number(m[1]),
    translated: Number(m[2]),
    skipped: Number(m[3]),
    rejected: Number(m[4]),
    stderr,
  };
}

export function readFixture(rel: string): Buffer {
  return readFileSync(join(REAL, rel));
}

/** Events as canonical JSON strings (keys sorted), sorted: two runs with the same events compare equal. */
export function canonical(events: readonly unknown[]): string[] {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, sortKeys(x)]),
      );
    }
    return v;
  };
  return events.map((e) => JSON.stringify(sortKeys(e))).sort();
}
