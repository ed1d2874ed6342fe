import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decodeEventKey, parseNotification, type SqsBatchResponse, type SqsEvent } from '../src/index.js';
import { asAmazonS3, encodeEventKey, eventBridgeEvent, testEvent } from './helpers/notify.js';

const s3Event = (key: string, extra: Record<string, unknown> = {}) => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: 'logs' }, object: { key, size: 10, eTag: 'abc', ...extra } },
    },
  ],
});

describe('S3 event keys', () => {
  it('decodes + as a space and %xx as UTF-8, as S3 encodes keys in notifications', () => {
    expect(decodeEventKey('odd+keys/vpc+flow%2Bv2+%28copy%29+%C3%A9.log')).toBe('odd keys/vpc flow+v2 (copy) é.log');
    expect(decodeEventKey('year%3D2024/flow%25logs.gz')).toBe('year=2024/flow%logs.gz');
    expect(decodeEventKey('bad%zzsequence+x')).toBe('bad%zzsequence x');
  });

  it('round-trips every key through S3’s encoding', () => {
    for (const key of ['a b+c', 'AWSLogs/1/vpcflowlogs/eu-west-1/2024/01/02/x.log.gz', '日本/ü?&=#%', "it's (1)!"]) {
      expect(decodeEventKey(encodeEventKey(key))).toBe(key);
    }
  });
});

describe('parseNotification', () => {
  it('reads an S3 notification, keeping the literal key when it differs from the decoded one', () => {
    expect(parseNotification(JSON.stringify(s3Event('a+b%2Bc', { versionId: 'v1' })))).toEqual({
      kind: 'objects',
      objects: [{ bucket: 'logs', key: 'a b+c', eventKey: 'a+b%2Bc', versionId: 'v1', eTag: 'abc', size: 10 }],
    });
  });

  it('reads the multipart form of both S3 (CompleteMultipartUpload) and s3rver (Post)', () => {
    const raw = s3Event('k');
    raw.Records[0]!.eventName = 'ObjectCreated:Post';
    expect(parseNotification(JSON.stringify(raw)).kind).toBe('objects');
    const amazon = asAmazonS3(raw) as typeof raw;
    expect(amazon.Records[0]?.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(parseNotification(JSON.stringify(amazon)).kind).toBe('objects');
  });

  it('reads EventBridge S3 events and SNS-wrapped notifications', () => {
    expect(parseNotification(JSON.stringify(eventBridgeEvent('logs', 'x/y.gz', 5, 'e1', 'v9')))).toEqual({
      kind: 'objects',
      objects: [{ bucket: 'logs', key: 'x/y.gz', versionId: 'v9', eTag: 'e1', size: 5 }],
    });
    const sns = { Type: 'Notification', MessageId: 'm', Message: JSON.stringify(s3Event('k')) };
    expect(parseNotification(JSON.stringify(sns)).kind).toBe('objects');
  });

  it('ignores s3:TestEvent, deletions and other EventBridge events', () => {
    expect(parseNotification(JSON.stringify(testEvent('logs')))).toEqual({ kind: 'ignored', reason: 's3:TestEvent' });
    const removed = s3Event('k');
    removed.Records[0]!.eventName = 'ObjectRemoved:Delete';
    expect(parseNotification(JSON.stringify(removed)).kind).toBe('ignored');
    const deleted = { ...eventBridgeEvent('b', 'k', 1, 'e'), 'detail-type': 'Object Deleted' };
    expect(parseNotification(JSON.stringify(deleted)).kind).toBe('ignored');
  });

  it('calls anything else invalid, with a reason', () => {
    expect(parseNotification('not json')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/not JSON/) });
    expect(parseNotification('[]').kind).toBe('invalid');
    expect(parseNotification('{"Records":[{"eventSource":"aws:sqs"}]}').kind).toBe('invalid');
    expect(parseNotification(JSON.stringify(s3Event(''))).kind).toBe('invalid');
  });

  it('has event types that match @types/aws-lambda', () => {
    // Compile-time: Lambda's SQS event is a valid input, and the handler's response a valid SQSBatchResponse.
    const asInput = (e: SQSEvent): SqsEvent => e;
    const asOutput = (r: SqsBatchResponse): SQSBatchResponse => r;
    expect(asOutput(asInput({ Records: [] }) as unknown as SqsBatchResponse)).toBeDefined();
  });
});
