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
  const schema = ['--ocsf-schema', shared('ocsf-schema', '1.1.0')];

  it('table', async () => {
    const result = await runCli(['inspect', file, ...args, ...schema], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expectNoStack(result);
    golden(`inspect-${name}.txt`, result.stdout);
  });

  it('JSON', async () => {
    const result = await runCli(['inspect', file, ...args, ...schema, '--json'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    golden(`inspect-${name}.json`, result.stdout);
    const data = JSON.parse(result.stdout) as {
      records: { in: number; translated: number; skipped: number; rejected: number };
    };
    expect(data.records.in).toBe(data.records.translated + data.records.skipped + data.records.rejected);
  });
});

describe('inspect without a schema checkout', () => {
  it('says how to list the recommended attributes, and counts unmapped fields', async () => {
    const result = await runCli(['inspect', join(CLI_DIR, '..', '..', 'examples', 'logs', 'cloudtrail-signin.json')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('give --ocsf-schema DIR');
    expect(result.stdout).toMatch(/^source field +present +of translated +OCSF attribute \(by value\) +in unmapped$/m);
    expect(result.stdout).toMatch(/^eventTime +2 +100% +time /m);
  });
});
