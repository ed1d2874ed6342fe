import { setOwn } from './own.js';

/**
 * `unmapped` builder: source fields that have no OCSF attribute, under their original names.
 * Nested objects are flattened to dotted keys (`additionalEventData.MFAIdentifier`), as Amazon Security
 * Lake writes them; arrays keep their JSON form under their own key.
 */
export function flattenInto(target: Record<string, unknown>, value: unknown, prefix: string): void {
  if (value === undefined) return;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    let any = false;
    for (const key in value as Record<string, unknown>) {
      any = true;
      flattenInto(target, (value as Record<string, unknown>)[key], prefix === '' ? key : `${prefix}.${key}`);
    }
    // An empty object is still a value the source sent; keep it visible rather than dropping it.
    if (!any && prefix !== '') setOwn(target, prefix, {});
    return;
  }
  if (prefix !== '') setOwn(target, prefix, value);
}

/** Flattens every key of `source` not in `mapped` (dotted paths, checked at every depth). */
export function unmappedFrom(
  source: Readonly<Record<string, unknown>>,
  mapped: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  collect(out, source, '', mapped);
  for (const _ in out) return out;
  return undefined;
}

function collect(out: Record<string, unknown>, value: unknown, prefix: string, mapped: ReadonlySet<string>): void {
  if (prefix !== '' && mapped.has(prefix)) return;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    let any = false;
    for (const key in value as Record<string, unknown>) {
      any = true;
      collect(out, (value as Record<string, unknown>)[key], prefix === '' ? key : `${prefix}.${key}`, mapped);
    }
    if (!any && prefix !== '') setOwn(out, prefix, {});
    return;
  }
  if (prefix !== '' && value !== undefined && value !== null) setOwn(out, prefix, value);
}
