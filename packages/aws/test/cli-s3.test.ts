/** The `ocsfx` CLI reads `s3://` inputs and writes `s3://` outputs through this package, against s3rver. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { hasShared, repoDir } from '@ocsfx/vitest-config/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws, hasAwsCli, listKeys } from './helpers/aws-cli.js';
import { canonical, cliTranslate, REAL } from './helpers/fixtures.js';
import { download, readJsonl } from './helpers/read-back.js';
import { CREDENTIALS, REGION, type S3Server, startS3 } from './helpers/servers.js';

const run = promisify(execFile);
const CLI = join(repoDir, 'apps', 'cli', 'bin', 'ocsfx.js');
const FILES = [
  'aws-docs/vpc-user-guide/flow-log-record-examples/01-default-format-accepted-rejected-icmp-ipv6.log',
  'aws-docs/vpc-user-guide/flow-log-record-examples/02-default-format-nodata-skipdata.log',
  'grafana-loki/tools/lambda-promtail/testdata/vpcflowlog.log.gz',
];

describe.skipIf(!hasShared || !hasAwsCli)('ocsfx translate with s3:// inputs and outputs', () => {
  let s3: S3Server;
  let env: NodeJS.ProcessEnv;
  const ocsfx = (args: string[], cwd = join(repoDir, 'packages', 'aws')) =>
    run(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 64 << 20 });

  beforeAll(async () => {
    s3 = await startS3(['raw', 'out']);
    env = {
      PATH: process.env.PATH,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      OCSFX_S3_FORCE_PATH_STYLE: 'true',
      NODE_NO_WARNINGS: '1',
    };
    for (const f of FILES)
      await aws(s3.endpoint, ['s3', 'cp', join(REAL, f), `s3://raw/logs/${basename(f)}`, '--only-show-errors']);
  });
  afterAll(() => s3?.close());

  it('translates every object under a prefix into one output per input in S3, as it does local files', async () => {
    const { stderr } = await ocsfx([
      'translate',
      's3://raw/logs/',
      '-o',
      's3://out/jsonl/',
      '--rejects',
      's3://out/rejects.jsonl',
      '--jobs',
      '2',
    ]);
    expect(stderr).toMatch(/3 files, \d+ records in/);
    const keys = await listKeys(s3.endpoint, 'out');
    expect(keys).toEqual(
      [...FILES.map((f) => `jsonl/${basename(f).replace(/(\.log)?(\.gz)?$/, '')}.ocsf.jsonl`), 'rejects.jsonl'].sort(),
    );
    const got = await download(s3.endpoint, 's3://out/jsonl/');
    try {
      for (const f of FILES) {
        const name = `${basename(f).replace(/(\.log)?(\.gz)?$/, '')}.ocsf.jsonl`;
        const local = await cliTranslate([join(REAL, f)]);
        expect(local.events.length).toBeGreaterThan(0);
        expect(canonical(readJsonl(join(got.dir, name)))).toEqual(canonical(local.events));
      }
    } finally {
      got.remove();
    }
  }, 60_000);

  it('writes Parquet in the Security Lake layout to an s3:// directory', async () => {
    await ocsfx([
      'translate',
      's3://raw/logs/01-default-format-accepted-rejected-icmp-ipv6.log',
      '-f',
      'parquet',
      '--layout',
      'security-lake',
      '--source-name',
      'vpc-flow',
      '-o',
      's3://out/lake/',
    ]);
    const keys = await listKeys(s3.endpoint, 'out', 'lake/');
    // The records fall on three days: three partitions.
    expect(keys).toHaveLength(3);
    for (const key of keys)
      expect(key).toMatch(
        /^lake\/ext\/vpc-flow\/region=unknown\/accountId=123456789010\/eventDay=\d{8}\/[0-9a-f-]+\.gz\.parquet$/,
      );
  }, 60_000);

  it('reports a missing object as a failed input, and says to install @ocsfx/aws when it is not', async () => {
    const missing = await ocsfx(['translate', 's3://raw/logs/nothing-here.log']).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect((missing as { code: number }).code).toBe(1);
    expect((missing as { stderr: string }).stderr).toMatch(/s3:\/\/raw\/logs\/nothing-here\.log: no objects there/);
    const elsewhere = mkdtempSync(join(tmpdir(), 'ocsfx-no-aws-'));
    try {
      const plugin = join(repoDir, 'packages', 'plugin-vpc-flowlogs');
      const err = (await ocsfx(['translate', '--plugin', plugin, 's3://raw/logs/'], elsewhere).catch((e) => e)) as {
        code: number;
        stderr: string;
      };
      expect(err.code).toBe(1);
      expect(err.stderr).toMatch(/need @ocsfx\/aws: npm install @ocsfx\/aws/);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
    void readFileSync;
  }, 60_000);
});
