import { flattenInto } from '../../ocsf/unmapped.js';
import { CodeWriter, plainNames, prop, TimeCache, timeCacheFor, timeExpr } from './codegen.js';
import type { ParquetField, ParquetLeafType } from './schema.js';

/** An event that does not fit the class's Parquet schema; the message names the attribute. */
export class ParquetEncodeError extends Error {
  /**
   * `parquet/unknown-attribute`: not in the schema; `parquet/type`: a value its column cannot hold;
   * `parquet/class`: no class and version to take a schema from, or a second class where one is allowed.
   */
  readonly code: 'parquet/unknown-attribute' | 'parquet/type' | 'parquet/class';
  constructor(code: ParquetEncodeError['code'], message: string) {
    super(message);
    this.name = 'ParquetEncodeError';
    this.code = code;
  }
}

/** A struct's fields by name, built once per schema: the hot path looks fields up, never searches. */
export interface FieldIndex {
  readonly byName: ReadonlyMap<string, { field: ParquetField; index?: FieldIndex }>;
}

export function indexFields(fields: readonly ParquetField[]): FieldIndex {
  const byName = new Map<string, { field: ParquetField; index?: FieldIndex }>();
  for (const field of fields) {
    byName.set(field.name, {
      field,
      index: field.value.kind === 'struct' ? indexFields(field.value.fields) : undefined,
    });
  }
  return { byName };
}

/**
 * Checks an event against the class's Parquet schema before any of it is written, so a refused event leaves
 * no trace in a file: an attribute outside the schema (deeper than the depth cut, or not OCSF) or a value
 * its column cannot hold is an error naming the attribute rather than a silent drop. In the same walk, says
 * whether the event has values only in the fields of `fileIndex` (a file's narrower schema), when given.
 */
export function checkEvent(
  event: Readonly<Record<string, unknown>>,
  index: FieldIndex,
  fileIndex?: FieldIndex,
): boolean {
  return checkStruct(event, index, fileIndex, '');
}

function checkStruct(
  value: Readonly<Record<string, unknown>>,
  index: FieldIndex,
  fileIndex: FieldIndex | undefined,
  prefix: string,
): boolean {
  let fits = true;
  for (const key in value) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    const entry = index.byName.get(key);
    if (!entry) {
      throw new ParquetEncodeError(
        'parquet/unknown-attribute',
        `attribute ${prefix}${key} is not in the Parquet schema of this OCSF class (not an OCSF attribute, or nested deeper than the schema's depth)`,
      );
    }
    let fileEntry: FieldIndex | undefined;
    if (fileIndex) {
      const f = fileIndex.byName.get(key);
      if (!f) fits = false;
      else fileEntry = f.index;
    }
    if (!checkField(v, entry.field, entry.index, fileEntry) && fileIndex) fits = false;
  }
  return fits;
}

function checkField(
  value: unknown,
  field: ParquetField,
  index: FieldIndex | undefined,
  fileIndex: FieldIndex | undefined,
): boolean {
  if (!field.list) return checkValue(value, field, index, fileIndex);
  if (!Array.isArray(value)) throw mismatch(field, 'an array', value);
  let fits = true;
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (v !== null && v !== undefined && !checkValue(v, field, index, fileIndex)) fits = false;
  }
  return fits;
}

function checkValue(
  value: unknown,
  field: ParquetField,
  index: FieldIndex | undefined,
  fileIndex: FieldIndex | undefined,
): boolean {
  switch (field.value.kind) {
    case 'struct':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw mismatch(field, 'an object', value);
      return checkStruct(value as Record<string, unknown>, index as FieldIndex, fileIndex, `${field.path}.`);
    case 'map':
      encodeMap(value, field);
      return true;
    case 'leaf':
      if (!leafFits(value, field.value.type)) {
        const type = field.value.type;
        throw mismatch(field, type === 'timestamp' ? 'an RFC 3339 date-time' : `a ${type} value`, value);
      }
      return true;
  }
}

/**
 * `unmapped` as Security Lake writes it: nested objects flattened to dotted keys, every value a string
 * (numbers and booleans in their JSON form, arrays and objects as JSON text, null kept as null).
 */
export function encodeMap(value: unknown, field: ParquetField): Record<string, string | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw mismatch(field, 'an object', value);
  const flat: Record<string, unknown> = {};
  flattenInto(flat, value, '');
  const out: Record<string, string | null> = {};
  for (const key in flat) {
    const v = flat[key];
    out[key] = v === null ? null : typeof v === 'string' ? v : (jsonText(v) ?? String(v));
  }
  return out;
}

function leafFits(value: unknown, type: ParquetLeafType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int32':
      return typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
    case 'int64':
      return (
        (typeof value === 'number' && Number.isSafeInteger(value)) ||
        (typeof value === 'bigint' && value >= -(2n ** 63n) && value < 2n ** 63n)
      );
    case 'double':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return Number.isFinite(timestampMillis(value));
    case 'json':
      return jsonText(value) !== undefined;
  }
}

/** The interpreted walks' time cache (the generated code has one per column, see timeCacheFor). */
const lastTime = new TimeCache();

/** Epoch milliseconds of an RFC 3339 string or a number (NaN when neither). */
export function timestampMillis(value: unknown): number {
  // Most times are already integer milliseconds.
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.trunc(value);
  if (typeof value === 'string') {
    // Events of a file often carry the same time in a row (and the check and the write parse it twice).
    return value === lastTime.text ? lastTime.millis : lastTime.parse(value);
  }
  return Number.NaN;
}

/** A JSON column's text: the value as JSON (bigints as numbers), undefined when it has no JSON form. */
export function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  } catch {
    return undefined;
  }
}

function mismatch(field: ParquetField, expected: string, value: unknown): ParquetEncodeError {
  // jsonText: a bigint (out of the INT64 range) or a cycle must not break the message itself.
  const shown = jsonText(value) ?? String(value);
  return new ParquetEncodeError(
    'parquet/type',
    `attribute ${field.path} must be ${expected} for its Parquet column, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`,
  );
}

/** Whether an event (already checked against the class) has values only in fields of `index` (a file's narrower schema). */
export function fitsIndex(row: Readonly<Record<string, unknown>>, index: FieldIndex): boolean {
  for (const key in row) {
    const v = row[key];
    if (v === undefined || v === null) continue;
    const entry = index.byName.get(key);
    if (!entry) return false;
    if (!entry.index) continue;
    if (entry.field.list) {
      for (const item of v as unknown[])
        if (item !== null && item !== undefined && !fitsIndex(item as Record<string, unknown>, entry.index))
          return false;
    } else if (!fitsIndex(v as Record<string, unknown>, entry.index)) return false;
  }
  return true;
}

/**
 * The check of an event against one set of fields, compiled: true when the event is certainly valid and has
 * values only in `fields` (every present value type-checked, no other attribute with a value). False says
 * nothing more: the caller then runs `checkEvent`, which throws the error naming the attribute or says the
 * event is valid but needs other columns. Generated code, a function per struct: each field read by name
 * with its type test inlined, then the struct's keys counted, where `checkEvent` looks each key up in maps
 * of the schema and builds attribute paths as it goes.
 */
export type CompiledCheck = (event: Readonly<Record<string, unknown>>) => boolean;

/** `compileCheck` of a field index (the fields it was built from, in their order). */
export function compileIndexCheck(index: FieldIndex): CompiledCheck | undefined {
  return compileCheck(fieldsOf(index));
}

function fieldsOf(index: FieldIndex): ParquetField[] {
  const fields: ParquetField[] = [];
  for (const entry of index.byName.values()) fields.push(entry.field);
  return fields;
}

/** A compiled check of `fields` (see `CompiledCheck`), undefined where code cannot be generated. */
export function compileCheck(fields: readonly ParquetField[]): CompiledCheck | undefined {
  // A name Object.prototype also has would read the prototype's value on an event without it.
  if (!plainNames(fields)) return undefined;
  return new CheckWriter().write(fields);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n;

function mapFits(value: unknown, field: ParquetField): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  try {
    encodeMap(value, field);
    return true;
  } catch {
    // `checkEvent` reports it.
    return false;
  }
}

function jsonFits(value: unknown): boolean {
  return jsonText(value) !== undefined;
}

class CheckWriter extends CodeWriter {
  write(fields: readonly ParquetField[]): CompiledCheck | undefined {
    return this.compile<CompiledCheck>(this.#struct(fields, 'event'));
  }

  /** Writes the function checking one struct's fields (`path` names it); returns its name. */
  #struct(fields: readonly ParquetField[], path: string): string {
    const name = this.functionName(`check_${path}_`);
    // Each field read by its name (a property read V8 caches per shape) and type-tested; then the
    // struct's keys are only counted: as many keys as fields with a value means no other key. Otherwise
    // (a key holding null, or one outside the schema) a second pass looks at every key's value.
    const lines = [`function ${name}(v) {`, 'let n = 0;', 'let x;'];
    for (const f of fields) {
      lines.push(`x = ${prop('v', f.name)};`, 'if (x !== undefined && x !== null) {', 'n++;');
      if (f.list) {
        lines.push(
          'if (!Array.isArray(x)) return false;',
          'for (let i = 0; i < x.length; i++) {',
          'const y = x[i];',
          `if (y !== undefined && y !== null && !(${this.#test(f, 'y')})) return false;`,
          '}',
        );
      } else lines.push(`if (!(${this.#test(f, 'x')})) return false;`);
      lines.push('}');
    }
    lines.push('let keys = 0;', 'for (const k in v) keys++;', 'if (keys === n) return true;');
    // The second pass: every key with a value must be one of the fields (their values are tested above).
    lines.push('for (const k in v) {', 'x = v[k];', 'if (x === undefined || x === null) continue;', 'switch (k) {');
    for (const f of fields) lines.push(`case ${JSON.stringify(f.name)}:`);
    if (fields.length > 0) lines.push('break;');
    lines.push('default:', 'return false;', '}', '}', 'return true;', '}');
    this.addFunction(lines.join('\n'));
    return name;
  }

  /** Expression: whether `x` (not null) fits the field's value (one list element for a list). */
  #test(f: ParquetField, x: string): string {
    const value = f.value;
    switch (value.kind) {
      case 'struct':
        return `typeof ${x} === "object" && !Array.isArray(${x}) && ${this.#struct(value.fields, f.path)}(${x})`;
      case 'map':
        return `${this.constant(mapFits)}(${x}, ${this.constant(f)})`;
      case 'leaf':
        switch (value.type) {
          case 'string':
            return `typeof ${x} === "string"`;
          case 'int32':
            return `typeof ${x} === "number" && (${x} | 0) === ${x}`;
          case 'int64':
            return `(typeof ${x} === "number" ? Number.isSafeInteger(${x}) : typeof ${x} === "bigint" && ${x} >= ${this.constant(INT64_MIN)} && ${x} < ${this.constant(INT64_MAX)})`;
          case 'double':
            return `typeof ${x} === "number"`;
          case 'boolean':
            return `typeof ${x} === "boolean"`;
          case 'timestamp': {
            const cache = this.constant(timeCacheFor(f.path));
            return `(typeof ${x} === "number" || typeof ${x} === "string") && Number.isFinite(${timeExpr(x, cache)})`;
          }
          case 'json':
            return `${this.constant(jsonFits)}(${x})`;
        }
    }
  }
}
