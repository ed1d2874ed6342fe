/**
 * One test world: s3rver with a source bucket and a lake bucket, local-aws-sqs with a queue and its
 * dead-letter queue (redrive after `maxReceiveCount`), and S3's notifications delivered to the queue: each
 * event s3rver emits is sent to SQS (rewritten into Amazon S3's form unless `s3rverForm` is set).
 */

import type { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { asAmazonS3 } from './notify.js';
import { type S3Server, type SqsServer, s3Client, sqsClient, startS3, startSqs } from './servers.js';

export const SOURCE_BUCKET = 'raw-logs';
export const LAKE_BUCKET = 'security-lake';

export interface Lake {
  s3: S3Server;
  sqsServer: SqsServer;
  s3Client: S3Client;
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  dlqUrl: string;
  /** Resolves when every notification emitted so far has been sent to the queue. */
  delivered(): Promise<void>;
  /** Every message body sent to the queue so far. */
  sent: string[];
  /** Sends these bodies to the queue again. */
  send(bodies: readonly string[]): Promise<void>;
  /** Send notifications in s3rver's own form (unencoded keys) instead of Amazon S3's. */
  setForm(form: 'amazon' | 's3rver'): void;
  close(): Promise<void>;
}

export async function startLake(options: { maxReceiveCount?: number } = {}): Promise<Lake> {
  const s3 = await startS3([SOURCE_BUCKET, LAKE_BUCKET]);
  const sqsServer = await startSqs();
  const sqs = sqsClient(sqsServer.endpoint);
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'ocsfx-dlq' }));
  const dlqUrl = dlq.QueueUrl as string;
  const dlqAttrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: 'ocsfx-objects',
      Attributes: {
        VisibilityTimeout: '1',
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlqAttrs.Attributes?.['QueueArn'],
          maxReceiveCount: options.maxReceiveCount ?? 3,
        }),
      },
    }),
  );
  const queueUrl = queue.QueueUrl as string;
  const queueAttrs = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  let form: 'amazon' | 's3rver' = 'amazon';
  const pending = new Set<Promise<unknown>>();
  const sent: string[] = [];
  s3.onEvent((event) => {
    const records = (event as { Records: { s3: { bucket: { name: string } } }[] }).Records;
    if (records[0]?.s3.bucket.name !== SOURCE_BUCKET) return;
    const body = JSON.stringify(form === 'amazon' ? asAmazonS3(event) : event);
    sent.push(body);
    const p = sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    pending.add(p);
    p.finally(() => pending.delete(p));
  });
  return {
    s3,
    sqsServer,
    s3Client: s3Client(s3.endpoint),
    sqs,
    queueUrl,
    queueArn: queueAttrs.Attributes?.['QueueArn'] as string,
    dlqUrl,
    sent,
    async send(bodies) {
      for (const body of bodies) {
        sent.push(body);
        await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      }
    },
    async delivered() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    setForm(f) {
      form = f;
    },
    async close() {
      await sqsServer.close();
      await s3.close();
    },
  };
}
