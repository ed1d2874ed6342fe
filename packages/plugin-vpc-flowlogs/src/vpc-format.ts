/**
 * Field layouts: which catalogue field each position of a record holds. A layout comes from names only —
 * a header line, CSV header or Parquet schema (`columns`), a declared LogFormat (`--vpc-format`), or the
 * AWS default format — never from counting tokens. It is computed once per `columns` array and reused
 * for every row that shares it.
 */
import { canonicalName, DEFAULT_FORMAT, type FieldId, lookupField } from './fields.js';

/** A problem with a layout itself: every record read with it is rejected with this reason. */
export interface LayoutError {
  readonly code: string;
  readonly reason: string;
  readonly field?: string;
}

export interface Layout {
  /** Column names as the input spells them (used for `unmapped` keys and reject reasons). */
  readonly names: readonly string[];
  /** Per column: the catalogue field id, or -1 for a name AWS does not define (kept in `unmapped`). */
  readonly fields: Int16Array;
  readonly error?: LayoutError;
}

export class VpcFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VpcFormatError';
  }
}

/** A letter, then letters, digits, `-` or `_`: the shape of every AWS field name. */
export function isFieldName(token: string): boolean {
  if (token.length === 0) return false;
  const first = token.charCodeAt(0);
  if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) return false;
  for (let i = 1; i < token.length; i++) {
    const c = token.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
    if (!ok) return false;
  }
  return true;
}

/** Builds the layout of a list of column names. Never throws: problems become `layout.error`. */
export function layoutOf(names: readonly string[]): Layout {
  const fields = new Int16Array(names.length);
  const seen = new Map<string, string>();
  let known = 0;
  let error: LayoutError | undefined;
  for (let i = 0; i < names.length; i++) {
    const name = String(names[i]);
    const id: FieldId | undefined = lookupField(name);
    fields[i] = id ?? -1;
    if (id !== undefined) known++;
    const key = canonicalName(name);
    const earlier = seen.get(key);
    if (earlier !== undefined && error === undefined) {
      error = {
        code: 'vpc/duplicate-field',
        reason: `the format names field "${name}" twice (also as "${earlier}"); each field may appear once`,
        field: name,
      };
    }
    seen.set(key, name);
  }
  if (error === undefined && known === 0) {
    error = {
      code: 'vpc/unknown-format',
      reason: `none of the columns (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}) is a VPC Flow Logs field`,
    };
  }
  return error === undefined ? { names, fields } : { names, fields, error };
}

/**
 * Parses a flow log format as AWS writes it in the flow log's LogFormat (`${version} ${account-id} …`).
 * Bare names (`version account-id …`, as in an S3 header line) are accepted too. Throws VpcFormatError
 * with a message for the command line when the text is not such a format.
 */
export function parseLogFormat(format: string): string[] {
  const names: string[] = [];
  for (const token of format.trim().split(/\s+/)) {
    if (token === '') continue;
    const name = token.startsWith('${') && token.endsWith('}') ? token.slice(2, -1) : token;
    if (!isFieldName(name)) {
      throw new VpcFormatError(
        `--vpc-format: "${token}" is not a field; write the flow log's LogFormat, e.g. '\${version} \${account-id} \${interface-id} \${srcaddr} …'`,
      );
    }
    names.push(name);
  }
  if (names.length === 0) {
    throw new VpcFormatError(
      `--vpc-format is empty; write the flow log's LogFormat, e.g. '\${version} \${account-id} …'`,
    );
  }
  const layout = layoutOf(names);
  if (layout.error) throw new VpcFormatError(`--vpc-format: ${layout.error.reason}`);
  return names;
}

/** The AWS default format (version 2 fields in table order), as CloudWatch Logs records carry it. */
export const DEFAULT_LAYOUT: Layout = layoutOf(DEFAULT_FORMAT);

/**
 * Whether the tokens of a first line are a header: every token is shaped like a field name and at least
 * one is a field AWS defines. Data lines hold addresses, numbers or `-`, and a data line made only of
 * name-shaped values (`eni-0a1b ACCEPT OK`) names no catalogue field.
 */
export function isVpcHeader(tokens: readonly string[]): boolean {
  if (tokens.length === 0) return false;
  let known = false;
  for (const token of tokens) {
    if (!isFieldName(token)) return false;
    if (!known && lookupField(token) !== undefined) known = true;
  }
  return known;
}

/** Caches layouts by `columns` identity: readers share one array per file, so this runs once per file. */
export class LayoutCache {
  #lastColumns: readonly string[] | undefined;
  #lastLayout: Layout | undefined;
  readonly #byColumns = new WeakMap<readonly string[], Layout>();

  get(columns: readonly string[]): Layout {
    if (columns === this.#lastColumns && this.#lastLayout) return this.#lastLayout;
    let layout = this.#byColumns.get(columns);
    if (!layout) {
      layout = layoutOf(columns);
      this.#byColumns.set(columns, layout);
    }
    this.#lastColumns = columns;
    this.#lastLayout = layout;
    return layout;
  }
}
