import type { ValidationIssue } from './issues.js';
import { attributeActive, classAttributes } from './json-schema.js';
import type { AttributeMap, ClassSpec, SchemaModel } from './model.js';

interface DeprecatedAttribute {
  name: string;
  note: string | undefined;
  /** Deprecated enum ids of this attribute (id → note). */
  values: Readonly<Record<string, string>> | undefined;
}

interface Child {
  name: string;
  array: boolean;
  plan: Plan;
}

interface Plan {
  deprecated: DeprecatedAttribute[];
  children: Child[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Where, in events of one class (with given profiles), the schema marks attributes or enum values
 * `@deprecated`, prepared once; `check` walks only the parts of an event that can contain one.
 */
export class DeprecationChecks {
  private readonly root: Plan;

  constructor(
    model: SchemaModel,
    cls: ClassSpec,
    profiles: ReadonlySet<string>,
    private readonly version: string,
  ) {
    const plans = new Map<string, Plan>();
    const planFor = (attributes: AttributeMap): Plan => {
      const plan: Plan = { deprecated: [], children: [] };
      for (const [name, spec] of Object.entries(attributes)) {
        if (!attributeActive(spec, profiles)) continue;
        if (spec.deprecated !== undefined || spec.deprecatedValues !== undefined) {
          plan.deprecated.push({ name, note: spec.deprecated, values: spec.deprecatedValues });
        }
        if (spec.object === undefined) continue;
        const object = model.objects[spec.object];
        if (!object || object.open) continue;
        let child = plans.get(spec.object);
        if (!child) {
          child = { deprecated: [], children: [] };
          plans.set(spec.object, child);
          Object.assign(child, planFor(object.attributes));
        }
        plan.children.push({ name, array: spec.array === true, plan: child });
      }
      return plan;
    };
    this.root = planFor(classAttributes(cls));
    // Keep only children that can reach a deprecation.
    const all = [this.root, ...plans.values()];
    const relevant = new Set(all.filter((p) => p.deprecated.length > 0));
    for (let changed = true; changed; ) {
      changed = false;
      for (const plan of all) {
        if (!relevant.has(plan) && plan.children.some((c) => relevant.has(c.plan))) {
          relevant.add(plan);
          changed = true;
        }
      }
    }
    for (const plan of all) plan.children = plan.children.filter((c) => relevant.has(c.plan));
  }

  /** Deprecated attributes and enum values used in the event, as issues with code `deprecated`. */
  check(event: Record<string, unknown>): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    this.walk(event, this.root, '', issues);
    return issues;
  }

  private walk(value: Record<string, unknown>, plan: Plan, pointer: string, issues: ValidationIssue[]): void {
    for (const d of plan.deprecated) {
      const v = value[d.name];
      if (v === undefined) continue;
      const at = `${pointer}/${escapePointer(d.name)}`;
      if (d.note !== undefined) {
        issues.push({
          pointer: at,
          code: 'deprecated',
          message: `"${d.name}" is deprecated in OCSF ${this.version} (${d.note})`,
        });
      }
      const note = d.values?.[String(v)];
      if (note !== undefined && (typeof v === 'number' || typeof v === 'string')) {
        issues.push({
          pointer: at,
          code: 'deprecated',
          message: `${d.name} ${JSON.stringify(v)} is deprecated in OCSF ${this.version} (${note})`,
        });
      }
    }
    for (const child of plan.children) {
      const inner = value[child.name];
      const at = `${pointer}/${escapePointer(child.name)}`;
      if (child.array && Array.isArray(inner)) {
        for (let i = 0; i < inner.length; i++) {
          const item: unknown = inner[i];
          if (isRecord(item)) this.walk(item, child.plan, `${at}/${i}`, issues);
        }
      } else if (isRecord(inner)) {
        this.walk(inner, child.plan, at, issues);
      }
    }
  }
}
