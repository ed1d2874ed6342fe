import { decodeEventKey, type ObjectRef } from './s3-names.js';

/**
 * What one SQS message asks for: objects to translate, or nothing (a test event, a deletion), or a body
 * this function cannot read (its message fails and ends in the dead-letter queue, visible).
 */
export type Notification =
  | { kind: 'objects'; objects: ObjectRef[] }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

type Json = Record<string, unknown>;

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function ref(bucket: string, eventKey: string, versionId?: string, eTag?: string, size?: number): ObjectRef {
  const key = decodeEventKey(eventKey);
  return {
    bucket,
    key,
    ...(key !== eventKey ? { eventKey } : {}),
    ...(versionId ? { versionId } : {}),
    ...(eTag ? { eTag } : {}),
    ...(size !== undefined ? { size } : {}),
  };
}

/**
 * Reads an SQS message body: an S3 event notification (`{"Records":[…]}`, from S3 directly or wrapped by
 * SNS), or an S3 event from EventBridge (`source: aws.s3`, `detail-type: Object Created`). `s3:TestEvent`
 * (sent when a notification is configured) and events other than object creation are ignored.
 */
export function parseNotification(body: string): Notification {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    return { kind: 'invalid', reason: `the message body is not JSON (${(err as Error).message})` };
  }
  let doc = obj(parsed);
  if (!doc) return { kind: 'invalid', reason: 'the message body is not a JSON object' };
  // S3 → SNS → SQS: the notification is the SNS message's text.
  if (doc['Type'] === 'Notification' && typeof doc['Message'] === 'string') return parseNotification(doc['Message']);
  if (doc['Event'] === 's3:TestEvent') return { kind: 'ignored', reason: 's3:TestEvent' };

  if (doc['source'] === 'aws.s3' && obj(doc['detail'])) {
    const type = str(doc['detail-type']) ?? '';
    if (type !== 'Object Created') return { kind: 'ignored', reason: `EventBridge ${type || 'event'}` };
    doc = doc['detail'] as Json;
    const bucket = str(obj(doc['bucket'])?.['name']);
    const object = obj(doc['object']);
    const key = str(object?.['key']);
    if (!bucket || !key) return { kind: 'invalid', reason: 'the EventBridge S3 event names no bucket or key' };
    return {
      kind: 'objects',
      objects: [ref(bucket, key, str(object?.['version-id']), str(object?.['etag']), num(object?.['size']))],
    };
  }

  const records = doc['Records'];
  if (!Array.isArray(records)) {
    return { kind: 'invalid', reason: 'the message is neither an S3 event notification nor an EventBridge S3 event' };
  }
  const objects: ObjectRef[] = [];
  const ignored: string[] = [];
  for (const [i, r] of records.entries()) {
    const record = obj(r);
    const name = str(record?.['eventName']) ?? '';
    if (record?.['eventSource'] !== 'aws:s3') return { kind: 'invalid', reason: `Records[${i}] is not an S3 event` };
    // ObjectCreated:Put, :Post, :Copy, :CompleteMultipartUpload — every way an object comes to be.
    if (!name.startsWith('ObjectCreated:')) {
      ignored.push(name || 'unnamed event');
      continue;
    }
    const s3 = obj(record['s3']);
    const bucket = str(obj(s3?.['bucket'])?.['name']);
    const object = obj(s3?.['object']);
    const key = str(object?.['key']);
    if (!bucket || !key) return { kind: 'invalid', reason: `Records[${i}] names no bucket or key` };
    objects.push(ref(bucket, key, str(object?.['versionId']), str(object?.['eTag']), num(object?.['size'])));
  }
  if (objects.length === 0) return { kind: 'ignored', reason: ignored.join(', ') || 'no records' };
  return { kind: 'objects', objects };
}
