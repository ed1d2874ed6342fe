/**
 * Schema validation for tests: core's validator (ajv over the official schema data) plus the small
 * structural check in schema-check.ts, both reading ../shared/ocsf-schema/<version>.
 */
import { createValidator, type OcsfValidator } from '@ocsfx/core';
import { shared } from '@ocsfx/vitest-config/shared';
import { SchemaCheck } from './schema-check.js';

export type EventValidator = (event: Record<string, unknown>) => string[];

const LOCAL_CHECK_VERSIONS = new Set(['1.0.0-rc.2', '1.1.0']);
const cores = new Map<string, OcsfValidator>();
const cache = new Map<string, EventValidator>();

function coreFor(version: string): OcsfValidator {
  let v = cores.get(version);
  if (v === undefined) {
    v = createValidator({ version, classUid: 3002, schemaDir: shared('ocsf-schema', version) });
    cores.set(version, v);
  }
  return v;
}

export function validatorFor(version: string): EventValidator {
  let v = cache.get(version);
  if (v === undefined) {
    const core = coreFor(version);
    // The local check knows no profiles: from 1.5.0 the class includes profile attributes marked required
    // (`osint`), which it would demand of every event. Core's validator, which applies profiles, is the
    // authority; the local one is a second opinion where it reads the layout right.
    const local = LOCAL_CHECK_VERSIONS.has(version) ? new SchemaCheck(shared('ocsf-schema', version)) : undefined;
    v = (event) => [
      ...core.validate(event).map((i) => `core ${i.code} ${i.pointer}: ${i.message}`),
      ...(local?.check(event, 'authentication').map((p) => `local ${p}`) ?? []),
    ];
    cache.set(version, v);
  }
  return v;
}

/** The attributes and enum values of an event that the version's schema marks deprecated; [] when none. */
export function deprecationsFor(version: string): EventValidator {
  const core = coreFor(version);
  return (event) => core.deprecations(event).map((i) => `${i.pointer}: ${i.message}`);
}
