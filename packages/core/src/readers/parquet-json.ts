import { setOwn } from '../ocsf/own.js';

/**
 * A Parquet row of nested columns (as hyparquet assembles it) back into a plain JSON object, the shape an
 * OCSF event has in JSON: INT64 values become numbers (strings beyond 2^53), timestamps RFC 3339 strings in
 * UTC, maps objects, binary base64; null struct fields are dropped, as an event omits absent attributes.
 */
export function jsonFromParquetRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return jsonObject(row);
}

function jsonObject(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v === null || v === undefined) continue;
    setOwn(out, key, jsonValue(v));
  }
  return out;
}

/** A hyparquet value as plain JSON: bigint → number (or text past 2^53), Date → ISO text, bytes → base64. */
export function jsonValue(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      if (value instanceof Uint8Array)
        return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      if (Array.isArray(value)) return value.map((v: unknown) => (v === undefined ? null : jsonValue(v)));
      if (value instanceof Map) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of value) setOwn(out, String(k), v === undefined ? null : jsonValue(v));
        return out;
      }
      return jsonObject(value as Record<string, unknown>);
    }
    default:
      return value;
  }
}
