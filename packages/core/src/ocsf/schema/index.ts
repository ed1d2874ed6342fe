export { type CompileClassSchemaOptions, compileClassSchema } from './compile.js';
export { availableVersions } from './generated.js';
export type { OcsfValidator, ValidationCode, ValidationIssue } from './issues.js';
export type { JsonSchema } from './json-schema.js';
export { recommendedAttributes } from './recommended.js';
export { type CreateValidatorOptions, createValidator } from './validator.js';
