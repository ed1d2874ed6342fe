/**
 * @ocsfx/plugin-route53-resolver — Amazon Route 53 Resolver query logs (S3 JSON lines or CloudWatch Logs,
 * DNS Firewall fields included) → OCSF DNS Activity (4003), in OCSF 1.1.0.
 */
import { definePlugin } from '@ocsfx/core';
import { detectQueryLogs } from './detect.js';
import { FIREWALL_ACTION, OCSF_VERSION, RCODE } from './mapping.js';
import { createTranslator } from './translate.js';

export { REASON, type ReasonCode } from './reasons.js';
export { FIREWALL_ACTION, RCODE };

export default definePlugin({
  id: 'route53-resolver',
  title: 'Amazon Route 53 Resolver query logs',
  apiVersion: 1,
  ocsf: { classUid: 4003, className: 'DNS Activity', versions: [OCSF_VERSION], defaultVersion: OCSF_VERSION },
  inputs: ['json'],
  detect: detectQueryLogs,
  createTranslator(options) {
    const version = options.ocsfVersion || OCSF_VERSION;
    if (version !== OCSF_VERSION) {
      throw new Error(`OCSF version ${version} is not supported by route53-resolver; choose ${OCSF_VERSION}`);
    }
    return createTranslator();
  },
});
