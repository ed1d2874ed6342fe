/**
 * ocsfx-plugin-acme-firewall — Acme Edge Firewall NDJSON logs → OCSF 1.1.0 Network Activity (4001).
 * The package's default export is the plugin object; the CLI finds the package by the `ocsfx-plugin`
 * keyword in its package.json and imports this file.
 */
import { definePlugin, type TranslatorOptions } from '@ocsfx/core';
import { detectAcme } from './detect.js';
import { OCSF_VERSION } from './mapping.js';
import { createAcmeTranslator } from './translate.js';

export { REASON, type ReasonCode } from './reasons.js';

export default definePlugin({
  id: 'acme-firewall',
  title: 'Acme Edge Firewall',
  apiVersion: 1,
  ocsf: { classUid: 4001, className: 'Network Activity', versions: [OCSF_VERSION], defaultVersion: OCSF_VERSION },
  inputs: ['json'],
  detect: detectAcme,
  // One OCSF version and no plugin options, so the options (already checked by the CLI) need no reading.
  createTranslator: (_options: TranslatorOptions) => createAcmeTranslator(),
});
