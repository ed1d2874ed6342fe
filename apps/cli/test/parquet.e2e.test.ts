import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { openInput } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonLines, REPO_DIR, runCli } from './helpers.js';

const CLOUDTRAIL_EXAMPLE = join(REPO_DIR, 'examples', 'logs', 'cloudtrail-signin.json');
const VPC_EXAMPLE = join(REPO_DIR, 'examples', 'logs', 'vpc-flow-v5.log');

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function parquetFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every row of the files, read back with hyparquet (core's Parquet reader) as nested JSON objects. */
async function readBack(files: readonly string[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const file of files) {
    const input = await openInput(file, { parquet: 'json' });
    for await (const batch of input.records())
      for (const item of batch) if (item.kind === 'json') out.push(item.value as Record<string, unknown>);
  }
  return out;
}

function flatten(out: Record<string, string>, value: unknown, prefix: string): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(out, v, prefix ? `${prefix}.${k}` : k);
  } else if (value !== null && value !== undefined)
    out[prefix] = typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The one stated difference: `unmapped` is MAP<string, string> in Parquet (as Security Lake writes it),
 * so nested keys are flattened to dotted keys and every value is a string (JSON text for non-strings).
 */
function normalise(event: Record<string, unknown>): string {
  const { unmapped, ...rest } = event;
  if (unmapped === undefined) return JSON.stringify(sortKeys(rest));
  const flat: Record<string, string> = {};
  flatten(flat, unmapped, '');
  return JSON.stringify(sortKeys({ ...rest, unmapped: flat }));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

describe.skipIf(!hasShared)('translate -f parquet', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-parquet-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const real = shared('fixtures', 'real');

  it('round-trips every real fixture: the Parquet rows are exactly the JSONL events', async () => {
    const jsonl = await runCli(['translate', real, '-q'], { timeoutMs: 120_000 });
    const parquet = await runCli(['translate', real, '-q', '-f', 'parquet', '-o', join(dir, 'plain')], {
      timeoutMs: 120_000,
    });
    // Both runs meet the same unrecognised files (exit 1); what matters is the same events.
    expect(parquet.code).toBe(jsonl.code);
    const expected = jsonLines(jsonl.stdout);
    expect(expected.length).toBeGreaterThan(100);
    const files = await parquetFiles(join(dir, 'plain'));
    expect(files.map((f) => relative(join(dir, 'plain'), f).replace(UUID, 'UUID'))).toEqual([
      '3002-UUID.gz.parquet',
      '4001-UUID.gz.parquet',
    ]);
    const actual = await readBack(files);
    expect(actual.map(normalise).sort()).toEqual(expected.map(normalise).sort());
  }, 180_000);

  it('writes the Security Lake layout that ocsfx validate reads back as valid OCSF', async () => {
    const out = join(dir, 'lake');
    const trail = shared('fixtures', 'real', 'aws-docs', 'cloudtrail-user-guide', 'console-sign-in-events');
    const r = await runCli([
      'translate',
      trail,
      '-q',
      '-f',
      'parquet',
      '--layout',
      'security-lake',
      '--source-name',
      'ct',
      '-o',
      out,
    ]);
    expect(r.code).toBe(0);
    const files = await parquetFiles(out);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files)
      expect(relative(out, f)).toMatch(
        /^ext\/ct\/region=[^/]+\/accountId=[^/]+\/eventDay=\d{8}\/[0-9a-f-]{36}\.gz\.parquet$/,
      );
    const v = await runCli(['validate', out]);
    expect(v.stderr).toMatch(/ \d+ events, \d+ valid, 0 invalid/);
    expect(v.code).toBe(0);
  });

  it('refuses parquet to stdout, and the security-lake layout without a source name (exit 2)', async () => {
    const trail = shared('fixtures', 'real', 'aws-docs', 'cloudtrail-user-guide', 'console-sign-in-events');
    const a = await runCli(['translate', trail, '-f', 'parquet']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/-o DIR/);
    const b = await runCli(['translate', trail, '-f', 'parquet', '--layout', 'security-lake', '-o', join(dir, 'x')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--source-name/);
  });
});

describe('Security Lake layout with two OCSF classes', () => {
  const lakeDir = mkdtempSync(join(tmpdir(), 'ocsfx-lake-'));
  afterAll(() => rmSync(lakeDir, { recursive: true, force: true }));
  /** `translate INPUTS -f parquet --layout security-lake --source-name … -o lakeDir/out` */
  const lakeArgs = (inputs: readonly string[], out: string, names: readonly string[], ...more: string[]) => [
    'translate',
    ...inputs,
    '-f',
    'parquet',
    '--layout',
    'security-lake',
    ...names.flatMap((n) => ['--source-name', n]),
    ...more,
    '-o',
    join(lakeDir, out),
  ];
  const lake = (out: string, ...names: string[]) => lakeArgs([CLOUDTRAIL_EXAMPLE, VPC_EXAMPLE], out, names);

  it('one --source-name for two classes is refused before anything is written (exit 2), naming the fix', async () => {
    const r = await runCli(lake('one', 'x'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/classes 3002 from cloudtrail-auth .*4001 from vpc-flowlogs/);
    expect(r.stderr).toContain('--source-name 3002=NAME --source-name 4001=NAME');
    expect(await readdir(lakeDir)).not.toContain('one');
  });

  it('a source name per class writes each class to its own source, all of it', async () => {
    const out = join(lakeDir, 'split');
    const r = await runCli(lake('split', '3002=ct-auth', '4001=vpc'));
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const files = (await parquetFiles(out)).map((f) => relative(out, f).split('/').slice(0, 2).join('/'));
    expect([...new Set(files)].sort()).toEqual(['ext/ct-auth', 'ext/vpc']);
    const rows = await readBack(await parquetFiles(out));
    expect(rows.map((e) => e.class_uid).sort()).toEqual([3002, 3002, 4001, 4001, 4001, 4001]);
  });

  it('--source naming a plugin whose class has no source name is refused before reading', async () => {
    const r = await runCli(lakeArgs([VPC_EXAMPLE], 'named', ['3002=ct'], '-s', 'vpc-flowlogs'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--source-name 4001=NAME');
  });

  it('from standard input (not read twice), events of a class with no source are rejected one by one', async () => {
    const rejects = join(lakeDir, 'stdin-rejects.jsonl');
    const r = await runCli(lakeArgs(['-'], 'stdin', ['3002=ct'], '--rejects', rejects), {
      input: readFileSync(VPC_EXAMPLE, 'utf8'),
    });
    expect(r.code).toBe(0);
    const entries = jsonLines(readFileSync(rejects, 'utf8'));
    expect(entries).toHaveLength(4);
    for (const e of entries) {
      expect(e.code).toBe('parquet/class');
      expect(e.reason).toContain('--source-name 4001=NAME');
    }
  });

  it('a bad CLASS_UID=NAME is a usage error', async () => {
    const r = await runCli(lake('bad', 'auth=ct'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLASS_UID=NAME/);
  });
});

describe('--compression-level', () => {
  const levelDir = mkdtempSync(join(tmpdir(), 'ocsfx-level-'));
  afterAll(() => rmSync(levelDir, { recursive: true, force: true }));
  const translate = (out: string, ...more: string[]) =>
    runCli(['translate', VPC_EXAMPLE, '-q', '-f', 'parquet', ...more, '-o', join(levelDir, out)]);

  it('writes the same events at another gzip level, in a smaller file', async () => {
    expect((await translate('default')).code).toBe(0);
    expect((await translate('nine', '--compression-level', '9')).code).toBe(0);
    const [byDefault, nine] = [
      await parquetFiles(join(levelDir, 'default')),
      await parquetFiles(join(levelDir, 'nine')),
    ];
    expect(await readBack(nine)).toEqual(await readBack(byDefault));
    expect(readFileSync(nine[0] as string).length).toBeLessThan(readFileSync(byDefault[0] as string).length);
  });

  it('refuses a level outside the codec’s range before writing anything (exit 2), naming the range', async () => {
    const r = await translate('bad', '--compression-level', '12');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--compression-level 12: gzip takes a whole number from 1 to 9 \(default 1\)/);
    await expect(readdir(join(levelDir, 'bad'))).rejects.toThrow();
  });
});
