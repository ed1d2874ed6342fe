/** Stable codes of validation issues, for grouping in stats, rejects and tests. */
export type ValidationCode =
  | 'type'
  | 'required'
  | 'additional'
  | 'enum'
  | 'constraint'
  | 'at_least_one'
  | 'just_one'
  | 'class'
  | 'caption'
  | 'type_uid'
  | 'category'
  | 'observable'
  /** A warning, not an error: an attribute or enum value the schema marks `@deprecated` (see `deprecations`). */
  | 'deprecated';

export interface ValidationIssue {
  /** JSON pointer (RFC 6901) to the offending value, e.g. `/src_endpoint/port`; `''` is the event itself. */
  pointer: string;
  message: string;
  code: ValidationCode;
}

export interface OcsfValidator {
  /** The OCSF version this validator checks against. */
  readonly version: string;
  /** Problems found in one event; `[]` means valid. Never throws for any input value. */
  validate(event: unknown): ValidationIssue[];
  /**
   * Warnings, not errors: the attributes and enum values of the event that this version's schema marks
   * `@deprecated`, each naming what to use instead (code `deprecated`). `[]` for anything not a known class.
   */
  deprecations(event: unknown): ValidationIssue[];
}
