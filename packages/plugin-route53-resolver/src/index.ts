/**
 * @ocsfx/plugin-route53-resolver — Amazon Route 53 Resolver query logs (S3 JSON lines or CloudWatch Logs,
 * DNS Firewall fields included) → OCSF DNS Activity (4003), in OCSF 1.1.0.
 */
import { definePlugin } from '@ocsfx/core';
import { detectQueryLogs } from './detect.js';
import { DEFAULT_VERSION, FIREWALL_ACTION, OCSF_VERSIONS, RCODE } from './mapping.js';
import { createTranslator } from './translate.js';

export { REASON, type ReasonCode } from './reasons.js';
export { FIREWALL_ACTION, RCODE };

export default definePlugin({
  id: 'route53-resolver',
  title: 'Amazon Route 53 Resolver query logs',
  apiVersion: 1,
  ocsf: { classUid: 4003, className: 'DNS Activity', versions: OCSF_VERSIONS, defaultVersion: DEFAULT_VERSION },
  inputs: ['json'],
  detect: detectQueryLogs,
  createTranslator(options) {
    const version = options.ocsfVersion || DEFAULT_VERSION;
    if (!(OCSF_VERSIONS as readonly string[]).includes(version)) {
      throw new Error(
        `OCSF version ${version} is not supported by route53-resolver; choose one of ${OCSF_VERSIONS.join(', ')}`,
      );
    }
    return createTranslator(version);
  },
});
