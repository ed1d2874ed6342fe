/**
 * @ocsfx/plugin-vpc-flowlogs — Amazon VPC Flow Logs (versions 2–8; S3 text, CloudWatch Logs, CSV,
 * Parquet) → OCSF Network Activity (4001) in 1.0.0-rc.2, 1.1.0 (default), 1.5.0 or 1.8.0, as the dossier and
 * DESIGN §6 specify; versions.ts holds what differs between those versions.
 */
import { definePlugin, type TranslatorOptions } from '@ocsfx/core';
import { detectVpcFlowLogs } from './detect.js';
import { createVpcTranslator } from './translate.js';
import { DEFAULT_VERSION, OCSF_VERSIONS, targetFor } from './versions.js';
import { isVpcHeader, parseLogFormat } from './vpc-format.js';

export { DEFAULT_FORMAT, FIELDS, type FieldSpec, type FieldType } from './fields.js';
export { MAPPING, type MappingRow } from './mapping.js';
export { REASON, type ReasonCode } from './reasons.js';
export { BY_VERSION, DEFAULT_VERSION, OCSF_VERSIONS } from './versions.js';
export { parseLogFormat, VpcFormatError } from './vpc-format.js';

export default definePlugin({
  id: 'vpc-flowlogs',
  title: 'Amazon VPC Flow Logs',
  apiVersion: 1,
  ocsf: { classUid: 4001, className: 'Network Activity', versions: OCSF_VERSIONS, defaultVersion: DEFAULT_VERSION },
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
    // Throws, naming every supported version, for one this plugin does not emit.
    const version = targetFor(options.ocsfVersion || DEFAULT_VERSION).version;
    const format = options.options['vpc-format'];
    return createVpcTranslator({
      ocsfVersion: version,
      format: typeof format === 'string' && format.trim() !== '' ? parseLogFormat(format) : undefined,
      skipNodata: options.options['skip-nodata'] === true,
    });
  },
});
