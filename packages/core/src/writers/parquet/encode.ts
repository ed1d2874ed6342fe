import { flattenInto } from '../../ocsf/unmapped.js';
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
 * One event as a row of top-level column values in the form hyparquet-writer takes: INT64 as bigint,
 * timestamps as epoch milliseconds, `unmapped` flattened to a string map. An attribute outside the schema
 * (deeper than the depth cut, or not OCSF) is an error rather than a silent drop.
 */
export function encodeEvent(event: Readonly<Record<string, unknown>>, index: FieldIndex): Record<string, unknown> {
  return encodeStruct(event, index, '');
}

function encodeStruct(value: Readonly<Record<string, unknown>>, index: FieldIndex, prefix: string) {
  const out: Record<string, unknown> = {};
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
    out[key] = encodeField(v, entry.field, entry.index);
  }
  return out;
}

function encodeField(value: unknown, field: ParquetField, index: FieldIndex | undefined): unknown {
  if (!field.list) return encodeValue(value, field, index);
  if (!Array.isArray(value)) throw mismatch(field, 'an array', value);
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    out[i] = v === null || v === undefined ? null : encodeValue(v, field, index);
  }
  return out;
}

function encodeValue(value: unknown, field: ParquetField, index: FieldIndex | undefined): unknown {
  switch (field.value.kind) {
    case 'struct':
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw mismatch(field, 'an object', value);
      return encodeStruct(value as Record<string, unknown>, index as FieldIndex, `${field.path}.`);
    case 'map':
      return encodeMap(value, field);
    case 'leaf':
      return encodeLeaf(value, field, field.value.type);
  }
}

/**
 * `unmapped` as Security Lake writes it: nested objects flattened to dotted keys, every value a string
 * (numbers and booleans in their JSON form, arrays and objects as JSON text, null kept as null).
 */
function encodeMap(value: unknown, field: ParquetField): Record<string, string | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw mismatch(field, 'an object', value);
  const flat: Record<string, unknown> = {};
  flattenInto(flat, value, '');
  const out: Record<string, string | null> = {};
  for (const key in flat) {
    const v = flat[key];
    out[key] = v === null ? null : typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}

function encodeLeaf(value: unknown, field: ParquetField, type: ParquetLeafType): unknown {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      break;
    case 'int32':
      if (typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647)
        return value;
      break;
    case 'int64':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      if (typeof value === 'bigint') return value;
      break;
    case 'double':
      if (typeof value === 'number') return value;
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'timestamp': {
      const ms = typeof value === 'string' ? Date.parse(value) : typeof value === 'number' ? value : Number.NaN;
      if (Number.isFinite(ms)) return Math.trunc(ms);
      break;
    }
    case 'json':
      return value;
  }
  throw mismatch(field, type === 'timestamp' ? 'an RFC 3339 date-time' : `a ${type} value`, value);
}

function mismatch(field: ParquetField, expected: string, value: unknown): ParquetEncodeError {
  const shown = JSON.stringify(value) ?? String(value);
  return new ParquetEncodeError(
    'parquet/type',
    `attribute ${field.path} must be ${expected} for its Parquet column, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`,
  );
}

/** Whether an encoded row has values only in fields of `index` (a file's narrower schema). */
export function fitsIndex(row: Readonly<Record<string, unknown>>, index: FieldIndex): boolean {
  for (const key in row) {
    const entry = index.byName.get(key);
    if (!entry) return false;
    if (!entry.index) continue;
    const v = row[key];
    if (entry.field.list) {
      for (const item of v as unknown[])
        if (item !== null && !fitsIndex(item as Record<string, unknown>, entry.index)) return false;
    } else if (!fitsIndex(v as Record<string, unknown>, entry.index)) return false;
  }
  return true;
}
