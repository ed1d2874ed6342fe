/**
 * Lambda's SQS event source mapping, played against the real SQS server: receive up to 10 messages with a
 * visibility timeout, invoke the handler with them as an SQS event, delete the messages that did not come
 * back in `batchItemFailures`. A handler that throws (or a process that dies) deletes nothing: every
 * message of the batch becomes visible again after the timeout, as in Lambda.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SqsBatchResponse, SqsEvent } from '../../src/index.js';

export interface PollOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn?: string;
  invoke: (event: SqsEvent) => Promise<SqsBatchResponse>;
  visibilityTimeout?: number;
  /** Stop after this many batches (default: until the queue is empty, visible and in flight). */
  maxBatches?: number;
  /** Stop when this returns true after a batch. */
  until?: () => boolean | Promise<boolean>;
}

export interface PollStats {
  batches: number;
  invocations: number;
  crashed: number;
  deleted: number;
  failedMessages: number;
}

export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes: a } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(a?.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a?.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

export async function poll(options: PollOptions): Promise<PollStats> {
  const { sqs, queueUrl } = options;
  const stats: PollStats = { batches: 0, invocations: 0, crashed: 0, deleted: 0, failedMessages: 0 };
  for (;;) {
    if (options.maxBatches !== undefined && stats.batches >= options.maxBatches) return stats;
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: options.visibilityTimeout ?? 30,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    if (Messages.length === 0) {
      if (options.until && (await options.until())) return stats;
      const depth = await queueDepth(sqs, queueUrl);
      if (depth.visible === 0 && depth.inFlight === 0) return stats;
      continue;
    }
    stats.batches++;
    const event: SqsEvent = {
      Records: Messages.map((m) => ({
        messageId: m.MessageId as string,
        receiptHandle: m.ReceiptHandle as string,
        body: m.Body ?? '',
        attributes: { ...(m.Attributes ?? {}) },
        eventSource: 'aws:sqs',
        eventSourceARN: options.queueArn ?? 'arn:aws:sqs:us-east-1:123456789012:queue',
      })),
    };
    stats.invocations++;
    let failed: Set<string>;
    try {
      const response = await options.invoke(event);
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch {
      stats.crashed++;
      continue;
    }
    stats.failedMessages += failed.size;
    const done = Messages.filter((m) => !failed.has(m.MessageId as string));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
      stats.deleted += done.length;
    }
    if (options.until && (await options.until())) return stats;
  }
}
