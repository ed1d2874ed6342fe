/**
 * @ocsfx/plugin-cloudtrail — every AWS CloudTrail event that is not a sign-in → OCSF API Activity (6003),
 * and IAM changes to a user's or role's account → Account Change (3001), in OCSF 1.1.0 (default), 1.5.0 or
 * 1.8.0.
 */
import { definePlugin } from '@ocsfx/core';
import { detectCloudTrail } from './detect.js';
import { createTranslator, DEFAULT_VERSION, OCSF_VERSIONS } from './translate.js';

export { ACCOUNT_CHANGES, AUTHENTICATION_EVENTS, VERB_ACTIVITY } from './events.js';
export { REASON, type ReasonCode } from './reasons.js';

export default definePlugin({
  id: 'cloudtrail',
  title: 'AWS CloudTrail API activity and account changes',
  apiVersion: 1,
  ocsf: {
    classUid: 6003,
    className: 'API Activity',
    otherClasses: [{ classUid: 3001, className: 'Account Change' }],
    versions: OCSF_VERSIONS,
    defaultVersion: DEFAULT_VERSION,
  },
  inputs: ['json'],
  detect: detectCloudTrail,
  createTranslator(options) {
    const version = options.ocsfVersion || DEFAULT_VERSION;
    if (!(OCSF_VERSIONS as readonly string[]).includes(version)) {
      throw new Error(
        `OCSF version ${version} is not supported by cloudtrail; choose one of ${OCSF_VERSIONS.join(', ')}`,
      );
    }
    return createTranslator(version);
  },
});
