import { GENERATED_DATA } from '../generated/index.js';
import { MODEL_FORMAT, type SchemaModel } from './model.js';

/** OCSF versions whose validation data ships with ocsfx (no schema checkout needed). */
export function availableVersions(): string[] {
  return Object.keys(GENERATED_DATA).sort();
}

/** The committed model of a shipped version; a clear error for any other. */
export function generatedModel(version: string): SchemaModel {
  const data = GENERATED_DATA[version] as Partial<SchemaModel> | undefined;
  if (!data) {
    throw new Error(
      `ocsfx has no bundled validation data for OCSF ${version} (bundled: ${availableVersions().join(', ')}); pass an official schema checkout for ${version} (schemaDir / --ocsf-schema).`,
    );
  }
  if (data.format !== MODEL_FORMAT) {
    throw new Error(
      `Bundled OCSF ${version} validation data has format ${String(data.format)}, expected ${MODEL_FORMAT}; regenerate it (pnpm --filter @ocsfx/core generate:validators).`,
    );
  }
  return data as SchemaModel;
}
