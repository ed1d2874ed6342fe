import type { AttributeMap, AttributeSpec, ClassSpec, SchemaModel } from './model.js';

/** A plain JSON Schema (draft-07) document or sub-schema. */
export interface JsonSchema {
  [keyword: string]: unknown;
}

/** Finds a class by uid (`4001`, `'4001'`) or by name (`network_activity`). */
export function findClass(model: SchemaModel, classUid: number | string): ClassSpec | undefined {
  const byUid = model.classes[String(classUid)];
  if (byUid) return byUid;
  for (const cls of Object.values(model.classes)) if (cls.name === classUid) return cls;
  return undefined;
}

/**
 * The class's attributes as they apply to one event of it: `class_uid` admits only this class (with its caption,
 * for the `class_name` check), and `category_uid` loses the base class's placeholder enum (the category check is
 * semantic, so a wrong category is reported once, as `category`).
 */
export function classAttributes(cls: ClassSpec): AttributeMap {
  const attributes: AttributeMap = { ...cls.attributes };
  const classUid = attributes['class_uid'];
  if (classUid) attributes['class_uid'] = { ...classUid, enum: { [String(cls.uid)]: cls.caption } };
  const categoryUid = attributes['category_uid'];
  if (categoryUid) {
    const { enum: _e, sibling: _s, ...rest } = categoryUid;
    attributes['category_uid'] = rest;
  }
  return attributes;
}

/** Whether an attribute exists for an event with these profiles. */
export function attributeActive(spec: AttributeSpec, profiles: ReadonlySet<string>): boolean {
  return spec.profile === undefined || profiles.has(spec.profile);
}

class Builder {
  readonly definitions: Record<string, JsonSchema> = {};
  private readonly pending: string[] = [];

  constructor(
    private readonly model: SchemaModel,
    private readonly profiles: ReadonlySet<string>,
  ) {}

  objectSchema(attributes: AttributeMap): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const name of Object.keys(attributes).sort()) {
      const spec = attributes[name] as AttributeSpec;
      if (!attributeActive(spec, this.profiles)) continue;
      properties[name] = this.attributeSchema(spec);
      if (spec.required) required.push(name);
    }
    const schema: JsonSchema = { type: 'object', properties, additionalProperties: false };
    if (required.length > 0) schema['required'] = required;
    return schema;
  }

  private attributeSchema(spec: AttributeSpec): JsonSchema {
    const value = spec.object !== undefined ? this.objectRef(spec.object) : this.typeSchema(spec);
    return spec.array ? { type: 'array', items: value } : value;
  }

  private objectRef(name: string): JsonSchema {
    const object = this.model.objects[name];
    if (!object) throw new Error(`OCSF ${this.model.version}: attribute refers to unknown object "${name}"`);
    if (object.open) return { type: 'object' };
    if (!(name in this.definitions)) {
      this.definitions[name] = {};
      this.pending.push(name);
    }
    return { $ref: `#/definitions/${name}` };
  }

  private typeSchema(spec: AttributeSpec): JsonSchema {
    const type = this.model.types[spec.type ?? ''];
    if (!type) throw new Error(`OCSF ${this.model.version}: unknown data type "${spec.type}"`);
    const schema: JsonSchema = type.base === 'any' ? {} : { type: type.base };
    if (type.maxLength !== undefined) schema['maxLength'] = type.maxLength;
    if (type.pattern !== undefined) schema['pattern'] = type.pattern;
    if (type.format !== undefined) schema['format'] = type.format;
    if (type.minimum !== undefined) schema['minimum'] = type.minimum;
    if (type.maximum !== undefined) schema['maximum'] = type.maximum;
    if (spec.enum) {
      const numeric = type.base === 'integer' || type.base === 'number';
      schema['enum'] = Object.keys(spec.enum).map((key) => (numeric ? Number(key) : key));
    }
    return schema;
  }

  /** Fills the definitions of every object reached so far, and of those they reach in turn. */
  drain(): void {
    for (let name = this.pending.shift(); name !== undefined; name = this.pending.shift()) {
      this.definitions[name] = this.objectSchema(this.model.objects[name]?.attributes ?? {});
    }
  }
}

/**
 * JSON Schema for one class of a resolved model, with the attributes of the given profiles allowed (and, where
 * the profile says so, required). Objects become `definitions` referenced by `$ref`, so recursive objects
 * (process → parent_process) are fine.
 */
export function buildClassSchema(model: SchemaModel, cls: ClassSpec, profiles: Iterable<string> = []): JsonSchema {
  const builder = new Builder(model, new Set(profiles));
  const root = builder.objectSchema(classAttributes(cls));
  builder.drain();
  const definitions = Object.fromEntries(Object.entries(builder.definitions).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `OCSF ${model.version} ${cls.caption} (${cls.uid})`,
    ...root,
    definitions,
  };
}
