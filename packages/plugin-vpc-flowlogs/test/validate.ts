/** Schema validation for tests: core's validator over the official OCSF 1.1.0 schema in ../shared. */
import { createValidator, type OcsfValidator } from '@ocsfx/core';
import { shared } from '@ocsfx/vitest-config/shared';

let validator: OcsfValidator | undefined;

/** Problems of an event against official OCSF 1.1.0 Network Activity; [] when valid. */
export function schemaProblems(event: unknown): string[] {
  validator ??= createValidator({ version: '1.1.0', classUid: 4001, schemaDir: shared('ocsf-schema', '1.1.0') });
  return validator.validate(event).map((issue) => `${issue.code} ${issue.pointer}: ${issue.message}`);
}

/** Pointers of attributes the 1.1.0 schema does not define (used to restrict a newer version's sample). */
export function unknownAttributes(event: unknown): string[] {
  validator ??= createValidator({ version: '1.1.0', classUid: 4001, schemaDir: shared('ocsf-schema', '1.1.0') });
  return validator
    .validate(event)
    .filter((issue) => issue.code === 'additional')
    .map((issue) => issue.pointer);
}
