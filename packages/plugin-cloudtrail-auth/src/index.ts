/**
 * @ocsfx/plugin-cloudtrail-auth — AWS CloudTrail sign-in and role-assumption events → OCSF
 * Authentication (3002), in OCSF 1.0.0-rc.2 (the dossier, default), 1.1.0, 1.5.0 or 1.8.0, from one mapping
 * (mapping.ts) whose per-version differences are since tables.
 */
import { definePlugin, type TranslatorOptions } from '@ocsfx/core';
import { detectCloudTrail } from './detect.js';
import { DEFAULT_VERSION, OCSF_VERSIONS, profileFor } from './mapping.js';
import { createCloudTrailTranslator } from './translate.js';

export { AUTH_EVENTS } from './activities.js';
export { AUTH_FACTORS, BY_VERSION, DEFAULT_VERSION, MAPPING, OCSF_VERSIONS } from './mapping.js';
export { REASON, type ReasonCode } from './reasons.js';

export default definePlugin({
  id: 'cloudtrail-auth',
  title: 'AWS CloudTrail authentication',
  apiVersion: 1,
  ocsf: { classUid: 3002, className: 'Authentication', versions: OCSF_VERSIONS, defaultVersion: DEFAULT_VERSION },
  inputs: ['json'],
  detect: detectCloudTrail,
  createTranslator(options: TranslatorOptions) {
    // Throws, naming every supported version, for one this plugin does not emit.
    return createCloudTrailTranslator(profileFor(options.ocsfVersion || DEFAULT_VERSION));
  },
});
