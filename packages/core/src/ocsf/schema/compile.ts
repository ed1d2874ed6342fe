import { buildClassSchema, findClass, type JsonSchema } from './json-schema.js';
import { loadSchemaModel } from './load.js';

export interface CompileClassSchemaOptions {
  /** Profiles whose attributes are allowed, as an event names them in `metadata.profiles`. Default: none. */
  profiles?: string[];
}

/**
 * JSON Schema (draft-07) for one class of an official OCSF schema checkout (any version in the
 * `ocsf-schema` layout). The directory is read once and cached.
 */
export function compileClassSchema(
  schemaDir: string,
  classUid: number | string,
  options: CompileClassSchemaOptions = {},
): JsonSchema {
  const model = loadSchemaModel(schemaDir);
  const cls = findClass(model, classUid);
  if (!cls) throw new Error(`OCSF ${model.version} (${schemaDir}) has no class ${classUid}`);
  return buildClassSchema(model, cls, options.profiles ?? []);
}
