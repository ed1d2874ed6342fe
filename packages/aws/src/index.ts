/**
 * @ocsfx/aws — ocsfx where the logs live: an SQS handler for S3 event notifications and a Firehose
 * transformation handler around core's pipeline, S3 objects as inputs, outputs in the Security Lake
 * custom-source layout. The only ocsfx package that depends on the AWS SDK.
 */
export { listS3Inputs, openS3Input, uploadDirectory } from './cli-support.js';
export { type AwsConfig, ConfigError, configFromEnv, ENV_VARS, type EnvVar, type OutputFormat } from './config.js';
export { createFirehoseHandler, type FirehoseHandler } from './firehose-handler.js';
export type * from './lambda-types.js';
export { METRIC_NAMESPACE, metricLine } from './metrics.js';
export { type Notification, parseNotification } from './notifications.js';
export { type ObjectResult, processObject } from './process-object.js';
export { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
export { decodeEventKey, type ObjectRef, objectId, parseS3Uri } from './s3-names.js';
export { createSqsHandler, type SqsHandler } from './sqs-handler.js';
