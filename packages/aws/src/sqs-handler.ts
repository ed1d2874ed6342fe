import type { SqsBatchResponse, SqsEvent } from './lambda-types.js';
import { metricLine } from './metrics.js';
import { parseNotification } from './notifications.js';
import { processObject } from './process-object.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export type SqsHandler = (event: SqsEvent) => Promise<SqsBatchResponse>;

/**
 * The handler for an SQS queue fed by S3 event notifications (directly, through SNS, or through
 * EventBridge). Each message is one object: translated, its outputs written, one log line with its figures.
 * A message whose object failed is reported in `batchItemFailures`, so only it returns to the queue (and,
 * after the queue's maxReceiveCount, to its dead-letter queue). Configure the event source mapping with
 * `FunctionResponseTypes: [ReportBatchItemFailures]`.
 */
export function createSqsHandler(options: RuntimeOptions | { runtime: Runtime }): SqsHandler {
  const runtime = 'runtime' in options ? options.runtime : createRuntime(options);
  return async (event) => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      if (!(await handleMessage(runtime, record.messageId, record.body))) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/** Returns whether the message succeeded. Never throws: a failure is logged and reported. */
async function handleMessage(runtime: Runtime, messageId: string, body: string): Promise<boolean> {
  const log = (fields: Record<string, unknown>) => runtime.log(JSON.stringify({ messageId, ...fields }));
  const notification = parseNotification(body);
  if (notification.kind === 'ignored') {
    log({ message: `ignored: ${notification.reason}`, outcome: 'ignored' });
    return true;
  }
  if (notification.kind === 'invalid') {
    log({
      message: `failed: ${notification.reason}`,
      outcome: 'failed',
      error: { code: 'aws/invalid-message', message: notification.reason },
    });
    return false;
  }
  let ok = true;
  for (const ref of notification.objects) {
    try {
      const result = await processObject(runtime, ref);
      runtime.log(metricLine(result));
      if (result.outcome === 'failed') ok = false;
    } catch (err) {
      ok = false;
      const e = err as { name?: string; message?: string };
      log({
        message: `s3://${ref.bucket}/${ref.key}: failed`,
        object: `s3://${ref.bucket}/${ref.key}`,
        outcome: 'failed',
        error: { code: e?.name ? `aws/${e.name}` : 'aws/error', message: e?.message ?? String(err) },
      });
    }
  }
  return ok;
}
