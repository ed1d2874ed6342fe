/**
 * S3 event notifications as Amazon S3 sends them. s3rver emits its own shape (keys not URL-encoded, a
 * completed multipart upload as `ObjectCreated:Post`); `asAmazonS3` rewrites one into S3's: the key
 * form-encoded (space as `+`, `/` kept, everything else outside [A-Za-z0-9-_.~*] as `%xx`) and
 * `ObjectCreated:CompleteMultipartUpload`.
 */

/** S3's encoding of a key in an event notification. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%2F/g, '/')
    .replace(/%20/g, '+')
    .replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

type Json = Record<string, unknown>;

export function asAmazonS3(event: unknown): Json {
  const copy = structuredClone(event) as { Records: Json[] };
  for (const r of copy.Records) {
    if (r['eventName'] === 'ObjectCreated:Post') r['eventName'] = 'ObjectCreated:CompleteMultipartUpload';
    const object = (r['s3'] as { object: Json }).object;
    object['key'] = encodeEventKey(object['key'] as string);
  }
  return copy;
}

/** The message S3 sends to a queue when a notification configuration is saved. */
export function testEvent(bucket: string): Json {
  return {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: new Date().toISOString(),
    Bucket: bucket,
    RequestId: 'C3D13FE58DE4C810',
    HostId: 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
  };
}

/** The same object creation as EventBridge delivers it to an SQS target. */
export function eventBridgeEvent(bucket: string, key: string, size: number, etag: string, versionId?: string): Json {
  return {
    version: '0',
    id: '17793124-05d4-b198-2fde-7ededc63b103',
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size, etag, ...(versionId ? { 'version-id': versionId } : {}), sequencer: '00617F08299329D189' },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      reason: 'PutObject',
    },
  };
}
