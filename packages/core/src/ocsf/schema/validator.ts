import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { isIpAddress } from '../net.js';
import { DeprecationChecks } from './deprecations.js';
import { FastPath } from './fast-path.js';
import { generatedModel } from './generated.js';
import type { OcsfValidator, ValidationIssue } from './issues.js';
import { buildClassSchema, findClass } from './json-schema.js';
import { loadSchemaModel } from './load.js';
import type { ClassSpec, SchemaModel } from './model.js';
import { SemanticChecks } from './semantic.js';

export interface CreateValidatorOptions {
  /** OCSF version, e.g. `1.1.0`. */
  version: string;
  /** Validate every event as this class (uid or name); by default each event's own `class_uid`. */
  classUid?: number | string;
  /** An official schema checkout (the `ocsf-schema` layout); by default the data committed with ocsfx. */
  schemaDir?: string;
}

export interface Compiled {
  /** The valid path: one walk, no issue built. */
  fast: FastPath;
  /** ajv's validator, compiled on the first event the fast path rejects: it reports what is wrong. */
  schema?: ValidateFunction;
  semantic: SemanticChecks;
  /** Built on the first `deprecations()` call for this (class, profiles). */
  deprecations?: DeprecationChecks;
  profiles: string[];
}

let ajv: Ajv | undefined;

/** One ajv instance for the process: compiled validators are cached per (model, class, profiles) below. */
function sharedAjv(): Ajv {
  if (!ajv) {
    // Loaded on the first validation, not with core: a run without --validate does not pay for ajv.
    // ajv is CommonJS, so a synchronous require keeps validate() synchronous.
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    // strict: false — the schema is generated and uses `title`/`definitions` freely; allErrors for full reports.
    ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
    ajv.addFormat('ip', { type: 'string', validate: isIpAddress });
  }
  return ajv;
}

const compiledByModel = new WeakMap<SchemaModel, Map<string, Compiled>>();

/** The checks of one (class, sorted profiles) of a model, made once per process. */
export function compiledFor(model: SchemaModel, cls: ClassSpec, profiles: string[]): Compiled {
  let cache = compiledByModel.get(model);
  if (!cache) {
    cache = new Map();
    compiledByModel.set(model, cache);
  }
  const key = `${cls.uid}|${profiles.join(',')}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const active = new Set(profiles);
    compiled = {
      fast: new FastPath(model, cls, active),
      semantic: new SemanticChecks(model, cls, active),
      profiles,
    };
    cache.set(key, compiled);
  }
  return compiled;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `metadata.profiles` as the event has it (anything but an array counts as none). */
function rawProfiles(event: Record<string, unknown>): readonly unknown[] {
  const metadata = event['metadata'];
  const list = isRecord(metadata) ? metadata['profiles'] : undefined;
  return Array.isArray(list) ? list : [];
}

/** A profiles list as a sorted, duplicate-free list of names (anything else in it is ignored). */
function profileNames(list: readonly unknown[]): string[] {
  if (list.length === 0) return [];
  const names = new Set<string>();
  for (const item of list) if (typeof item === 'string') names.add(item);
  return [...names].sort();
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toIssue(error: ErrorObject, version: string): ValidationIssue {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required': {
      const name = String(params['missingProperty']);
      return {
        pointer: `${at}/${escapePointer(name)}`,
        code: 'required',
        message: `required attribute "${name}" is missing`,
      };
    }
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      return {
        pointer: `${at}/${escapePointer(name)}`,
        code: 'additional',
        message: `"${name}" is not an attribute here in OCSF ${version} (with the profiles named in metadata.profiles)`,
      };
    }
    case 'type':
      return { pointer: at, code: 'type', message: `must be ${String(params['type'])}` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
      return {
        pointer: at,
        code: 'enum',
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    }
    default:
      return { pointer: at, code: 'constraint', message: error.message ?? error.keyword };
  }
}

/** ajv errors as issues; a value of the wrong type reports that alone (not also its enum or pattern). */
function schemaIssues(errors: readonly ErrorObject[], version: string): ValidationIssue[] {
  const typed = new Set<string>();
  for (const error of errors) if (error.keyword === 'type') typed.add(error.instancePath);
  const out: ValidationIssue[] = [];
  for (const error of errors) {
    if (error.keyword !== 'type' && typed.has(error.instancePath)) continue;
    out.push(toIssue(error, version));
  }
  return out;
}

/**
 * Everything ajv and the semantic checks find in an event, in their order: the report of an event the fast
 * path rejects (and what the fast path must agree with).
 */
export function reportedIssues(
  model: SchemaModel,
  cls: ClassSpec,
  compiled: Compiled,
  event: Record<string, unknown>,
): ValidationIssue[] {
  compiled.schema ??= sharedAjv().compile(buildClassSchema(model, cls, compiled.profiles));
  const issues = compiled.schema(event) ? [] : schemaIssues(compiled.schema.errors ?? [], model.version);
  compiled.semantic.check(event, issues);
  return issues;
}

function modelFor(options: CreateValidatorOptions): SchemaModel {
  if (options.schemaDir !== undefined) {
    const model = loadSchemaModel(options.schemaDir);
    if (model.version !== options.version) {
      throw new Error(
        `The OCSF schema at ${options.schemaDir} is version ${model.version}, not ${options.version}: point --ocsf-schema at a ${options.version} checkout or ask for ${model.version}.`,
      );
    }
    return model;
  }
  return generatedModel(options.version);
}

/**
 * A validator for OCSF events of one version: JSON Schema (through ajv) for structure, types, requirements,
 * enums and unknown attributes, then the semantic checks. Profiles come from each event's `metadata.profiles`.
 * A valid event takes the fast path alone (one walk, nothing allocated for issues); ajv is loaded and the class
 * compiled only when an event fails it, to report exactly what ajv and the semantic checks report.
 */
export function createValidator(options: CreateValidatorOptions): OcsfValidator {
  const model = modelFor(options);
  const { version } = model;
  let fixed: ClassSpec | undefined;
  if (options.classUid !== undefined) {
    fixed = findClass(model, options.classUid);
    if (!fixed)
      throw new Error(
        `OCSF ${version} has no class ${options.classUid}${options.schemaDir ? '' : ' in the data bundled with ocsfx; pass schemaDir'}`,
      );
  }
  /** The event's class, or the issue saying why it has none. */
  const classOf = (event: Record<string, unknown>): ClassSpec | ValidationIssue => {
    if (fixed) return fixed;
    const uid = event['class_uid'];
    const cls = typeof uid === 'number' && Number.isInteger(uid) ? model.classes[String(uid)] : undefined;
    if (cls) return cls;
    const where = options.schemaDir ? '' : ' bundled with ocsfx (pass a schema checkout to validate other classes)';
    return {
      pointer: '/class_uid',
      code: 'class',
      message:
        uid === undefined
          ? 'class_uid is missing, so the event class is unknown'
          : `class_uid ${JSON.stringify(uid)} is not a class of OCSF ${version}${where}`,
    };
  };
  // The previous event's class, profiles as written and compiled checks: consecutive events of a run
  // almost always share them, so most events skip building the cache key.
  let last: { cls: ClassSpec; profiles: unknown[]; compiled: Compiled } | undefined;
  const compiledOf = (event: Record<string, unknown>, cls: ClassSpec): Compiled => {
    const profiles = rawProfiles(event);
    if (last !== undefined && last.cls === cls && sameItems(last.profiles, profiles)) return last.compiled;
    const compiled = compiledFor(model, cls, profileNames(profiles));
    last = { cls, profiles: [...profiles], compiled };
    return compiled;
  };
  return {
    version,
    validate(event: unknown): ValidationIssue[] {
      if (!isRecord(event)) return [{ pointer: '', code: 'type', message: 'an OCSF event must be a JSON object' }];
      const cls = classOf(event);
      if ('code' in cls) return [cls];
      const compiled = compiledOf(event, cls);
      if (compiled.fast.valid(event)) {
        // The walk through the objects found nothing, so these are all the issues, in check()'s order.
        const issues: ValidationIssue[] = [];
        compiled.semantic.checkEventLevel(event, issues);
        return issues;
      }
      return reportedIssues(model, cls, compiled, event);
    },
    deprecations(event: unknown): ValidationIssue[] {
      if (!isRecord(event)) return [];
      const cls = classOf(event);
      if ('code' in cls) return [];
      const compiled = compiledOf(event, cls);
      compiled.deprecations ??= new DeprecationChecks(model, cls, new Set(compiled.profiles), version);
      return compiled.deprecations.check(event);
    },
  };
}
