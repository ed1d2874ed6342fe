/**
 * S3-compatible servers that send notifications in their own form: s3rver does not URL-encode keys and
 * reports a completed multipart upload as `ObjectCreated:Post`. The handler reads the decoded key first
 * and falls back to the key as given; both a multipart upload and a key with `+` and spaces come through.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import { hasShared } from '@ocsfx/vitest-config/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, createSqsHandler } from '../src/index.js';
import { aws, hasAwsCli, listKeys } from './helpers/aws-cli.js';
import { cliTranslate, REAL } from './helpers/fixtures.js';
import { LAKE_BUCKET, type Lake, SOURCE_BUCKET, startLake } from './helpers/lake.js';
import { poll } from './helpers/poller.js';

const FIXTURE = 'aws-docs/vpc-user-guide/flow-log-record-examples/01-default-format-accepted-rejected-icmp-ipv6.log';

describe.skipIf(!hasShared || !hasAwsCli)('notifications in s3rver’s own form', () => {
  let lake: Lake;
  let work: string;
  beforeAll(async () => {
    lake = await startLake();
    lake.setForm('s3rver');
    work = mkdtempSync(join(tmpdir(), 'ocsfx-keys-'));
  });
  afterAll(async () => {
    await lake?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('a multipart upload (ObjectCreated:Post) and a key with "+" and spaces, keys not encoded', async () => {
    const [header, ...records] = readFileSync(join(REAL, FIXTURE), 'utf8').split('\n').filter(Boolean);
    // Over 5 MiB, so that awscli uploads it in parts (its threshold set to the S3 minimum part size).
    const block = `${records.join('\n')}\n`;
    const big = join(work, 'big.log');
    writeFileSync(big, `${header}\n${block.repeat(Math.ceil((6 * 1024 * 1024) / block.length))}`);
    const config = join(work, 'aws-config');
    writeFileSync(config, '[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n');
    await aws(
      lake.s3.endpoint,
      ['s3', 'cp', big, `s3://${SOURCE_BUCKET}/keys/multi part+1.log`, '--only-show-errors'],
      { configFile: config },
    );
    await aws(lake.s3.endpoint, [
      's3',
      'cp',
      join(REAL, FIXTURE),
      `s3://${SOURCE_BUCKET}/keys/a+b c%41.log`,
      '--only-show-errors',
    ]);
    await lake.delivered();
    const names = lake.sent.map(
      (b) => (JSON.parse(b) as { Records: { eventName: string; s3: { object: { key: string } } }[] }).Records[0],
    );
    expect(names.map((r) => [r?.eventName, r?.s3.object.key])).toEqual([
      ['ObjectCreated:Post', 'keys/multi part+1.log'],
      ['ObjectCreated:Put', 'keys/a+b c%41.log'],
    ]);

    const logged: Record<string, unknown>[] = [];
    const handler = createSqsHandler({
      plugins: [vpc],
      config: configFromEnv({ OCSFX_OUTPUT_BUCKET: LAKE_BUCKET, OCSFX_FORMAT: 'jsonl', OCSFX_SOURCE_NAME: 'vpc-flow' }),
      s3: lake.s3Client,
      log: (l) => logged.push(JSON.parse(l) as Record<string, unknown>),
    });
    const stats = await poll({ sqs: lake.sqs, queueUrl: lake.queueUrl, invoke: handler });
    expect(stats.failedMessages).toBe(0);
    const objects = logged.filter((l) => l['object']);
    expect(objects.map((l) => [l['object'], l['outcome']])).toEqual([
      [`s3://${SOURCE_BUCKET}/keys/multi part+1.log`, 'translated'],
      [`s3://${SOURCE_BUCKET}/keys/a+b c%41.log`, 'translated'],
    ]);
    const cli = await cliTranslate([big]);
    expect(objects[0]?.['Translated']).toBe(cli.translated);
    expect(objects[0]?.['Translated']).toBeGreaterThan(50_000);
    expect((await listKeys(lake.s3.endpoint, LAKE_BUCKET, 'ext/vpc-flow/')).length).toBeGreaterThan(0);
  }, 90_000);
});
