import type { SchemaElement } from 'hyparquet';
import { generatedModel } from '../../ocsf/schema/generated.js';
import { classAttributes, findClass } from '../../ocsf/schema/json-schema.js';
import type { AttributeMap, AttributeSpec, SchemaModel } from '../../ocsf/schema/model.js';

/** The physical form of a leaf column. */
export type ParquetLeafType = 'string' | 'int32' | 'int64' | 'double' | 'boolean' | 'timestamp' | 'json';

/** One column (top level) or struct field of the Parquet schema, derived from an OCSF attribute. */
export interface ParquetField {
  readonly name: string;
  /** OCSF attribute path (`src_endpoint.ip`), for messages. */
  readonly path: string;
  /** An OCSF array attribute: a standard 3-level LIST of the value. */
  readonly list: boolean;
  readonly value:
    | { readonly kind: 'leaf'; readonly type: ParquetLeafType }
    | { readonly kind: 'struct'; readonly fields: readonly ParquetField[] }
    /** `unmapped`: MAP<string, string> with AWS's dotted keys. */
    | { readonly kind: 'map' };
}

export interface OcsfParquetSchema {
  readonly version: string;
  readonly classUid: number;
  /** Top-level columns, in OCSF attribute order (alphabetical, as the JSON schema lists them). */
  readonly fields: readonly ParquetField[];
  /** The flattened Parquet schema (root first), as the file footer lists it. */
  readonly elements: SchemaElement[];
}

export interface ParquetSchemaOptions {
  /**
   * Object nesting kept below the event (`metadata.product.feature.name` is 3). Deeper objects, and an object
   * inside itself (`process.parent_process`), are cut: the OCSF graph is recursive and ~1,000 columns wide at
   * depth 4, and every column costs time in every row group.
   */
  maxDepth?: number;
  /** A resolved model instead of the bundled one (e.g. from an official schema checkout). */
  model?: SchemaModel;
}

export const DEFAULT_MAX_DEPTH = 3;

/** OCSF types written as 64-bit integers; every other integer type (enums, ports, counts) is INT32. */
const INT64_TYPES: ReadonlySet<string> = new Set(['long_t', 'timestamp_t']);

/**
 * The Parquet schema of one OCSF class and version: every attribute of the class with every profile's
 * attributes (a superset, so all files of a class and version share one schema whatever profiles an event
 * names), objects as structs, arrays as LISTs, `unmapped` as a MAP, integers by OCSF type.
 */
export function ocsfParquetSchema(
  classUid: number,
  version: string,
  options: ParquetSchemaOptions = {},
): OcsfParquetSchema {
  const model = options.model ?? generatedModel(version);
  const cls = findClass(model, classUid);
  if (!cls) throw new Error(`OCSF ${model.version} has no class ${classUid}; cannot derive a Parquet schema for it`);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const fields = fieldsOf(model, classAttributes(cls), '', 0, maxDepth, []);
  return { version: model.version, classUid: cls.uid, fields, elements: schemaElements(fields) };
}

function fieldsOf(
  model: SchemaModel,
  attributes: AttributeMap,
  prefix: string,
  depth: number,
  maxDepth: number,
  ancestors: readonly string[],
): ParquetField[] {
  const out: ParquetField[] = [];
  for (const name of Object.keys(attributes).sort()) {
    const spec = attributes[name] as AttributeSpec;
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const field = fieldOf(model, spec, name, path, depth, maxDepth, ancestors);
    if (field) out.push(field);
  }
  return out;
}

function fieldOf(
  model: SchemaModel,
  spec: AttributeSpec,
  name: string,
  path: string,
  depth: number,
  maxDepth: number,
  ancestors: readonly string[],
): ParquetField | undefined {
  const list = spec.array === true;
  if (spec.object === undefined) return { name, path, list, value: { kind: 'leaf', type: leafType(model, spec) } };
  const object = model.objects[spec.object];
  if (!object) throw new Error(`OCSF ${model.version}: ${path} refers to unknown object "${spec.object}"`);
  if (object.open) {
    // The generic `object` type: `unmapped` follows Security Lake (a string map); anything else is JSON text.
    return name === 'unmapped' && depth === 0
      ? { name, path, list, value: { kind: 'map' } }
      : { name, path, list, value: { kind: 'leaf', type: 'json' } };
  }
  if (depth >= maxDepth || ancestors.includes(spec.object)) return undefined;
  const fields = fieldsOf(model, object.attributes, path, depth + 1, maxDepth, [...ancestors, spec.object]);
  if (fields.length === 0) return undefined;
  return { name, path, list, value: { kind: 'struct', fields } };
}

function leafType(model: SchemaModel, spec: AttributeSpec): ParquetLeafType {
  const typeName = spec.type ?? '';
  if (typeName === 'datetime_t') return 'timestamp';
  const type = model.types[typeName];
  switch (type?.base) {
    case 'string':
      return 'string';
    case 'integer':
      return INT64_TYPES.has(typeName) ? 'int64' : 'int32';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    default:
      return 'json';
  }
}

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } } as const;

function leafElement(name: string, type: ParquetLeafType, repetition: 'OPTIONAL' | 'REQUIRED'): SchemaElement {
  switch (type) {
    case 'string':
      return { name, repetition_type: repetition, ...STRING };
    case 'int32':
      return { name, repetition_type: repetition, type: 'INT32' };
    case 'int64':
      return { name, repetition_type: repetition, type: 'INT64' };
    case 'double':
      return { name, repetition_type: repetition, type: 'DOUBLE' };
    case 'boolean':
      return { name, repetition_type: repetition, type: 'BOOLEAN' };
    case 'timestamp':
      // `*_dt` (datetime profile): a UTC timestamp in milliseconds, as Security Lake stores them.
      return {
        name,
        repetition_type: repetition,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
      };
    case 'json':
      return { name, repetition_type: repetition, type: 'BYTE_ARRAY', converted_type: 'JSON' };
  }
}

/** Elements of one value (no LIST wrapper), named `name`. */
function valueElements(name: string, value: ParquetField['value'], out: SchemaElement[]): void {
  switch (value.kind) {
    case 'leaf':
      out.push(leafElement(name, value.type, 'OPTIONAL'));
      return;
    case 'struct':
      out.push({ name, repetition_type: 'OPTIONAL', num_children: value.fields.length });
      for (const f of value.fields) fieldElements(f, out);
      return;
    case 'map':
      // The standard MAP annotation: map (MAP) → repeated key_value → required key, optional value.
      out.push({
        name,
        repetition_type: 'OPTIONAL',
        converted_type: 'MAP',
        logical_type: { type: 'MAP' },
        num_children: 1,
      });
      out.push({ name: 'key_value', repetition_type: 'REPEATED', num_children: 2 });
      out.push(leafElement('key', 'string', 'REQUIRED'));
      out.push(leafElement('value', 'string', 'OPTIONAL'));
      return;
  }
}

function fieldElements(field: ParquetField, out: SchemaElement[]): void {
  if (!field.list) {
    valueElements(field.name, field.value, out);
    return;
  }
  // The standard 3-level LIST: <name> (LIST) → repeated group list → element.
  out.push({
    name: field.name,
    repetition_type: 'OPTIONAL',
    converted_type: 'LIST',
    logical_type: { type: 'LIST' },
    num_children: 1,
  });
  out.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
  valueElements('element', field.value, out);
}

function schemaElements(fields: readonly ParquetField[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'schema', num_children: fields.length }];
  for (const f of fields) fieldElements(f, out);
  return out;
}

/** Leaf columns of a schema, for tests and documentation (`src_endpoint.ip`, `observables.name`). */
export function leafPaths(fields: readonly ParquetField[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly ParquetField[]) => {
    for (const f of list) {
      if (f.value.kind === 'struct') walk(f.value.fields);
      else out.push(f.path);
    }
  };
  walk(fields);
  return out;
}

/**
 * The fields that hold a value in at least one of `rows` (encoded rows: plain objects and arrays), in schema
 * order: a struct is kept with the fields present below it, a list of structs with those present in any
 * element. The result is a projection of the class schema, so files with different projections merge by name.
 */
export function presentFields(fields: readonly ParquetField[], rows: readonly unknown[]): ParquetField[] {
  const out: ParquetField[] = [];
  for (const field of fields) {
    let present = false;
    const children: unknown[] = [];
    for (const row of rows) {
      const v = (row as Record<string, unknown>)[field.name];
      if (v === undefined || v === null) continue;
      present = true;
      if (field.value.kind !== 'struct') break;
      if (field.list) {
        for (const item of v as unknown[]) if (item !== null && item !== undefined) children.push(item);
      } else children.push(v);
    }
    if (!present) continue;
    if (field.value.kind !== 'struct') {
      out.push(field);
      continue;
    }
    // A struct needs one field at least: an empty object or list keeps the first, all null.
    const sub = presentFields(field.value.fields, children);
    out.push({ ...field, value: { kind: 'struct', fields: sub.length > 0 ? sub : field.value.fields.slice(0, 1) } });
  }
  return out;
}

/** A schema with the given top-level fields (e.g. `presentFields` of the class schema). */
export function withFields(schema: OcsfParquetSchema, fields: readonly ParquetField[]): OcsfParquetSchema {
  return { ...schema, fields, elements: schemaElements(fields) };
}
