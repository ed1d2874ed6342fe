import type { BaseType, TypeSpec } from './model.js';
import { isRawObject, type RawObject } from './raw.js';

const PRIMITIVES: Record<string, BaseType> = {
  string_t: 'string',
  integer_t: 'integer',
  long_t: 'integer',
  float_t: 'number',
  boolean_t: 'boolean',
  json_t: 'any',
  object_t: 'object',
  // 1.0.0-rc.2 declares bytestring_t without a base type; it is Base64 text.
  bytestring_t: 'string',
};

const TYPE_NAMES: Record<string, BaseType> = {
  String: 'string',
  Integer: 'integer',
  Long: 'integer',
  Float: 'number',
  Boolean: 'boolean',
};

/**
 * Values each type's own documentation gives as examples. A regex from the schema is kept only if it compiles
 * as a JavaScript (unicode) regex and accepts these: 1.0.0-rc.2's `ip_t` regex is PCRE-only and its
 * `datetime_t` regex has a URL-encoded colon (`%3A`) that rejects every real timestamp.
 */
const EXAMPLES: Record<string, readonly string[]> = {
  datetime_t: ['1985-04-12T23:20:50.52Z', '2022-04-11T20:03:08.000-04:00', '2024-09-10T23:20:50Z'],
  ip_t: ['192.168.200.24', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::1'],
  mac_t: ['18:36:F3:98:4F:9A'],
  email_t: ['john_doe@example.com'],
  hostname_t: ['r2-d2.example.com'],
  uuid_t: ['fed06f42-cb12-4764-8c69-121063dc79b9'],
  path_t: ['/home/user/tmp/text-file.txt'],
  file_name_t: ['text-file.txt'],
};

/** Used where the schema's own regex is unusable (see EXAMPLES). */
const FALLBACK: Record<string, Pick<TypeSpec, 'pattern' | 'format'>> = {
  datetime_t: { pattern: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:[Zz]|[+-]\\d{2}:\\d{2})$' },
  // The official ip_t regexes are PCRE (rc.2) or leave dots unescaped (1.1.0+); node:net's parser is exact.
  ip_t: { format: 'ip' },
};

/** Regex accepted by ajv (which compiles with the `u` flag), or undefined. `\pL` is PCRE shorthand. */
function usablePattern(name: string, regex: string): string | undefined {
  const pattern = regex.replace(/\\p([A-Z])(?![{])/g, '\\p{$1}');
  let re: RegExp;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  for (const example of EXAMPLES[name] ?? []) if (!re.test(example)) return undefined;
  return pattern;
}

/** Resolves every dictionary type to its JSON base type and the constraints it (or its base) declares. */
export function resolveTypes(rawTypes: RawObject): Record<string, TypeSpec> {
  const out: Record<string, TypeSpec> = {};
  const resolve = (name: string, seen: Set<string>): TypeSpec => {
    const done = out[name];
    if (done) return done;
    const raw = rawTypes[name];
    const def: RawObject = isRawObject(raw) ? raw : {};
    const parentName = typeof def['type'] === 'string' ? def['type'] : undefined;
    let spec: TypeSpec;
    if (PRIMITIVES[name] && !parentName) {
      spec = { base: PRIMITIVES[name] };
    } else if (parentName && parentName !== name && !seen.has(parentName)) {
      seen.add(name);
      const { pattern: _p, format: _f, ...inherited } = resolve(parentName, seen);
      spec = { ...inherited };
    } else {
      const typeName = typeof def['type_name'] === 'string' ? def['type_name'] : '';
      spec = { base: TYPE_NAMES[typeName] ?? PRIMITIVES[name] ?? 'any' };
    }
    if (typeof def['max_len'] === 'number') spec.maxLength = def['max_len'];
    const range = def['range'];
    if (Array.isArray(range) && typeof range[0] === 'number' && typeof range[1] === 'number') {
      spec.minimum = range[0];
      spec.maximum = range[1];
    }
    const pattern = typeof def['regex'] === 'string' ? usablePattern(name, def['regex']) : undefined;
    if (pattern !== undefined && name !== 'ip_t') spec.pattern = pattern;
    else if (FALLBACK[name]) Object.assign(spec, FALLBACK[name]);
    out[name] = spec;
    return spec;
  };
  for (const name of Object.keys(rawTypes).sort()) resolve(name, new Set());
  return out;
}
