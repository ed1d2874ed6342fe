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

/** Epoch milliseconds of an RFC 3339 string (NaN when it is not one). */
export function parseTime(text: string): number {
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

  /** A fresh function name. */
  protected functionName(): string {
    return `f${this.#next++}`;
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
    const body = [
      '"use strict";',
      ...this.#constants.map((_, i) => `const c${i} = c[${i}];`),
      ...this.#functions,
      `return ${root};`,
    ].join('\n');
    let factory = factories.get(body);
    if (factory === undefined) {
      try {
        factory = new Function('c', body) as Factory;
      } catch (err) {
        if (!(err instanceof EvalError)) throw err;
        factory = null;
      }
      if (factories.size >= MAX_FACTORIES) factories.clear();
      factories.set(body, factory);
    }
    return factory === null ? undefined : (factory(this.#constants) as T);
  }
}
