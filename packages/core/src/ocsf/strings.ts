/**
 * OCSF caps `string_t` (and the types made from it) at 65,535 characters in every version ocsfx emits.
 * Cutting a longer value would change what the source said, so a plugin rejects such a record instead; this
 * finds the attribute, wherever a mapping row or a rule put it.
 */
export const MAX_OCSF_STRING = 65535;

/**
 * The first attribute of an event holding a string longer than `MAX_OCSF_STRING`, with its dotted path and
 * length, or undefined. `freeForm` names `json_t` attributes (`api.request.data`) and anything else whose
 * content is not OCSF strings; `unmapped` is always free-form.
 */
export function overlongString(
  event: Readonly<Record<string, unknown>>,
  freeForm: ReadonlySet<string> = NO_PATHS,
): { path: string; length: number } | undefined {
  return find(event, '', freeForm);
}

const NO_PATHS: ReadonlySet<string> = new Set();

function find(
  value: unknown,
  path: string,
  freeForm: ReadonlySet<string>,
): { path: string; length: number } | undefined {
  if (typeof value === 'string') return value.length > MAX_OCSF_STRING ? { path, length: value.length } : undefined;
  if (value === null || typeof value !== 'object' || path === 'unmapped' || freeForm.has(path)) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = find(value[i], path, freeForm);
      if (found) return found;
    }
    return undefined;
  }
  for (const key in value as Record<string, unknown>) {
    const found = find((value as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, freeForm);
    if (found) return found;
  }
  return undefined;
}
