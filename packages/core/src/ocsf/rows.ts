/**
 * Declarative mapping rows, the heart of a plugin that reads JSON: raw source path → OCSF attribute path,
 * applied in order. When several rows target one attribute, the first present value wins and the others
 * stay in `unmapped` (the paths a row used are added to `consumed`, for `unmappedFrom`).
 *
 * ```ts
 * const rows = compileRows([
 *   { raw: 'userIdentity.arn', ocsf: 'actor.user.uid' },
 *   { raw: 'eventTime', ocsf: 'time', as: 'time' },
 *   { raw: 'requestParameters', ocsf: 'api.request.data', as: 'json', onlyWith: 'requestID' },
 * ]);
 * const wrong = applyRows(raw, rows, event, consumed); // { field, value } when a field has the wrong type
 * ```
 */
import { getPath, setPath } from './observables.js';
import { parseIsoTime } from './time.js';
import { forVersion, type SinceTable } from './versions.js';

/**
 * How a raw value becomes an OCSF value:
 * - `string`: taken as is; any other JSON type is a wrong type (the plugin rejects the record).
 * - `time`: ISO 8601 text → epoch milliseconds; a value that is not a date stays in `unmapped`.
 * - `bool`: `true`/`false`/`yes`/`no` (a JSON boolean or text, any case) → boolean; else stays in `unmapped`.
 * - `json`: any value, for `json_t` attributes.
 * - a function: its result, `undefined` to leave the value in `unmapped`, or `WRONG_TYPE` when the value's
 *   JSON type is one the row cannot use (`applyRows` then reports the field, as for a `string` row).
 */
export type RowConversion = 'string' | 'time' | 'bool' | 'json' | ((value: unknown) => unknown);

/** What a conversion function returns for a value of the wrong JSON type (the record is then rejected). */
export const WRONG_TYPE: unique symbol = Symbol('wrong JSON type');

export interface MappingRow {
  /** Dotted path in the raw record (`userIdentity.sessionContext.attributes.creationDate`). */
  readonly raw: string;
  /** Dotted OCSF attribute path (`actor.session.created_time`). */
  readonly ocsf: string;
  readonly as?: RowConversion;
  /** Only when this raw path holds a value (an attribute whose object requires another one). */
  readonly onlyWith?: string;
  /** Not when this raw path holds a value. */
  readonly unless?: string;
}

/**
 * A mapping row of a plugin that emits several OCSF versions: where the OCSF path (or the conversion)
 * differs between versions it is a since table (first version → value, holding until the next key; an
 * `ocsf` of `null` = not mapped from that version, the value stays in `unmapped`). `rowsForVersion`
 * resolves the rows for one version, once per translator. `C` is the conversion type: core's
 * `RowConversion`, or names of the plugin's own that it turns into conversions (never an object: an object
 * in `as` is a since table).
 */
export interface VersionedRow<C = RowConversion> {
  readonly raw: string;
  readonly ocsf: string | SinceTable<string | null>;
  readonly as?: C | SinceTable<C>;
  readonly onlyWith?: string;
  readonly unless?: string;
}

/** A `VersionedRow` as it applies to one version (a `MappingRow` when `C` is `RowConversion`). */
export interface VersionRow<C = RowConversion> {
  readonly raw: string;
  readonly ocsf: string;
  readonly as?: C;
  readonly onlyWith?: string;
  readonly unless?: string;
}

/** The rows as they apply to `version`, in order; a row whose path is `null` there is left out. */
export function rowsForVersion<C>(rows: readonly VersionedRow<C>[], version: string): VersionRow<C>[] {
  return rows.flatMap((row): VersionRow<C>[] => {
    const ocsf = typeof row.ocsf === 'string' ? row.ocsf : forVersion(row.ocsf, version);
    if (ocsf === null) return [];
    const as =
      row.as !== null && typeof row.as === 'object'
        ? forVersion(row.as as SinceTable<C>, version)
        : (row.as as C | undefined);
    return [
      {
        raw: row.raw,
        ocsf,
        ...(as === undefined ? {} : { as }),
        ...(row.onlyWith === undefined ? {} : { onlyWith: row.onlyWith }),
        ...(row.unless === undefined ? {} : { unless: row.unless }),
      },
    ];
  });
}

/** A row with its paths split once; make them with `compileRows` once per translator. */
export interface CompiledRow {
  readonly raw: string;
  readonly ocsf: string;
  readonly as: RowConversion;
  readonly keys: readonly string[];
  readonly onlyWith: readonly string[] | undefined;
  readonly unless: readonly string[] | undefined;
}

/** A raw field whose JSON type the mapping cannot use: `field` is its dotted path. */
export interface WrongTypeField {
  readonly field: string;
  readonly value: unknown;
  /** True when `field` is a container on the row's path (`userIdentity` is a string), not the value itself. */
  readonly container: boolean;
}

export function compileRows(rows: readonly MappingRow[]): CompiledRow[] {
  return rows.map((row) => ({
    raw: row.raw,
    ocsf: row.ocsf,
    as: row.as ?? 'string',
    keys: row.raw.split('.'),
    onlyWith: row.onlyWith === undefined ? undefined : row.onlyWith.split('.'),
    unless: row.unless === undefined ? undefined : row.unless.split('.'),
  }));
}

/**
 * Applies rows in order to `event`, skipping absent values (`undefined`, `null`, `''`) and attributes
 * already set. Returns the first field with a wrong JSON type — a container on the path that is not an
 * object, or a non-string for a `string` row — or undefined when every row could be applied.
 */
export function applyRows(
  raw: Readonly<Record<string, unknown>>,
  rows: readonly CompiledRow[],
  event: Record<string, unknown>,
  consumed: Set<string>,
): WrongTypeField | undefined {
  for (const row of rows) {
    if (row.onlyWith !== undefined && isAbsent(valueAt(raw, row.onlyWith))) continue;
    if (row.unless !== undefined && !isAbsent(valueAt(raw, row.unless))) continue;
    const value = valueAt(raw, row.keys);
    if (value instanceof WrongContainer) return { field: value.field, value: value.value, container: true };
    if (isAbsent(value)) continue;
    const converted = convert(value, row.as);
    if (converted === WRONG_TYPE) return { field: row.raw, value, container: false };
    // A value this row cannot use (not a date, not a flag) stays in `unmapped`.
    if (converted === undefined) continue;
    if (getPath(event, row.ocsf) !== undefined) continue;
    setPath(event, row.ocsf, converted);
    consumed.add(row.raw);
  }
  return undefined;
}

/** `true`/`false`/`yes`/`no` in any case, or a JSON boolean; undefined for anything else. */
export function parseFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase();
  if (v === 'yes' || v === 'true') return true;
  if (v === 'no' || v === 'false') return false;
  return undefined;
}

class WrongContainer {
  constructor(
    readonly field: string,
    readonly value: unknown,
  ) {}
}

function valueAt(raw: Readonly<Record<string, unknown>>, keys: readonly string[]): unknown {
  let cur: unknown = raw;
  for (let i = 0; i < keys.length; i++) {
    if (cur === undefined || cur === null) return undefined;
    if (typeof cur !== 'object' || Array.isArray(cur)) return new WrongContainer(keys.slice(0, i).join('.'), cur);
    cur = (cur as Record<string, unknown>)[keys[i] as string];
  }
  return cur;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function convert(value: unknown, as: RowConversion): unknown {
  switch (as) {
    case 'string':
      return typeof value === 'string' ? value : WRONG_TYPE;
    case 'time':
      return typeof value === 'string' ? parseIsoTime(value) : undefined;
    case 'bool':
      return parseFlag(value);
    case 'json':
      return value;
    default:
      return as(value);
  }
}
