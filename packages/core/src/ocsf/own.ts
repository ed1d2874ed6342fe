/**
 * `target[key] = value` for keys that come from the data. A plain assignment to `__proto__` replaces the
 * object's prototype instead of adding a key, so a source field named `__proto__` would vanish (and an
 * object value would become the prototype); here it is an own property like any other.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}
