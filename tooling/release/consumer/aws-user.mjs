// Copied into a fresh npm project by the release rehearsal, after `npm install @ocsfx/aws
// @ocsfx/plugin-vpc-flowlogs` from the local registry: builds the SQS handler as a Lambda entry would, checks
// the cold-start configuration errors, and parses the notification forms. No AWS endpoint is contacted.
import { ConfigError, createSqsHandler, parseNotification } from '@ocsfx/aws';
import vpc from '@ocsfx/plugin-vpc-flowlogs';

const env = { OCSFX_OUTPUT_BUCKET: 'lake-bucket', OCSFX_SOURCE_NAME: 'vpc-flow', AWS_REGION: 'eu-west-1' };
let refused = '';
try {
  createSqsHandler({ plugins: [vpc], env: { ...env, OCSFX_FORMAT: 'csv' } });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  refused = error.variable;
}
const handler = createSqsHandler({ plugins: [vpc], env });
const test = await handler({
  Records: [{ messageId: 'm1', body: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' }) }],
});
const parsed = parseNotification(
  JSON.stringify({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'b' }, object: { key: 'a+b%2Bc' } },
      },
    ],
  }),
);
console.log(
  JSON.stringify({ refused, testEventFailures: test.batchItemFailures.length, key: parsed.objects?.[0]?.key }),
);
