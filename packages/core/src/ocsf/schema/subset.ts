import type { AttributeMap, ClassSpec, ObjectSpec, SchemaModel } from './model.js';

/**
 * The part of a model that some classes need: those classes and every object they reach (through any profile),
 * with every type. This is what the committed generated data holds.
 */
export function subsetModel(model: SchemaModel, classUids: readonly number[]): SchemaModel {
  const classes: Record<string, ClassSpec> = {};
  const objects: Record<string, ObjectSpec> = {};
  const pending: string[] = [];
  const visit = (attributes: AttributeMap): void => {
    for (const spec of Object.values(attributes)) {
      if (spec.object !== undefined && !(spec.object in objects)) {
        const object = model.objects[spec.object];
        if (!object) throw new Error(`OCSF ${model.version}: unknown object "${spec.object}"`);
        objects[spec.object] = object;
        pending.push(spec.object);
      }
    }
  };
  for (const uid of classUids) {
    const cls = model.classes[String(uid)];
    if (!cls) throw new Error(`OCSF ${model.version} has no class ${uid}`);
    classes[String(uid)] = cls;
    visit(cls.attributes);
  }
  for (let name = pending.shift(); name !== undefined; name = pending.shift()) {
    visit(model.objects[name]?.attributes ?? {});
  }
  const sorted = Object.fromEntries(Object.entries(objects).sort(([a], [b]) => a.localeCompare(b)));
  return { ...model, classes, objects: sorted };
}
