import { compileBody, generatedBody } from '../../codegen.js';
import type { ParquetField } from './schema.js';

/*
 * Shared pieces of the generated per-schema code (the check in encode.ts, the shredder in shred.ts). The
 * source is written from the Parquet schema alone: property names are quoted with JSON.stringify, and no
 * event data ever reaches it. Each generated function has the interpreted walk beside it, which stays the
 * reference (and the path taken where the process forbids code generation from strings).
 */

/** A property read of `object` by `name`, safe for any name. */
export function prop(object: string, name: string): string {
  return `${object}[${JSON.stringify(name)}]`;
}

/**
 * Whether every field name below `fields` can be read as a plain property: a name that `Object.prototype`
 * also has (`constructor`, `toString`) would read the prototype's on an event without it. OCSF names never
 * are; a schema with one keeps the interpreted walk.
 */
export function plainNames(fields: readonly ParquetField[]): boolean {
  for (const f of fields) {
    if (f.name in Object.prototype) return false;
    if (f.value.kind === 'struct' && !plainNames(f.value.fields)) return false;
  }
  return true;
}

/** Days before each month's first in a common year. */
const MONTH_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function leapDaysBefore(year: number): number {
  const y = year - 1;
  return Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
}
const LEAP_DAYS_1970 = leapDaysBefore(1970);

/** The 2-digit number at `at`, or -1 when either character is not a digit. */
function two(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Epoch milliseconds of an RFC 3339 string (NaN when it is not one), as `Math.trunc(Date.parse(text))`.
 * The form ocsfx writes, `YYYY-MM-DDTHH:MM:SS.sssZ` (or without the fraction), from 1970 on, is computed
 * here at a fraction of Date.parse's cost; only fields that no reading could take otherwise (day up to
 * 28, hour up to 23) take that path, and everything else goes to Date.parse.
 */
export function parseTime(text: string): number {
  const n = text.length;
  if (
    (n === 24 || n === 20) &&
    text.charCodeAt(n - 1) === 90 /* Z */ &&
    text.charCodeAt(4) === 45 /* - */ &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(10) === 84 /* T */ &&
    text.charCodeAt(13) === 58 /* : */ &&
    text.charCodeAt(16) === 58 &&
    (n === 20 || text.charCodeAt(19) === 46) /* . */
  ) {
    const century = two(text, 0);
    const yy = two(text, 2);
    const month = two(text, 5);
    const day = two(text, 8);
    const hour = two(text, 11);
    const minute = two(text, 14);
    const second = two(text, 17);
    const c = n === 24 ? text.charCodeAt(20) - 48 : 0;
    const ms = n === 24 ? c * 100 + two(text, 21) : 0;
    const year = century * 100 + yy;
    if (
      century >= 19 &&
      yy >= 0 &&
      year >= 1970 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 28 &&
      hour >= 0 &&
      hour <= 23 &&
      minute >= 0 &&
      minute <= 59 &&
      second >= 0 &&
      second <= 59 &&
      c >= 0 &&
      c <= 9 &&
      ms >= c * 100
    ) {
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
      const days =
        (year - 1970) * 365 +
        leapDaysBefore(year) -
        LEAP_DAYS_1970 +
        (MONTH_DAYS[month - 1] as number) +
        (leap && month > 2 ? 1 : 0) +
        day -
        1;
      return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms;
    }
  }
  return Math.trunc(Date.parse(text));
}

/**
 * The last text of one timestamp column and its milliseconds: the check and the write of an event parse
 * each value once between them, and consecutive events often carry the same time.
 */
export class TimeCache {
  text: string | undefined = undefined;
  millis = Number.NaN;
  parse(text: string): number {
    this.text = text;
    this.millis = parseTime(text);
    return this.millis;
  }
}

const timeCaches = new Map<string, TimeCache>();

/** One cache per column path, shared by the check and the write (and by the files) of that column. */
export function timeCacheFor(path: string): TimeCache {
  let cache = timeCaches.get(path);
  if (!cache) {
    cache = new TimeCache();
    timeCaches.set(path, cache);
  }
  return cache;
}

/** Expression: the milliseconds of timestamp value `x` (a number, or a string cached in `cache`). */
export function timeExpr(x: string, cache: string): string {
  return `(typeof ${x} === "number" ? Math.trunc(${x}) : ${x} === ${cache}.text ? ${cache}.millis : ${cache}.parse(${x}))`;
}

type Factory = (constants: readonly unknown[]) => unknown;

/** Compiled sources, by text: files of the same columns share one compilation. */
const factories = new Map<string, Factory | null>();
const MAX_FACTORIES = 256;

/**
 * Collects generated functions and the values they use (columns, helpers), then compiles them with the
 * values bound as `c0`, `c1`, … (one name per value, by identity).
 */
export class CodeWriter {
  readonly #functions: string[] = [];
  readonly #constants: unknown[] = [];
  readonly #ids = new Map<unknown, string>();
  #next = 0;

  /** A fresh function name, readable in profiles (`check3_src_endpoint`): `label` reduced to an identifier. */
  protected functionName(label: string): string {
    return `${label.replace(/[^A-Za-z0-9_]/g, '_')}${this.#next++}`;
  }

  protected addFunction(source: string): void {
    this.#functions.push(source);
  }

  /** The name `value` is bound to in the generated code. */
  protected constant(value: unknown): string {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = `c${this.#constants.length}`;
      this.#constants.push(value);
      this.#ids.set(value, id);
    }
    return id;
  }

  /** The compiled function named `root`; undefined where the process forbids code generation from strings. */
  protected compile<T>(root: string): T | undefined {
    const body = generatedBody(this.#constants.length, this.#functions, root);
    let factory = factories.get(body);
    if (factory === undefined) {
      factory = compileBody<Factory>(['c'], body) ?? null;
      if (factories.size >= MAX_FACTORIES) factories.clear();
      factories.set(body, factory);
    }
    return factory === null ? undefined : (factory(this.#constants) as T);
  }
}
