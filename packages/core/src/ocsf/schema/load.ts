import { resolve as resolvePath } from 'node:path';
import {
  ANY_CAPTION,
  type AttributeMap,
  type AttributeSpec,
  type ClassSpec,
  type Constraints,
  type EnumSpec,
  MODEL_FORMAT,
  type ObjectSpec,
  type SchemaModel,
  type TypeSpec,
} from './model.js';
import { deepMerge, isRawObject, type RawObject, SchemaFiles } from './raw.js';
import { resolveTypes } from './types.js';

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: unknown): RawObject {
  return isRawObject(value) ? value : {};
}

/** A `@deprecated` block (`{message, since}`) as one line of text, HTML tags removed; undefined without one. */
function deprecationNote(def: RawObject): string | undefined {
  const raw = def['@deprecated'];
  if (!isRawObject(raw)) return undefined;
  const message = (str(raw['message']) ?? 'deprecated')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const since = str(raw['since']);
  return since ? `since ${since}: ${message}` : message;
}

/** Reads the official schema layout (any version) and resolves it into the compact model. */
class Loader {
  private readonly files: SchemaFiles;
  private readonly dictionary: RawObject;
  private readonly types: Record<string, TypeSpec>;
  private readonly rawObjects = new Map<string, RawObject>();
  private readonly rawEvents = new Map<string, RawObject>();
  private readonly mergedObjects = new Map<string, RawObject>();
  private readonly mergedEvents = new Map<string, RawObject>();
  private readonly categories: RawObject;
  private readonly hasDatetime: boolean;
  /** Observable type ids found on types, objects and attributes (1.1.0+ define the enum this way). */
  private readonly observableTypes: EnumSpec = {};

  constructor(root: string) {
    this.files = new SchemaFiles(root);
    const dict = this.files.read('dictionary.json');
    this.dictionary = obj(dict['attributes']);
    const rawTypes = obj(obj(dict['types'])['attributes']);
    this.types = resolveTypes(rawTypes);
    this.categories = obj(this.files.read('categories.json')['attributes']);
    this.hasDatetime = this.files.exists('profiles/datetime.json');
    for (const path of this.files.list('objects')) {
      const raw = this.files.read(path);
      const name = str(raw['name']);
      if (name) this.rawObjects.set(name, raw);
    }
    for (const path of this.files.list('events')) {
      const raw = this.files.read(path);
      const name = str(raw['name']);
      if (name) this.rawEvents.set(name, raw);
    }
    for (const [name, def] of Object.entries(rawTypes)) {
      const d = obj(def);
      if (typeof d['observable'] === 'number') this.addObservable(d['observable'], str(d['caption']) ?? name);
    }
    for (const [name, def] of Object.entries(this.dictionary)) {
      const d = obj(def);
      if (typeof d['observable'] === 'number') this.addObservable(d['observable'], str(d['caption']) ?? name);
    }
  }

  private addObservable(id: number, caption: string): void {
    if (this.observableTypes[String(id)] === undefined) this.observableTypes[String(id)] = caption;
  }

  /**
   * Expands `$include` in an attribute map: included files first, the map's own definitions merged over them.
   * Attributes that come from a profile file carry `profile: <name>` unless they name their own.
   * rc.2 also puts `$include` inside one attribute (`"activity_id": {"$include": "enums/…"}`).
   */
  private expand(attributes: RawObject, owner: string): RawObject {
    let acc: RawObject = {};
    const include = attributes['$include'];
    const paths = typeof include === 'string' ? [include] : Array.isArray(include) ? include : [];
    for (const path of paths) {
      if (typeof path !== 'string') continue;
      const file = this.files.read(path);
      let included = this.expand(obj(file['attributes']), owner);
      const profile = file['meta'] === 'profile' || path.startsWith('profiles/') ? str(file['name']) : undefined;
      if (profile) {
        const tagged: RawObject = {};
        for (const [name, def] of Object.entries(included)) {
          const d = obj(def);
          tagged[name] = 'profile' in d ? d : { ...d, profile };
        }
        included = tagged;
      }
      acc = deepMerge(acc, included);
    }
    for (const [name, def] of Object.entries(attributes)) {
      if (name === '$include' || !isRawObject(def)) continue;
      let own = def;
      const inner = def['$include'];
      if (typeof inner === 'string' || Array.isArray(inner)) {
        let merged: RawObject = {};
        for (const path of typeof inner === 'string' ? [inner] : inner) {
          if (typeof path !== 'string') continue;
          const { caption: _c, description: _d, name: _n, ...content } = this.files.read(path);
          merged = deepMerge(merged, content);
        }
        const { $include: _i, ...rest } = def;
        own = deepMerge(merged, rest);
      }
      if (typeof own['observable'] === 'number') this.addObservable(own['observable'], ANY_CAPTION);
      const prev = acc[name];
      acc[name] = isRawObject(prev) ? deepMerge(prev, own) : own;
    }
    return acc;
  }

  private mergeChain(
    name: string,
    raws: Map<string, RawObject>,
    done: Map<string, RawObject>,
    seen: Set<string>,
  ): RawObject {
    const cached = done.get(name);
    if (cached) return cached;
    const raw = raws.get(name);
    if (!raw) throw new Error(`OCSF schema: unknown ${raws === this.rawEvents ? 'class' : 'object'} "${name}"`);
    const parentName = str(raw['extends']);
    const parent =
      parentName && parentName !== name && !seen.has(parentName)
        ? this.mergeChain(parentName, raws, done, new Set([...seen, name]))
        : {};
    const own = this.expand(obj(raw['attributes']), name);
    const merged: RawObject = { ...raw, attributes: deepMerge(obj(parent['attributes']), own) };
    if (!str(raw['category']) && str(parent['category'])) merged['category'] = parent['category'];
    // An object without constraints of its own has its parent's (`user` → `_entity`: name or uid).
    if (!isRawObject(raw['constraints']) && isRawObject(parent['constraints'])) {
      merged['constraints'] = parent['constraints'];
    }
    done.set(name, merged);
    return merged;
  }

  /** Turns merged attribute definitions into specs, with the dictionary underneath and `*_dt` siblings. */
  private finish(attributes: RawObject): AttributeMap {
    const out: AttributeMap = {};
    for (const [name, local] of Object.entries(attributes)) {
      const def = deepMerge(obj(this.dictionary[name]), obj(local));
      const spec = this.attributeSpec(def);
      if (spec) out[name] = spec;
    }
    if (this.hasDatetime) {
      for (const [name, spec] of Object.entries(out)) {
        const dt = `${name}_dt`;
        if (spec.type === 'timestamp_t' && !out[dt]) {
          out[dt] = { type: 'datetime_t', ...(spec.array ? { array: true } : {}), profile: 'datetime' };
        }
      }
    }
    return out;
  }

  private attributeSpec(def: RawObject): AttributeSpec | undefined {
    let type = str(def['type']);
    if (type === 'object_t') type = str(def['object_type']) ?? 'object';
    if (!type) return undefined;
    const spec: AttributeSpec = {};
    const isType = this.types[type] !== undefined;
    if (isType) spec.type = type;
    else spec.object = type;
    if (def['is_array'] === true) spec.array = true;
    if (def['requirement'] === 'required') spec.required = true;
    else if (def['requirement'] === 'recommended') spec.recommended = true;
    const profile = str(def['profile']);
    if (profile) spec.profile = profile;
    const rawEnum = def['enum'];
    if (isRawObject(rawEnum) && Object.keys(rawEnum).length > 0) {
      const values: EnumSpec = {};
      const deprecatedValues: Record<string, string> = {};
      for (const key of Object.keys(rawEnum).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b))) {
        values[key] = str(obj(rawEnum[key])['caption']) ?? key;
        const note = deprecationNote(obj(rawEnum[key]));
        if (note) deprecatedValues[key] = note;
      }
      spec.enum = values;
      if (Object.keys(deprecatedValues).length > 0) spec.deprecatedValues = deprecatedValues;
    }
    const sibling = str(def['sibling']);
    if (sibling) spec.sibling = sibling;
    const deprecated = deprecationNote(def);
    if (deprecated) spec.deprecated = deprecated;
    return spec;
  }

  /** `at_least_one` / `just_one` lists that name attributes the object or class has; others are ignored. */
  private constraintsOf(raw: unknown, attributes: AttributeMap): Constraints | undefined {
    const out: Constraints = {};
    for (const kind of ['at_least_one', 'just_one'] as const) {
      const list = obj(raw)[kind];
      if (!Array.isArray(list)) continue;
      const names = list.filter((n): n is string => typeof n === 'string' && attributes[n] !== undefined);
      if (names.length > 0) out[kind] = names;
    }
    return out.at_least_one || out.just_one ? out : undefined;
  }

  private categoryOf(name: string | undefined): { uid: number; caption: string } {
    const cat = name ? obj(this.categories[name]) : {};
    const uid = typeof cat['uid'] === 'number' ? cat['uid'] : 0;
    return { uid, caption: str(cat['caption']) ?? 'Uncategorized' };
  }

  load(): SchemaModel {
    const version = str(this.files.read('version.json')['version']) ?? 'unknown';
    const classes: Record<string, ClassSpec> = {};
    for (const [name, raw] of this.rawEvents) {
      // Only concrete classes: those with a uid, and base_event (class_uid 0). Category-level parents
      // (`network`, `iam`, …) exist to be extended.
      if (typeof raw['uid'] !== 'number' && name !== 'base_event') continue;
      const merged = this.mergeChain(name, this.rawEvents, this.mergedEvents, new Set());
      const category = this.categoryOf(str(merged['category']));
      const local = typeof raw['uid'] === 'number' ? raw['uid'] : 0;
      const uid = name === 'base_event' ? 0 : category.uid * 1000 + local;
      const attributes = this.finish(obj(merged['attributes']));
      const constraints = this.constraintsOf(merged['constraints'], attributes);
      classes[String(uid)] = {
        uid,
        name,
        caption: str(raw['caption']) ?? name,
        categoryUid: category.uid,
        categoryCaption: category.caption,
        attributes,
        ...(constraints ? { constraints } : {}),
      };
    }
    const objects: Record<string, ObjectSpec> = {};
    for (const name of [...this.rawObjects.keys()].sort()) {
      const raw = this.rawObjects.get(name) as RawObject;
      if (typeof raw['observable'] === 'number') this.addObservable(raw['observable'], str(raw['caption']) ?? name);
      const merged = this.mergeChain(name, this.rawObjects, this.mergedObjects, new Set());
      // The generic `object` type carries no attributes of its own and admits anything (`unmapped`).
      if (name === 'object') {
        objects[name] = { attributes: {}, open: true };
        continue;
      }
      const attributes = this.finish(obj(merged['attributes']));
      const constraints = this.constraintsOf(merged['constraints'], attributes);
      objects[name] = constraints ? { attributes, constraints } : { attributes };
    }
    const observable = objects['observable']?.attributes['type_id'];
    if (observable) {
      const merged: EnumSpec = { ...(observable.enum ?? {}) };
      for (const [id, caption] of Object.entries(this.observableTypes)) merged[id] ??= caption;
      observable.enum = Object.fromEntries(Object.entries(merged).sort((a, b) => Number(a[0]) - Number(b[0])));
    }
    return { format: MODEL_FORMAT, version, types: this.types, objects, classes };
  }
}

const cache = new Map<string, SchemaModel>();

/** Loads (once per directory) an official OCSF schema checkout into the compact model. */
export function loadSchemaModel(schemaDir: string): SchemaModel {
  const root = resolvePath(schemaDir);
  let model = cache.get(root);
  if (!model) {
    model = new Loader(root).load();
    cache.set(root, model);
  }
  return model;
}
