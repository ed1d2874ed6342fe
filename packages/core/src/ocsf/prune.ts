import { setOwn } from './own.js';

/**
 * Removes undefined, null, empty strings, empty arrays and objects left empty by that, recursively.
 * OCSF has no "empty" values: an attribute without a value is absent. Returns undefined when nothing is left.
 */
export function prune<T>(value: T): T | undefined {
  return pruneValue(value) as T | undefined;
}

function pruneValue(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const p = pruneValue(item);
      if (p !== undefined) out.push(p);
    }
    return out.length > 0 ? out : undefined;
  }
  if (typeof value === 'object') {
    let out: Record<string, unknown> | undefined;
    for (const key in value as Record<string, unknown>) {
      const p = pruneValue((value as Record<string, unknown>)[key]);
      if (p !== undefined) {
        out ??= {};
        setOwn(out, key, p);
      }
    }
    return out;
  }
  return value;
}
