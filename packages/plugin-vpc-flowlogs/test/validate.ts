/** Schema validation for tests: core's validator over the official OCSF schema of each version in ../shared. */
import { createValidator, type OcsfValidator } from '@ocsfx/core';
import { shared } from '@ocsfx/vitest-config/shared';

const validators = new Map<string, OcsfValidator>();

function validator(version: string): OcsfValidator {
  let v = validators.get(version);
  if (!v) {
    v = createValidator({ version, classUid: 4001, schemaDir: shared('ocsf-schema', version) });
    validators.set(version, v);
  }
  return v;
}

/** Problems of an event against official OCSF Network Activity of `version` (1.1.0 by default); [] when valid. */
export function schemaProblems(event: unknown, version = '1.1.0'): string[] {
  return validator(version)
    .validate(event)
    .map((issue) => `${issue.code} ${issue.pointer}: ${issue.message}`);
}

/** Attributes and enum values of an event that the version's schema marks deprecated; [] when none. */
export function deprecatedAttributes(event: unknown, version: string): string[] {
  return validator(version)
    .deprecations(event)
    .map((issue) => `${issue.pointer}: ${issue.message}`);
}
