/**
 * `ocsfx inspect` on two real fixtures (../shared/fixtures/real: one VPC Flow Logs file, one CloudTrail
 * file), compared with golden output in test/golden/: the aligned table and the JSON. The fixtures are
 * named relative to the working directory so the output does not depend on where ../shared is.
 * After a deliberate mapping change: OCSFX_UPDATE_GOLDEN=1 pnpm --filter @ocsfx/cli test inspect, then review the diff.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { CLI_DIR, expectNoStack, runCli } from './helpers.js';

const GOLDEN = join(CLI_DIR, 'test', 'golden');
const CASES = [
  {
    name: 'vpc',
    file: 'aws-docs/vpc-user-guide/flow-log-record-examples/01-default-format-accepted-rejected-icmp-ipv6.log',
    args: [] as string[],
  },
  {
    name: 'cloudtrail',
    file: 'elastic-integrations/cloudtrail/test-console-login-json.log',
    args: ['--ocsf-version', '1.1.0'],
  },
];

/** Compares with the golden file (JSON as data: the repository's formatter may lay it out differently). */
function golden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (process.env.OCSFX_UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
  }
  const expected = readFileSync(path, 'utf8');
  if (name.endsWith('.json')) expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
  else expect(actual).toBe(expected);
}

describe.skipIf(!hasShared).each(CASES)('ocsfx inspect $file', ({ name, file, args }) => {
  const cwd = shared('fixtures', 'real');
  // ../shared is no project of ours: the plugins are named by their directory.
  const env = { OCSFX_PLUGIN_PATH: join(CLI_DIR, 'node_modules') };

  it('table', async () => {
    const result = await runCli(['inspect', file, ...args], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expectNoStack(result);
    golden(`inspect-${name}.txt`, result.stdout);
  });

  it('JSON', async () => {
    const result = await runCli(['inspect', file, ...args, '--json'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    golden(`inspect-${name}.json`, result.stdout);
    const data = JSON.parse(result.stdout) as {
      records: { in: number; translated: number; skipped: number; rejected: number };
    };
    expect(data.records.in).toBe(data.records.translated + data.records.skipped + data.records.rejected);
  });

  it('--ocsf-schema DIR (the official 1.1.0 schema) lists the same recommended attributes as the bundled data', async () => {
    const schema = ['--ocsf-schema', shared('ocsf-schema', '1.1.0')];
    const result = await runCli(['inspect', file, ...args, ...schema, '--json'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    const expected = JSON.parse(readFileSync(join(GOLDEN, `inspect-${name}.json`), 'utf8')) as Record<string, unknown>;
    expect(JSON.parse(result.stdout).recommendedUnfilled).toEqual(expected.recommendedUnfilled);
  });
});

describe('inspect without a schema checkout', () => {
  const example = (name: string) => join(CLI_DIR, '..', '..', 'examples', 'logs', name);

  it("lists the recommended attributes no event filled from the bundled data, in the event's OCSF version", async () => {
    const v1 = await runCli(['inspect', example('cloudtrail-signin.json'), '--ocsf-version', '1.1.0']);
    expect(v1.code, v1.stderr).toBe(0);
    expect(v1.stdout).toMatch(/^source field +present +of translated +OCSF attribute \(by value\) +in unmapped$/m);
    expect(v1.stdout).toMatch(/^eventTime +2 +100% +time /m);
    const line = /^class 3002 \(OCSF 1\.1\.0\): recommended attributes no event filled: (.+)$/m.exec(v1.stdout);
    expect(line, v1.stdout).not.toBeNull();
    // Recommended by Authentication in 1.1.0 and left empty by the plugin; status_id it fills.
    expect(line![1]!.split(', ')).toEqual(expect.arrayContaining(['auth_protocol_id', 'logon_type_id', 'message']));
    expect(line![1]!.split(', ')).not.toContain('status_id');
    expect(v1.stdout).not.toContain('--ocsf-schema');
    // 1.8.0 recommends more (dst_endpoint, service, …); the list follows the version emitted.
    const v18 = await runCli(['inspect', example('cloudtrail-signin.json'), '--ocsf-version', '1.8.0', '--json']);
    expect(v18.code, v18.stderr).toBe(0);
    const data = JSON.parse(v18.stdout) as {
      recommendedUnfilled: { classUid: number; ocsfVersion: string; attributes: string[] }[];
    };
    expect(data.recommendedUnfilled).toHaveLength(1);
    expect(data.recommendedUnfilled[0]).toMatchObject({ classUid: 3002, ocsfVersion: '1.8.0' });
    expect(data.recommendedUnfilled[0]!.attributes.length).toBeGreaterThan(line![1]!.split(', ').length);
  });

  it('counts skipped and rejected records by reason code, as translate does', async () => {
    const skipped = await runCli(['inspect', example('vpc-flow-v5.log'), '--skip-nodata']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stdout.split('\n')[0]).toBe(
      '4 records in: 3 translated (3 events), 1 skipped (vpc/nodata 1), 0 rejected; class 4001 (OCSF 1.1.0): 3 events',
    );
    // Nothing translated: the reasons say why, and no empty class list follows.
    const rejected = await runCli(['inspect', example('cloudtrail-signin.json'), '--source', 'vpc-flowlogs', '--json']);
    expect(rejected.code, rejected.stderr).toBe(0);
    const data = JSON.parse(rejected.stdout) as { records: Record<string, unknown> };
    expect(data.records).toMatchObject({
      in: 3,
      rejected: 3,
      skippedByCode: {},
      rejectedByCode: { 'vpc/not-a-record': 3 },
    });
    const table = await runCli(['inspect', example('cloudtrail-signin.json'), '--source', 'vpc-flowlogs']);
    expect(table.stdout.split('\n')[0]).toBe(
      '3 records in: 0 translated (0 events), 0 skipped, 3 rejected (vpc/not-a-record 3)',
    );
  });

  it.each([
    [[] as string[], /--ocsf-version 9\.9: no installed plugin emits it \(.*vpc-flowlogs: 1\.0\.0-rc\.2, 1\.1\.0/],
    [['--source', 'vpc-flowlogs'], /vpc-flowlogs emits OCSF 1\.0\.0-rc\.2, .*; --ocsf-version 9\.9 is not one of them/],
  ])('--ocsf-version no plugin emits (%j): exit 2 before reading, with the versions', async (source, message) => {
    const result = await runCli(['inspect', example('vpc-flow-v5.log'), '--ocsf-version', '9.9', ...source]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expectNoStack(result);
  });

  it('--ocsf-schema naming no schema checkout: exit 2 before reading, naming the flag', async () => {
    const result = await runCli(['inspect', example('vpc-flow-v5.log'), '--ocsf-schema', CLI_DIR]);
    expect(result.code).toBe(2);
    expectNoStack(result);
    expect(result.stderr).toMatch(/^ocsfx: error: --ocsf-schema .*: not an official OCSF schema checkout/m);
    expect(result.stdout).toBe('');
  });
});
