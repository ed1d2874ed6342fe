/** The Firehose transformation handler: one result per recordId, Ok / Dropped / ProcessingFailed. */
import { gzipSync } from 'node:zlib';
import cloudtrail from '@ocsfx/plugin-cloudtrail-auth';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import type { FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, createFirehoseHandler, type FirehoseEvent, type FirehoseResult } from '../src/index.js';
import { hasAwsCli, listKeys } from './helpers/aws-cli.js';
import { type S3Server, s3Client, startS3 } from './helpers/servers.js';

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const ok1 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const ok2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK';
const badPort =
  '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 99999 6 20 4249 1418530010 1418530070 REJECT OK';
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

/** A CloudWatch Logs subscription batch as Firehose receives it: gzip JSON, flow log lines without a header. */
function cloudWatchBatch(lines: string[]): Buffer {
  return gzipSync(
    JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '123456789010',
      logGroup: 'vpc-flow-logs',
      logStream: 'eni-1235b8ca123456789-all',
      subscriptionFilters: ['to-firehose'],
      logEvents: lines.map((message, i) => ({ id: String(i), timestamp: 1418530010000, message })),
    }),
  );
}

describe.skipIf(!hasAwsCli)('createFirehoseHandler', () => {
  let s3: S3Server;
  const lines: Record<string, unknown>[] = [];
  let handler: (e: FirehoseEvent) => Promise<FirehoseResult>;

  beforeAll(async () => {
    s3 = await startS3(['lake']);
    handler = createFirehoseHandler({
      plugins: [vpc, cloudtrail],
      config: configFromEnv({ OCSFX_OUTPUT_BUCKET: 'lake', OCSFX_SOURCE_NAME: '4001=vpc-flow,3002=cloudtrail-auth' }),
      s3: s3Client(s3.endpoint),
      log: (l) => lines.push(JSON.parse(l) as Record<string, unknown>),
    });
  });
  afterAll(() => s3?.close());

  it('gives each record exactly one result: Ok with its events, Dropped, ProcessingFailed with the reason', async () => {
    const signin = JSON.stringify({
      Records: [
        {
          eventVersion: '1.08',
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          eventTime: '2024-01-01T00:00:00Z',
          awsRegion: 'us-east-1',
          recipientAccountId: '111122223333',
          userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/a', accountId: '111122223333' },
          responseElements: { ConsoleLogin: 'Success' },
        },
      ],
    });
    const other = JSON.stringify({
      Records: [
        {
          eventVersion: '1.08',
          eventSource: 'ec2.amazonaws.com',
          eventName: 'DescribeInstances',
          eventTime: '2024-01-01T00:00:00Z',
          awsRegion: 'us-east-1',
          recipientAccountId: '111122223333',
          userIdentity: { type: 'IAMUser' },
        },
      ],
    });
    const event: FirehoseEvent = {
      invocationId: 'inv-1',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789010:deliverystream/flow',
      records: [
        { recordId: 'r-text', data: b64(`${HEADER}\n${ok1}\n${badPort}\n${ok2}\n`) },
        { recordId: 'r-cwl', data: b64(cloudWatchBatch([ok1, ok2])) },
        { recordId: 'r-signin', data: b64(signin) },
        { recordId: 'r-skipped', data: b64(other) },
        { recordId: 'r-rejected', data: b64(`${HEADER}\n${badPort}\n`) },
        { recordId: 'r-unknown', data: b64('hello, this is not a log\n') },
      ],
    };
    const { records } = await handler(event);
    expect(records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
    const byId = Object.fromEntries(records.map((r) => [r.recordId, r]));
    const events = (id: string) =>
      Buffer.from(byId[id]?.data ?? '', 'base64')
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);

    expect(byId['r-text']?.result).toBe('Ok');
    expect(events('r-text').map((e) => e['class_uid'])).toEqual([4001, 4001]);
    expect(byId['r-text']?.metadata).toEqual({
      partitionKeys: { region: 'unknown', accountId: '123456789010', eventDay: '20141214' },
    });
    expect(byId['r-cwl']?.result).toBe('Ok');
    expect(events('r-cwl')).toHaveLength(2);
    expect(byId['r-signin']?.result).toBe('Ok');
    expect(events('r-signin').map((e) => e['class_uid'])).toEqual([3002]);
    expect(byId['r-skipped']).toEqual({ recordId: 'r-skipped', result: 'Dropped', data: event.records[3]?.data });
    expect(byId['r-rejected']).toMatchObject({
      result: 'ProcessingFailed',
      data: event.records[4]?.data,
      metadata: { partitionKeys: { ocsfx_code: expect.stringMatching(/^vpc\//) } },
    });
    expect(byId['r-unknown']).toMatchObject({
      result: 'ProcessingFailed',
      metadata: { partitionKeys: { ocsfx_code: 'aws/no-plugin' } },
    });

    // The reject of the record that also had events is kept in the rejects prefix, not lost.
    const keys = await listKeys(s3.endpoint, 'lake', 'rejects/');
    expect(keys).toHaveLength(1);
    const line = lines.at(-1) as Record<string, unknown>;
    expect(line).toMatchObject({ Rejected: 2, Skipped: 1, Failed: 0 });
    expect(line['RecordsIn'] as number).toBe((line['Translated'] as number) + 1 + 2);
  });

  it('has event and result types that match @types/aws-lambda', () => {
    const asInput = (e: FirehoseTransformationEvent): FirehoseEvent => e;
    const asOutput = (r: FirehoseResult): FirehoseTransformationResult => r;
    expect(
      asOutput({
        records: asInput({ invocationId: 'i', deliveryStreamArn: 'a', region: 'r', records: [] }).records.map((r) => ({
          recordId: r.recordId,
          result: 'Ok' as const,
          data: r.data,
        })),
      }),
    ).toEqual({ records: [] });
  });
});
