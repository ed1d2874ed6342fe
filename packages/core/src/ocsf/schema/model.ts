/**
 * The compact, resolved form of an OCSF schema version: everything validation needs and nothing else
 * (no descriptions, groups or references). `extends`, `$include`, dictionary merges, profile annotations and
 * the datetime profile's `*_dt` siblings are already applied, so building JSON Schema from it is a plain walk.
 *
 * The same shape is produced from an official schema checkout (`loadSchemaModel`) and committed, for the
 * versions and classes ocsfx emits, as `generated/*.json`.
 */

/** The JSON primitive a dictionary type resolves to. `any` is `json_t`: every JSON value is allowed. */
export type BaseType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'any';

export interface TypeSpec {
  base: BaseType;
  maxLength?: number;
  pattern?: string;
  /** A named format registered on the ajv instance (`ip`), used where the official regex is unusable in JS. */
  format?: string;
  minimum?: number;
  maximum?: number;
}

/**
 * Enum id (as a string key) → caption. The caption `*` marks an id whose caption ocsfx does not check
 * (observable type ids derived from object attributes, whose caption the schema does not fix).
 */
export type EnumSpec = Record<string, string>;

export interface AttributeSpec {
  /** A dictionary type (`ip_t`) when `object` is absent. */
  type?: string;
  /** The object type (`endpoint`) for object-valued attributes. */
  object?: string;
  array?: true;
  required?: true;
  /** The schema's requirement level is `recommended` (shown by `ocsfx inspect`; validation ignores it). */
  recommended?: true;
  /** Only allowed (and only required) when this profile is named in `metadata.profiles`. */
  profile?: string;
  enum?: EnumSpec;
  /** The caption attribute that mirrors this enum (`activity_name` for `activity_id`). */
  sibling?: string;
  /** The schema's `@deprecated` note, as text: `since 1.2.0: Use app_name, app_uid attributes instead.` */
  deprecated?: string;
  /** Enum ids the schema deprecates (id → note, as for `deprecated`). */
  deprecatedValues?: Record<string, string>;
}

export type AttributeMap = Record<string, AttributeSpec>;

/**
 * OCSF's `constraints` of an object or class: `at_least_one` of the named attributes must be present,
 * `just_one` exactly one of them. Inherited through `extends` unless the object names its own.
 */
export interface Constraints {
  at_least_one?: string[];
  just_one?: string[];
}

export interface ObjectSpec {
  attributes: AttributeMap;
  /** Any attributes allowed (the generic `object` type that `unmapped` uses). */
  open?: true;
  constraints?: Constraints;
}

export interface ClassSpec {
  uid: number;
  name: string;
  caption: string;
  categoryUid: number;
  categoryCaption: string;
  attributes: AttributeMap;
  constraints?: Constraints;
}

export interface SchemaModel {
  /** `compact-1`: bump when the shape changes so stale generated data is detected. */
  format: 'ocsfx-schema-model-1';
  version: string;
  types: Record<string, TypeSpec>;
  objects: Record<string, ObjectSpec>;
  /** Keyed by class uid. */
  classes: Record<string, ClassSpec>;
}

export const MODEL_FORMAT = 'ocsfx-schema-model-1' as const;

/** Caption value meaning "any caption is accepted" (see `EnumSpec`). */
export const ANY_CAPTION = '*';
