import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A JSON object as read from the schema files, narrowed field by field where used. */
export type RawObject = Record<string, unknown>;

export function isRawObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep merge as the OCSF server applies it to `extends`, `$include` and dictionary definitions: objects merge
 * key by key, anything else (arrays, scalars, `null`) in `over` replaces `base`. `null` survives on purpose:
 * `"profile": null` is how a class takes over an attribute a profile brought in.
 */
export function deepMerge(base: RawObject, over: RawObject): RawObject {
  const out: RawObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isRawObject(prev) && isRawObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

/** Reads JSON files of one schema checkout, each once. Paths are relative to the schema root. */
export class SchemaFiles {
  private readonly cache = new Map<string, RawObject>();

  constructor(readonly root: string) {}

  read(relPath: string): RawObject {
    let value = this.cache.get(relPath);
    if (value === undefined) {
      const file = join(this.root, relPath);
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`Cannot read OCSF schema file ${file}: ${(error as Error).message}`);
      }
      if (!isRawObject(parsed)) throw new Error(`OCSF schema file ${file} is not a JSON object`);
      value = parsed;
      this.cache.set(relPath, value);
    }
    return value;
  }

  exists(relPath: string): boolean {
    try {
      return statSync(join(this.root, relPath)).isFile();
    } catch {
      return false;
    }
  }

  /** Every `*.json` file below a folder (recursive), as relative paths, sorted for determinism. */
  list(relDir: string): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      let entries: string[];
      try {
        entries = readdirSync(join(this.root, dir));
      } catch {
        return;
      }
      for (const entry of entries.sort()) {
        const rel = `${dir}/${entry}`;
        if (entry.endsWith('.json')) out.push(rel);
        else if (statSync(join(this.root, rel)).isDirectory()) walk(rel);
      }
    };
    walk(relDir);
    return out;
  }
}
