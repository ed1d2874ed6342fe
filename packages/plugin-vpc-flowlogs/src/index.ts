/**
 * @ocsfx/plugin-vpc-flowlogs — Amazon VPC Flow Logs (versions 2–8; S3 text, CloudWatch Logs, CSV,
 * Parquet) → OCSF 1.1.0 Network Activity (4001), as the dossier and DESIGN §6 specify.
 */
import { definePlugin, type TranslatorOptions } from '@ocsfx/core';
import { detectVpcFlowLogs } from './detect.js';
import { OCSF_VERSION } from './mapping.js';
import { createVpcTranslator } from './translate.js';
import { isVpcHeader, parseLogFormat } from './vpc-format.js';

export { DEFAULT_FORMAT, FIELDS, type FieldSpec, type FieldType } from './fields.js';
export { MAPPING, type MappingRow } from './mapping.js';
export { REASON, type ReasonCode } from './reasons.js';
export { parseLogFormat, VpcFormatError } from './vpc-format.js';

export default definePlugin({
  id: 'vpc-flowlogs',
  title: 'Amazon VPC Flow Logs',
  apiVersion: 1,
  ocsf: { classUid: 4001, className: 'Network Activity', versions: [OCSF_VERSION], defaultVersion: OCSF_VERSION },
  inputs: ['text', 'csv', 'parquet', 'json'],
  options: [
    {
      name: 'vpc-format',
      description: `The flow log's format for records without a header line (CloudWatch Logs), as its LogFormat: '\${version} \${account-id} \${interface-id} …'. Without it, only the AWS default format is recognised.`,
      type: 'string',
    },
    {
      name: 'skip-nodata',
      description:
        'Drop NODATA and SKIPDATA records (counted as skipped) instead of emitting them as activity Unknown.',
      type: 'boolean',
    },
  ],
  text: { isHeader: isVpcHeader },
  detect: detectVpcFlowLogs,
  createTranslator(options: TranslatorOptions) {
    const version = options.ocsfVersion || OCSF_VERSION;
    if (version !== OCSF_VERSION) {
      throw new Error(`OCSF version ${version} is not supported by vpc-flowlogs; it emits ${OCSF_VERSION}`);
    }
    const format = options.options['vpc-format'];
    return createVpcTranslator({
      format: typeof format === 'string' && format.trim() !== '' ? parseLogFormat(format) : undefined,
      skipNodata: options.options['skip-nodata'] === true,
    });
  },
});
