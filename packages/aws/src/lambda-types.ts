/**
 * The Lambda event shapes the handlers use, declared here so that users of the package need no
 * `@types/aws-lambda`; the tests check they match it.
 */

export interface SqsRecord {
  messageId: string;
  receiptHandle?: string;
  body: string;
  attributes?: { ApproximateReceiveCount?: string };
  eventSource?: string;
  eventSourceARN?: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** Partial batch response: only these messages return to the queue (needs `ReportBatchItemFailures`). */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface FirehoseRecord {
  recordId: string;
  /** Base64. */
  data: string;
  approximateArrivalTimestamp?: number;
}

export interface FirehoseEvent {
  invocationId?: string;
  deliveryStreamArn?: string;
  region?: string;
  records: FirehoseRecord[];
}

export interface FirehoseResultRecord {
  recordId: string;
  result: 'Ok' | 'Dropped' | 'ProcessingFailed';
  /** Base64. */
  data: string;
  metadata?: { partitionKeys: Record<string, string> };
}

export interface FirehoseResult {
  records: FirehoseResultRecord[];
}
