/**
 * @ocsfx/plugin-cloudtrail-auth — AWS CloudTrail sign-in and role-assumption events → OCSF
 * Authentication (3002), in OCSF 1.0.0-rc.2 (the dossier, default) or 1.1.0.
 */
import { definePlugin, type TranslatorOptions } from '@ocsfx/core';
import { detectCloudTrail } from './detect.js';
import { DEFAULT_VERSION, SUPPORTED_VERSIONS, VERSIONS } from './mapping.js';
import { createCloudTrailTranslator } from './translate.js';

export { AUTH_EVENTS } from './activities.js';
export { REASON, type ReasonCode } from './reasons.js';

export default definePlugin({
  id: 'cloudtrail-auth',
  title: 'AWS CloudTrail authentication',
  apiVersion: 1,
  ocsf: { classUid: 3002, className: 'Authentication', versions: SUPPORTED_VERSIONS, defaultVersion: DEFAULT_VERSION },
  inputs: ['json'],
  detect: detectCloudTrail,
  createTranslator(options: TranslatorOptions) {
    const version = options.ocsfVersion || DEFAULT_VERSION;
    const profile = VERSIONS[version];
    if (profile === undefined) {
      throw new Error(
        `OCSF version ${version} is not supported by cloudtrail-auth; choose one of ${SUPPORTED_VERSIONS.join(', ')}`,
      );
    }
    return createCloudTrailTranslator(profile);
  },
});
