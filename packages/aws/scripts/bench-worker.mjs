// One "Lambda" of the scale benchmark: polls the queue as the SQS event source mapping does (batches of
// 10), runs the handler, deletes what succeeded, until the queue is empty; prints its figures as JSON.
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import cloudtrail from '@ocsfx/plugin-cloudtrail-auth';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import { createSqsHandler } from '../dist/index.js';

const [queueUrl, sqsEndpoint] = process.argv.slice(2);
const sqs = new SQSClient({ endpoint: sqsEndpoint });
const results = [];
const handler = createSqsHandler({
  plugins: [vpc, cloudtrail],
  log: (line) => {
    const l = JSON.parse(line);
    if (l.object) results.push({ bytesIn: l.BytesIn, ms: l.DurationMs, records: l.RecordsIn, failed: l.Failed });
  },
});
const started = performance.now();
const cpu0 = process.cpuUsage();
let empty = 0;
while (empty < 2) {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      VisibilityTimeout: 300,
      WaitTimeSeconds: 1,
    }),
  );
  if (Messages.length === 0) {
    empty++;
    continue;
  }
  empty = 0;
  const event = {
    Records: Messages.map((m) => ({ messageId: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body })),
  };
  const { batchItemFailures } = await handler(event);
  const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
  const done = Messages.filter((m) => !failed.has(m.MessageId));
  if (done.length) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    objects: results.length,
    failed: results.filter((r) => r.failed).length,
    bytesIn: results.reduce((n, r) => n + r.bytesIn, 0),
    records: results.reduce((n, r) => n + r.records, 0),
    handlerMs: results.reduce((n, r) => n + r.ms, 0),
    // The last idle polls are not work.
    wallMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
  })}\n`,
);
