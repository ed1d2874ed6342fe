/**
 * Deployment: the bundle (one zip, both handlers, the chosen plugins) runs by itself against the real S3
 * server, and the CloudFormation template names the handler, the variables and the permissions the code uses.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_HANDLERS, bundle, measureColdStart, sampleEnv } from '../src/bundle.js';
import { ENV_VARS } from '../src/index.js';
import { aws, hasAwsCli, listKeys } from './helpers/aws-cli.js';
import { CREDENTIALS, REGION, type S3Server, startS3 } from './helpers/servers.js';

const run = promisify(execFile);
const here = new URL('..', import.meta.url).pathname;
// biome-ignore lint/suspicious/noExplicitAny: the CloudFormation template, read as loose JSON
type Json = Record<string, any>;
const template = JSON.parse(readFileSync(join(here, 'deploy', 'template.json'), 'utf8')) as Json;

const VPC_LINES = [
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
  '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
  '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 99999 6 20 4249 1418530010 1418530070 REJECT OK',
].join('\n');

describe('ocsfx-aws bundle', () => {
  let dir: string;
  let zip: string;
  let result: Awaited<ReturnType<typeof bundle>>;
  let s3: S3Server | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ocsfx-bundle-'));
    zip = join(dir, 'handler.zip');
    result = await bundle({
      plugins: ['@ocsfx/plugin-vpc-flowlogs', '@ocsfx/plugin-cloudtrail-auth'],
      output: zip,
      cwd: here,
    });
  }, 120_000);
  afterAll(async () => {
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one zip holding index.mjs, with the plugins', () => {
    const files = unzipSync(new Uint8Array(readFileSync(zip)));
    expect(Object.keys(files)).toEqual(['index.mjs']);
    expect(result.plugins).toEqual([
      { id: 'vpc-flowlogs', classUid: 4001 },
      { id: 'cloudtrail-auth', classUid: 3002 },
    ]);
    expect(result.zipBytes).toBe(readFileSync(zip).length);
    // The whole SDK S3 client is inside: the zip needs nothing from node_modules.
    expect(result.codeBytes).toBeGreaterThan(result.zipBytes);
    console.log(
      `bundle: ${(result.zipBytes / 1024).toFixed(0)} KiB zipped, ${(result.codeBytes / 1024).toFixed(0)} KiB code`,
    );
  });

  it('starts in a fresh process from the zip alone, and refuses a bad variable at cold start, naming it', async () => {
    const ms = await measureColdStart(zip, sampleEnv(result.plugins));
    expect(ms).toBeGreaterThan(0);
    console.log(`bundle: cold-start import ${ms.toFixed(0)} ms`);
    await expect(measureColdStart(zip, { ...sampleEnv(result.plugins), OCSFX_FORMAT: 'xml' })).rejects.toThrow(
      /OCSFX_FORMAT: "xml" is not an output format/,
    );
    await expect(measureColdStart(zip, { ...sampleEnv(result.plugins), OCSFX_SOURCE_NAME: 'one' })).rejects.toThrow(
      /OCSFX_SOURCE_NAME: .*classes/,
    );
  });

  it.skipIf(!hasAwsCli)(
    'the bundled sqsHandler translates an object from the S3 server, validating with the bundled schema',
    async () => {
      s3 = await startS3(['raw', 'lake']);
      const unpacked = join(dir, 'unpacked');
      const files = unzipSync(new Uint8Array(readFileSync(zip)));
      rmSync(unpacked, { recursive: true, force: true });
      (await import('node:fs')).mkdirSync(unpacked);
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(unpacked, name), bytes);
      writeFileSync(join(dir, 'flow.log'), VPC_LINES);
      await aws(s3.endpoint, ['s3', 'cp', join(dir, 'flow.log'), 's3://raw/AWSLogs/flow.log', '--only-show-errors']);
      const event = {
        Records: [
          {
            messageId: 'm-1',
            body: JSON.stringify({
              Records: [
                {
                  eventSource: 'aws:s3',
                  eventName: 'ObjectCreated:Put',
                  s3: { bucket: { name: 'raw' }, object: { key: 'AWSLogs/flow.log' } },
                },
              ],
            }),
          },
        ],
      };
      const script = `import { ${BUNDLE_HANDLERS.sqs} as h } from ${JSON.stringify(join(unpacked, 'index.mjs'))}; process.stdout.write('\\n' + JSON.stringify(await h(${JSON.stringify(event)})));`;
      const { stdout } = await run(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
        cwd: unpacked,
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: REGION,
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_ENDPOINT_URL_S3: s3.endpoint,
          OCSFX_S3_FORCE_PATH_STYLE: 'true',
          OCSFX_OUTPUT_BUCKET: 'lake',
          OCSFX_SOURCE_NAME: '4001=vpc-flow,3002=cloudtrail-auth',
          OCSFX_VALIDATE: 'true',
        },
      });
      const lines = stdout.trim().split('\n');
      expect(JSON.parse(lines.at(-1) as string)).toEqual({ batchItemFailures: [] });
      const metric = JSON.parse(lines.find((l) => l.includes('"_aws"')) as string);
      expect(metric).toMatchObject({
        RecordsIn: 3,
        Translated: 2,
        Rejected: 1,
        outcome: 'translated',
        source: 'vpc-flow',
      });
      const keys = await listKeys(s3.endpoint, 'lake');
      expect(
        keys.filter((k) => k.startsWith('ext/vpc-flow/region=unknown/accountId=123456789010/eventDay=20141214/')),
      ).toHaveLength(1);
      expect(keys.filter((k) => k.startsWith('rejects/vpc-flow/'))).toHaveLength(1);
    },
    60_000,
  );
});

describe('the CloudFormation template', () => {
  const resources = template['Resources'] as Json;
  const ofType = (type: string) => Object.values(resources).filter((r: Json) => r['Type'] === type) as Json[];
  const fn = ofType('AWS::Lambda::Function')[0] as Json;

  it('runs the bundle’s SQS handler on Node.js 22 with partial batch responses', () => {
    expect(fn['Properties']['Handler']).toBe(`index.${BUNDLE_HANDLERS.sqs}`);
    expect(fn['Properties']['Runtime']).toBe('nodejs22.x');
    const mapping = ofType('AWS::Lambda::EventSourceMapping')[0] as Json;
    expect(mapping['Properties']['FunctionResponseTypes']).toEqual(['ReportBatchItemFailures']);
    expect(mapping['Properties']['BatchSize']).toBe(10);
  });

  it('sets only variables the code reads, and every required one', () => {
    const vars = Object.keys(fn['Properties']['Environment']['Variables']);
    const known = new Set([...Object.keys(ENV_VARS), 'AWS_MAX_ATTEMPTS']);
    expect(vars.filter((v) => !known.has(v))).toEqual([]);
    expect(vars).toEqual(
      expect.arrayContaining(['OCSFX_OUTPUT_BUCKET', 'OCSFX_SOURCE_NAME', 'OCSFX_OUTPUT_PREFIX', 'OCSFX_FORMAT']),
    );
  });

  it('feeds the queue from the bucket, with a dead-letter queue and a visibility timeout ≥ 6 × the function timeout', () => {
    const queue = resources['ObjectQueue']['Properties'];
    expect(queue['RedrivePolicy']['deadLetterTargetArn']).toEqual({ 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] });
    const params = template['Parameters'] as Json;
    expect(params['QueueVisibilityTimeout']['Default']).toBeGreaterThanOrEqual(6 * params['Timeout']['Default']);
    const notification = resources['SourceBucket']['Properties']['NotificationConfiguration']['QueueConfigurations'][0];
    expect(notification).toMatchObject({
      Event: 's3:ObjectCreated:*',
      Queue: { 'Fn::GetAtt': ['ObjectQueue', 'Arn'] },
    });
    const statement = resources['ObjectQueuePolicy']['Properties']['PolicyDocument']['Statement'][0];
    expect(statement).toMatchObject({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sqs:SendMessage' });
  });

  it('grants the S3 actions the code calls, on the right buckets, and the queue actions Lambda needs', () => {
    // The SDK commands the built code sends, as IAM actions (GetObject with a VersionId needs GetObjectVersion).
    const dist = join(here, 'dist');
    // cli-support.js serves the ocsfx CLI (with the user's credentials), bundle.js and cli.js the bundler.
    const code = readdirSync(dist)
      .filter((f) => f.endsWith('.js') && !['cli-support.js', 'cli.js', 'bundle.js'].includes(f))
      .map((f) => readFileSync(join(dist, f), 'utf8'))
      .join('\n');
    const commands = [...new Set([...code.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] as string))].sort();
    expect(commands).toEqual(['GetObject', 'PutObject']);
    const role = resources['FunctionRole']['Properties'];
    const statements = role['Policies'][0]['PolicyDocument']['Statement'] as Json[];
    const allowed = (action: string) => statements.filter((s) => (s['Action'] as string[]).includes(action));
    expect(allowed('s3:GetObject')[0]?.['Resource']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:s3:::${SourceBucketName}/*',
    });
    expect(allowed('s3:GetObjectVersion')).toHaveLength(1);
    expect(allowed('s3:PutObject')[0]?.['Resource']).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:s3:::${OutputBucket}/${OutputPrefix}*',
    });
    for (const a of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'])
      expect(allowed(a), a).toHaveLength(1);
    const everything = statements.flatMap((s) => s['Action'] as string[]);
    expect(everything.filter((a) => a.endsWith('*'))).toEqual([]);
  });
});
