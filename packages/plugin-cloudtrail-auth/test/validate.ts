/**
 * Schema validation for tests: core's validator (ajv over the official schema data) plus the small
 * structural check in schema-check.ts, both reading ../shared/ocsf-schema/<version>.
 */
import { createValidator } from '@ocsfx/core';
import { shared } from '@ocsfx/vitest-config/shared';
import { SchemaCheck } from './schema-check.js';

export type EventValidator = (event: Record<string, unknown>) => string[];

const cache = new Map<string, EventValidator>();

export function validatorFor(version: string): EventValidator {
  let v = cache.get(version);
  if (v === undefined) {
    const dir = shared('ocsf-schema', version);
    const core = createValidator({ version, classUid: 3002, schemaDir: dir });
    const local = new SchemaCheck(dir);
    v = (event) => [
      ...core.validate(event).map((i) => `core ${i.code} ${i.pointer}: ${i.message}`),
      ...local.check(event, 'authentication').map((p) => `local ${p}`),
    ];
    cache.set(version, v);
  }
  return v;
}
