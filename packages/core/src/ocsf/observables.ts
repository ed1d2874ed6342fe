import { OBSERVABLE_TYPE, type ObservableTypeId } from './enums.js';

export interface Observable {
  name: string;
  type: string;
  type_id: number;
  value: string;
}

/** Which attribute paths of an event become observables, and of which type. `[]` marks an array path. */
export type ObservableSpec = readonly (readonly [path: string, typeId: ObservableTypeId])[];

/**
 * Builds `observables` from an event: one entry per attribute path in `spec` that holds a value.
 * Array paths (`dst_endpoint.intermediate_ips[]`) give one entry per element, named with `[]` as the
 * OCSF observable convention does.
 */
export function buildObservables(event: Readonly<Record<string, unknown>>, spec: ObservableSpec): Observable[] {
  const out: Observable[] = [];
  for (const [path, typeId] of spec) {
    const isArray = path.endsWith('[]');
    const value = getPath(event, isArray ? path.slice(0, -2) : path);
    if (value === undefined || value === null || value === '') continue;
    const type = OBSERVABLE_TYPE[typeId];
    if (isArray && Array.isArray(value)) {
      for (const item of value) {
        if (item !== undefined && item !== null && item !== '')
          out.push({ name: path, type, type_id: typeId, value: String(item) });
      }
    } else if (!Array.isArray(value) && typeof value !== 'object') {
      out.push({ name: path, type, type_id: typeId, value: String(value) });
    }
  }
  return out;
}

/** Reads a dotted attribute path (`src_endpoint.ip`) from an event. */
export function getPath(event: Readonly<Record<string, unknown>>, path: string): unknown {
  let cur: unknown = event;
  let start = 0;
  while (start <= path.length) {
    let end = path.indexOf('.', start);
    if (end === -1) end = path.length;
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[path.slice(start, end)];
    start = end + 1;
  }
  return cur;
}

/** Sets a dotted attribute path, creating intermediate objects. */
export function setPath(event: Record<string, unknown>, path: string, value: unknown): void {
  let cur = event;
  let start = 0;
  for (;;) {
    const end = path.indexOf('.', start);
    if (end === -1) {
      cur[path.slice(start)] = value;
      return;
    }
    const key = path.slice(start, end);
    let next = cur[key];
    if (next === null || typeof next !== 'object') {
      next = {};
      cur[key] = next;
    }
    cur = next as Record<string, unknown>;
    start = end + 1;
  }
}
