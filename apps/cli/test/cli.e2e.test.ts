/**
 * The real binary, end to end, inside the workspace: cwd = apps/cli, whose devDependencies link both
 * source plugins, so discovery finds them as it would in a user's project.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, CLI_DIR, expectNoStack, jsonLines, REPO_DIR, runCli, tempDir } from './helpers.js';

const CLOUDTRAIL = join(REPO_DIR, 'examples', 'logs', 'cloudtrail-signin.json');
const VPC = join(REPO_DIR, 'examples', 'logs', 'vpc-flow-v5.log');

/** The CloudTrail example as NDJSON (one event per line), the form Logstash-style exports have. */
function cloudTrailNdjson(): string {
  const { Records } = JSON.parse(readFileSync(CLOUDTRAIL, 'utf8')) as { Records: unknown[] };
  return `${Records.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('cli');
});
afterAll(() => tmp.remove());

describe.concurrent('--help', () => {
  it.each([[[]], [['translate']], [['plugins']], [['validate']]])(
    'ocsfx %j --help shows usage with an example',
    async (cmd) => {
      const result = await runCli([...cmd, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: ocsfx');
      expect(result.stdout).toContain('Examples:');
      expect(result.stdout).toMatch(/\$ ocsfx \S/);
      expectNoStack(result);
    },
  );

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_DIR, 'apps', 'cli', 'package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});

describe.concurrent('exit codes', () => {
  it.each([
    ['an unknown option', ['translate', '--bogus', CLOUDTRAIL], /--bogus/],
    ['an unknown command', ['frobnicate'], /frobnicate/],
    ['an output format that does not exist', ['translate', '--format', 'xml', CLOUDTRAIL], /xml/],
    ['an unknown --source', ['translate', '--source', 'no-such-plugin', CLOUDTRAIL], /unknown source "no-such-plugin"/],
    [
      'an --ocsf-version the plugin does not emit',
      ['translate', '-s', 'cloudtrail-auth', '--ocsf-version', '0.9', CLOUDTRAIL],
      /0\.9/,
    ],
    [
      'an --ocsf-version the plugin does not emit, listing those it does',
      ['translate', '-s', 'vpc-flowlogs', '--ocsf-version', '1.9.0', VPC],
      /vpc-flowlogs emits OCSF 1\.0\.0-rc\.2, 1\.1\.0, 1\.5\.0, 1\.8\.0; --ocsf-version 1\.9\.0 is not one of them/,
    ],
    [
      'an --ocsf-version no installed plugin emits, without --source: before any input is read',
      ['translate', '--ocsf-version', '1.9.0', VPC],
      /--ocsf-version 1\.9\.0: no installed plugin emits it \(.*vpc-flowlogs: 1\.0\.0-rc\.2, 1\.1\.0, 1\.5\.0, 1\.8\.0/,
    ],
    ['standard input named twice', ['translate', '-', '-'], /standard input/],
  ])('2 for a usage error: %s', async (_, args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expectNoStack(result);
  });

  it.each([[['--help']], [['translate', '--help']], [['help', 'inspect']], [['plugins']], [['completion', 'bash']]])(
    '0, quietly, when stdout is closed before %j writes (| head)',
    async (args) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: CLI_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
      // The read end goes away before the CLI has started, so its first write meets a closed pipe.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString('utf8');
      });
      const [code] = (await once(child, 'close')) as [number | null];
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );

  it('1 for a missing input file, naming it', async () => {
    const result = await runCli(['translate', join(tmp.dir, 'nope.log')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.log');
    expect(result.stdout).toBe('');
    expectNoStack(result);
  });

  it('1 for input no plugin recognises, naming the file and the installed plugins', async () => {
    const file = join(tmp.dir, 'prose.txt');
    writeFileSync(file, 'Dear diary,\ntoday nothing was logged.\n');
    const result = await runCli(['translate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('prose.txt');
    expect(result.stderr).toMatch(/cloudtrail-auth/);
    expectNoStack(result);
  });

  it('1 for a truncated gzip, after the events read before the damage', async () => {
    const file = join(tmp.dir, 'truncated.json.gz');
    const gz = gzipSync(cloudTrailNdjson().repeat(200));
    writeFileSync(file, gz.subarray(0, Math.floor(gz.length * 0.6)));
    const result = await runCli(['translate', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('truncated.json.gz');
    for (const event of jsonLines(result.stdout)) expect(event.class_uid).toBe(3002);
    expectNoStack(result);
  });

  it('0 for a file with rejected records: rejects are reported, not fatal', async () => {
    const file = join(tmp.dir, 'half-bad.ndjson');
    writeFileSync(file, `${cloudTrailNdjson()}[1,2,3]\n`);
    const result = await runCli(['translate', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/rejected .*half-bad\.ndjson:4/);
    expect(jsonLines(result.stdout)).toHaveLength(2);
    expectNoStack(result);
  });
});

describe.concurrent('inputs', () => {
  it('reads standard input given as -', async () => {
    const result = await runCli(['translate', '-'], { input: cloudTrailNdjson() });
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events).toHaveLength(2);
    for (const event of events) expect(event.class_uid).toBe(3002);
    expectNoStack(result);
  });

  it('reads standard input when no input is named and stdin is not a terminal', async () => {
    const result = await runCli(['translate'], { input: gzipSync(readFileSync(CLOUDTRAIL)) });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toHaveLength(2);
  });

  it('reads a directory recursively, detecting the source of each file', async () => {
    const dir = join(tmp.dir, 'mixed');
    mkdirSync(join(dir, 'nested'), { recursive: true });
    copyFileSync(CLOUDTRAIL, join(dir, 'trail.json'));
    copyFileSync(VPC, join(dir, 'nested', 'flows.log'));
    const result = await runCli(['translate', dir]);
    expect(result.code).toBe(0);
    const classes = jsonLines(result.stdout).map((e) => e.class_uid);
    // Sorted walk: nested/flows.log before trail.json.
    expect(classes).toEqual([4001, 4001, 4001, 4001, 3002, 3002]);
    expectNoStack(result);
  });
});

describe.concurrent('--output', () => {
  it('writes one output per input into a directory, and nothing to stdout', async () => {
    const out = join(tmp.dir, 'out');
    const result = await runCli(['translate', CLOUDTRAIL, VPC, '-o', `${out}/`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual(['cloudtrail-signin.ocsf.jsonl', 'vpc-flow-v5.ocsf.jsonl']);
    const trail = jsonLines(readFileSync(join(out, 'cloudtrail-signin.ocsf.jsonl'), 'utf8'));
    const flows = jsonLines(readFileSync(join(out, 'vpc-flow-v5.ocsf.jsonl'), 'utf8'));
    expect(trail.map((e) => e.class_uid)).toEqual([3002, 3002]);
    expect(flows.map((e) => e.class_uid)).toEqual([4001, 4001, 4001, 4001]);
  });

  it('writes a JSON array with --format json to a file', async () => {
    const out = join(tmp.dir, 'events.json');
    const result = await runCli(['translate', CLOUDTRAIL, '-f', 'json', '-o', out]);
    expect(result.code).toBe(0);
    const events = JSON.parse(readFileSync(out, 'utf8')) as unknown[];
    expect(events).toHaveLength(2);
  });
});

describe.concurrent('--rejects', () => {
  it('writes each rejected record as JSONL with location, code, reason and the raw record', async () => {
    const file = join(tmp.dir, 'with-bad-lines.ndjson');
    const [first] = cloudTrailNdjson().split('\n');
    const badTime = { ...(JSON.parse(first!) as Record<string, unknown>), eventTime: 'not a time' };
    writeFileSync(file, `${first}\n"just a string"\n${JSON.stringify(badTime)}\n`);
    const rejects = join(tmp.dir, 'rejects.jsonl');
    const result = await runCli(['translate', file, '--rejects', rejects]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toHaveLength(1);
    expect(result.stderr).not.toMatch(/^ocsfx: rejected/m);
    const entries = jsonLines(readFileSync(rejects, 'utf8'));
    expect(entries).toMatchObject([
      {
        location: { file, line: 2 },
        code: 'cloudtrail/not-an-object',
        reason: expect.any(String),
        raw: 'just a string',
      },
      {
        location: { file, line: 3 },
        code: 'cloudtrail/invalid-event-time',
        reason: expect.stringContaining('not a time'),
        raw: badTime,
      },
    ]);
    expect(result.stderr).toMatch(/\b2 rejected\b/);
    expectNoStack(result);
  });

  it('rejects a malformed VPC Flow Logs line by its fields, keeping the raw text', async () => {
    const file = join(tmp.dir, 'bad-port.log');
    const lines = readFileSync(VPC, 'utf8').split('\n');
    const broken = lines[1]!.replace(' 51544 443 ', ' 51544 http ');
    writeFileSync(file, `${lines[0]}\n${broken}\n${lines[2]}\n`);
    const rejects = join(tmp.dir, 'vpc-rejects.jsonl');
    const result = await runCli(['translate', file, '--rejects', rejects]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toHaveLength(1);
    const [entry, ...more] = jsonLines(readFileSync(rejects, 'utf8'));
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ location: { file, line: 2 }, raw: broken });
    expect(entry?.code).toMatch(/^vpc/);
    expect(entry?.reason).toMatch(/dstport|port/);
  });
});

describe.concurrent('plugins', () => {
  it('lists both source plugins with package, version, OCSF class, versions and inputs', async () => {
    const result = await runCli(['plugins']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^vpc-flowlogs\s/m);
    expect(result.stdout).toMatch(/^cloudtrail-auth\s/m);
    const vpcVersion = JSON.parse(
      readFileSync(join(REPO_DIR, 'packages/plugin-vpc-flowlogs/package.json'), 'utf8'),
    ).version;
    expect(result.stdout).toContain(`@ocsfx/plugin-vpc-flowlogs@${vpcVersion}`);
    expect(result.stdout).toMatch(/3002 Authentication; versions 1\.0\.0-rc\.2 \(default\), 1\.1\.0, 1\.5\.0, 1\.8\.0/);
    expect(result.stdout).toMatch(
      /4001 Network Activity; versions 1\.0\.0-rc\.2, 1\.1\.0 \(default\), 1\.5\.0, 1\.8\.0/,
    );
    expectNoStack(result);
  });

  it('--json gives the same as data', async () => {
    const result = await runCli(['plugins', '--json']);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      plugins: { id: string; package: string; classUid: number; inputs: string[] }[];
      errors: unknown[];
    };
    expect(listing.errors).toEqual([]);
    const byId = new Map(listing.plugins.map((p) => [p.id, p]));
    expect(byId.get('cloudtrail-auth')).toMatchObject({
      package: '@ocsfx/plugin-cloudtrail-auth',
      classUid: 3002,
      inputs: ['json'],
    });
    expect(byId.get('vpc-flowlogs')).toMatchObject({ package: '@ocsfx/plugin-vpc-flowlogs', classUid: 4001 });
  });
});

describe.concurrent('OCSF versions', () => {
  it('translates CloudTrail to 1.8.0 without deprecated attributes (validate --strict passes)', async () => {
    const result = await runCli(['translate', CLOUDTRAIL, '--ocsf-version', '1.8.0', '--validate']);
    expect(result.code).toBe(0);
    const check = await runCli(['validate', '--strict', '-'], { input: result.stdout });
    expect(check.code).toBe(0);
    // The same events in 1.1.0 still use invoked_by / credential_uid where the example has them; 1.8.0 does not.
    expect(result.stdout).not.toMatch(/"invoked_by"|"credential_uid"/);
  });

  it.each(['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0'])(
    'translates VPC Flow Logs to %s, valid with the bundled data',
    async (version) => {
      const result = await runCli(['translate', VPC, '--ocsf-version', version, '--validate']);
      expect(result.code).toBe(0);
      const events = jsonLines(result.stdout);
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) expect(event['metadata']).toMatchObject({ version });
      if (version === '1.8.0') expect(events[0]?.['metadata']).toMatchObject({ log_source: VPC, log_format: 'text' });
      const check = await runCli(['validate', '--strict', '-'], { input: result.stdout });
      expect(check.code).toBe(0);
    },
  );
});

describe.concurrent('validate', () => {
  /** A valid OCSF Authentication event that uses `actor.invoked_by` (deprecated from 1.2.0). */
  const authEvent = (version: string) => ({
    activity_id: 1,
    category_uid: 3,
    class_uid: 3002,
    metadata: { product: { name: 'CloudTrail', vendor_name: 'AWS' }, version },
    severity_id: 1,
    time: 1_700_000_000_000,
    type_uid: 300201,
    user: { name: 'anaya' },
    actor: { invoked_by: 'ec2.amazonaws.com' },
    // Authentication's constraint: at least one of service, dst_endpoint.
    service: { name: 'signin.amazonaws.com' },
  });

  it('warns on deprecated attributes, naming the replacement, and still exits 0', async () => {
    const file = join(tmp.dir, 'deprecated-1.8.0.jsonl');
    writeFileSync(file, `${JSON.stringify(authEvent('1.8.0'))}\n${JSON.stringify(authEvent('1.1.0'))}\n`);
    const result = await runCli(['validate', file]);
    expect(result.code).toBe(0);
    // Only the 1.8.0 event: 1.1.0 did not deprecate invoked_by yet.
    expect(result.stdout.trim().split('\n')).toEqual([
      `${file}:1: warning: /actor/invoked_by: "invoked_by" is deprecated in OCSF 1.8.0 (since 1.2.0: Use app_name, app_uid attributes instead.) [deprecated]`,
    ]);
    expect(result.stderr).toContain('2 events, 2 valid, 0 invalid, 1 valid with deprecated attributes');
    expectNoStack(result);
  });

  it('--strict makes deprecated attributes failures (exit 1)', async () => {
    const file = join(tmp.dir, 'deprecated-strict.jsonl');
    writeFileSync(file, `${JSON.stringify(authEvent('1.5.0'))}\n`);
    const result = await runCli(['validate', '--strict', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${file}:1: error: /actor/invoked_by:`);
    expect(result.stderr).toContain('1 events, 0 valid, 1 invalid');
  });
});
