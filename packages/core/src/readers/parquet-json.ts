import { isUtf8 } from 'node:buffer';
import type { SchemaTree } from 'hyparquet';
import { isListLike, isMapLike } from 'hyparquet/src/schema.js';
import { setOwn } from '../ocsf/own.js';
import type { RecordLocation } from '../plugin/types.js';
import { invalidUtf8Issue, snippet } from './issues.js';
import type { ReaderIssue } from './types.js';

/**
 * What a nested Parquet column holds, as far as turning hyparquet's values into JSON depends on it:
 * hyparquet gives maps and structs alike as plain objects, and a null means "absent" in a struct but is a
 * value in a map or in a JSON column (DuckDB keeps `{"k": null}` there too).
 */
export type JsonShape =
  | { readonly kind: 'value' }
  | { readonly kind: 'json' }
  | { readonly kind: 'struct'; readonly fields: ReadonlyMap<string, JsonShape> }
  | { readonly kind: 'map'; readonly value: JsonShape }
  | { readonly kind: 'list'; readonly element: JsonShape };

const VALUE: JsonShape = { kind: 'value' };
const JSON_SHAPE: JsonShape = { kind: 'json' };

/** The shape of a schema node (the root gives the struct of a row's columns). */
export function shapeOf(tree: SchemaTree): JsonShape {
  const { element, children } = tree;
  if (children.length === 0) {
    return element.converted_type === 'JSON' || element.logical_type?.type === 'JSON' ? JSON_SHAPE : VALUE;
  }
  if (element.logical_type?.type === 'VARIANT') return JSON_SHAPE;
  if (isMapLike(tree)) {
    const entry = children[0] as SchemaTree;
    const value = entry.children.find((child) => child.element.name === 'value');
    return { kind: 'map', value: value === undefined ? VALUE : shapeOf(value) };
  }
  if (isListLike(tree)) {
    let element = children[0] as SchemaTree;
    if (element.children.length === 1) element = element.children[0] as SchemaTree;
    return { kind: 'list', element: shapeOf(element) };
  }
  const fields = new Map<string, JsonShape>();
  for (const child of children) fields.set(child.element.name, shapeOf(child));
  return { kind: 'struct', fields };
}

/** A JSON column's value parsed from text that held bytes that are not UTF-8 (see `TextCheck`). */
class NotUtf8 {
  constructor(readonly value: unknown) {}
}

/** A JSON column's text that does not parse (see `TextCheck`). */
class NotJson {
  constructor(readonly text: string) {}
}

const decoder = new TextDecoder();

/**
 * What hyparquet is handed for the text `__proto__`: it builds a map's object by assignment, and `obj["__proto__"]
 * = v` sets the object's prototype (or does nothing), so the entry vanished or its value's fields showed up as
 * the map's. The conversions below give `__proto__` back, as an own key or a value.
 */
const PROTO = '\u0000ocsfx:__proto__\u0000';

/**
 * Notes the strings hyparquet decodes from bytes that are not UTF-8 (each bad sequence becomes U+FFFD), so
 * that a row holding one is rejected (`input/invalid-utf8`) instead of passing on changed. Its `parsers`
 * go to `parquetRead` (merged over hyparquet's own); the conversions below then look each string up:
 * `found` is the `column` being converted when one was. A string is known by its decoded text, so a valid
 * string of the same row group reading exactly like a bad one (U+FFFD in the data itself) counts as bad too.
 * The parsers also hand hyparquet a stand-in for `__proto__` (see PROTO), which `seen` undoes.
 */
export class TextCheck {
  private readonly bad = new Set<string>();
  /** The column being converted, for `found`. */
  column = '';
  /** The column of the first bad value met since the caller last reset it. */
  found: string | undefined;
  /** Whether that value is a JSON column's text that does not parse (otherwise: text that is not UTF-8). */
  private foundNotJson = false;

  readonly parsers = {
    stringFromBytes: (bytes: Uint8Array | undefined): string | undefined => {
      if (bytes === undefined) return undefined;
      const text = decoder.decode(bytes);
      if (text.includes('\uFFFD') && !isUtf8(bytes)) this.bad.add(text);
      return text === '__proto__' ? PROTO : text;
    },
    jsonFromBytes: (bytes: Uint8Array | undefined): unknown => {
      if (bytes === undefined) return undefined;
      const text = decoder.decode(bytes);
      const bad = text.includes('\uFFFD') && !isUtf8(bytes);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        // hyparquet's own parser throws here, and the whole row group was an input error.
        return bad ? new NotUtf8(text) : new NotJson(text);
      }
      return bad ? new NotUtf8(value) : value;
    },
  };

  /** `text` as the file holds it: noted when it is one of the bad strings, the `__proto__` stand-in undone. */
  seen(text: string): string {
    if (this.bad.size > 0 && this.found === undefined && this.bad.has(text)) this.found = this.column;
    return text === PROTO ? '__proto__' : text;
  }

  notUtf8(): void {
    this.found ??= this.column;
  }

  notJson(): void {
    if (this.found !== undefined) return;
    this.found = this.column;
    this.foundNotJson = true;
  }

  /** The reject of a row in which a bad value was `found`; `raw` is the row as text. Resets `found`. */
  issue(location: RecordLocation, raw: string): ReaderIssue {
    const column = this.found ?? this.column;
    const issue = this.foundNotJson ? notJsonIssue(location, raw, column) : invalidUtf8Issue(location, raw, column);
    this.found = undefined;
    this.foundNotJson = false;
    return issue;
  }
}

/**
 * A Parquet row of nested columns (as hyparquet assembles it) back into a plain JSON object, the shape an
 * OCSF event has in JSON: INT64 values become numbers (strings beyond 2^53), timestamps RFC 3339 strings in
 * UTC, binary base64; null struct fields are dropped, as an event omits absent attributes, while null map
 * values and the nulls inside a JSON column are kept (with `shape`, the row's `shapeOf(schema)`).
 */
export function jsonFromParquetRow(
  row: Readonly<Record<string, unknown>>,
  shape: JsonShape = VALUE,
  check?: TextCheck,
): Record<string, unknown> {
  return jsonObject(row, shape, check);
}

function jsonObject(
  value: Readonly<Record<string, unknown>>,
  shape: JsonShape,
  check: TextCheck | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keepNulls = shape.kind === 'map' || shape.kind === 'json';
  const fields = shape.kind === 'struct' ? shape.fields : undefined;
  const inner = shape.kind === 'map' ? shape.value : shape.kind === 'json' ? JSON_SHAPE : VALUE;
  for (const key in value) {
    const v = value[key];
    const name = check === undefined ? key : check.seen(key);
    if (v === null || v === undefined) {
      if (keepNulls) setOwn(out, name, null);
      continue;
    }
    setOwn(out, name, jsonValue(v, fields?.get(key) ?? inner, check));
  }
  return out;
}

/**
 * A hyparquet value as plain JSON: bigint → number (or text past 2^53), Date → ISO text, bytes → base64,
 * objects by their `shape` (see `jsonFromParquetRow`). With `check`, bad strings are noted.
 */
export function jsonValue(value: unknown, shape: JsonShape = VALUE, check?: TextCheck): unknown {
  switch (typeof value) {
    case 'string':
      return check === undefined ? value : check.seen(value);
    case 'bigint':
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (value instanceof Uint8Array)
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      if (value instanceof NotJson) {
        check?.notJson();
        return value.text;
      }
      if (value instanceof NotUtf8) {
        check?.notUtf8();
        return jsonValue(value.value, JSON_SHAPE);
      }
      if (Array.isArray(value)) {
        // A list's elements have its element's shape; a repeated field without a LIST annotation, its own.
        const element = shape.kind === 'list' ? shape.element : shape;
        return value.map((v: unknown) => (v === undefined ? null : jsonValue(v, element, check)));
      }
      if (value instanceof Map) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of value) setOwn(out, String(k), v === undefined ? null : jsonValue(v, VALUE, check));
        return out;
      }
      return jsonObject(value as Record<string, unknown>, shape, check);
    }
    default:
      return value;
  }
}

/** The reject for a Parquet row whose JSON column holds text that is not JSON. */
function notJsonIssue(location: RecordLocation, raw: string, column: string): ReaderIssue {
  return {
    kind: 'issue',
    outcome: 'rejected',
    code: 'parquet/invalid-json',
    reason: `column "${column}" is a JSON column, but its value in this row is not JSON; fix the writer of the file`,
    location,
    raw: snippet(raw),
  };
}
