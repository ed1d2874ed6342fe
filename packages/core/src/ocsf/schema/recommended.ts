import { generatedModel } from './generated.js';
import { loadSchemaModel } from './load.js';

/**
 * The top-level attributes OCSF recommends for a class (requirement `recommended`, with `extends` and
 * `$include` applied; profiles' attributes are left out: profiles are optional), sorted. From the bundled
 * data of `version`, or from an official schema checkout with `schemaDir`. Undefined when that version's
 * data does not have the class; throws for a version that is not bundled when no `schemaDir` is given.
 */
export function recommendedAttributes(
  classUid: number,
  version: string,
  options: { schemaDir?: string } = {},
): string[] | undefined {
  const model = options.schemaDir ? loadSchemaModel(options.schemaDir) : generatedModel(version);
  const spec = model.classes[String(classUid)];
  if (!spec) return undefined;
  return Object.entries(spec.attributes)
    .filter(([, a]) => a.recommended === true && a.profile === undefined)
    .map(([name]) => name)
    .sort();
}
