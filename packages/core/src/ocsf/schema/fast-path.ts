import { isIpAddress } from '../net.js';
import { codePoints, type EventTest, generateFastPath } from './fast-path-code.js';
import { attributeActive, classAttributes } from './json-schema.js';
import type { AttributeMap, AttributeSpec, ClassSpec, Constraints, SchemaModel, TypeSpec } from './model.js';
import { type CaptionPair, captionPairOf, constraintLists, countPresent, pairHolds } from './semantic.js';

/** Whether one value passes: `undefined` is a value here (an array element), as it is for JSON Schema. */
type Check = (value: unknown) => boolean;

/** One object type as checked in one pass: its attributes, its caption pairs and its constraints. */
interface ObjectPlan {
  attributes: Map<string, Check>;
  required: readonly string[];
  pairs: readonly CaptionPair[];
  atLeastOne: readonly string[] | undefined;
  justOne: readonly string[] | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const pass: Check = () => true;

/**
 * The checks of JSON Schema's `type` keyword for each base type, as ajv makes them (without `strictNumbers`):
 * NaN and ±Infinity are numbers, and ±Infinity is an integer.
 */
function baseCheck(type: TypeSpec): Check | undefined {
  switch (type.base) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'integer':
      return (v) => typeof v === 'number' && !(v % 1) && !Number.isNaN(v);
    case 'number':
      return (v) => typeof v === 'number';
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'object':
      return isRecord;
    case 'any':
      return undefined;
  }
}

/**
 * A dictionary type's checks in the order cheapest first; each keyword applies, as in JSON Schema, only to
 * the values of its own kind (`maxLength`, `pattern`, `format` to strings, `minimum`/`maximum` to numbers).
 */
function typeCheck(type: TypeSpec, values: ReadonlySet<unknown> | undefined): Check {
  const checks: Check[] = [];
  const base = baseCheck(type);
  if (base) checks.push(base);
  if (values) checks.push((v) => values.has(v));
  const { maxLength, minimum, maximum, format } = type;
  if (maxLength !== undefined) {
    checks.push((v) => typeof v !== 'string' || v.length <= maxLength || codePoints(v) <= maxLength);
  }
  if (minimum !== undefined) checks.push((v) => typeof v !== 'number' || v >= minimum);
  if (maximum !== undefined) checks.push((v) => typeof v !== 'number' || v <= maximum);
  if (type.pattern !== undefined) {
    // ajv compiles schema patterns with the `u` flag; so does this.
    const pattern = new RegExp(type.pattern, 'u');
    checks.push((v) => typeof v !== 'string' || pattern.test(v));
  }
  // Only `ip` is registered with ajv, which (strict: false) ignores any other format; so does this.
  if (format === 'ip') checks.push((v) => typeof v !== 'string' || isIpAddress(v));
  return all(checks);
}

function all(checks: readonly Check[]): Check {
  if (checks.length === 0) return pass;
  if (checks.length === 1) return checks[0] as Check;
  if (checks.length === 2) {
    const [a, b] = checks as [Check, Check];
    return (v) => a(v) && b(v);
  }
  return (v) => {
    for (const check of checks) if (!check(v)) return false;
    return true;
  };
}

/**
 * The valid path of the validator: one walk over an event that answers "valid or not" for everything the JSON
 * Schema of `buildClassSchema` and the object-level semantic checks (captions, constraints) say, without
 * building any issue. Only an event it rejects goes through ajv and the semantic checks for the report, so
 * it must agree with them exactly (the differential test holds it to that).
 *
 * It runs as generated code (`fast-path-code.ts`); where the process forbids generating code, or with
 * `how: 'plan'`, it walks a plan of closures made from the same rules.
 */
export class FastPath {
  /** True when ajv finds the event valid and the object-level semantic checks find nothing. */
  readonly valid: EventTest;

  constructor(model: SchemaModel, cls: ClassSpec, profiles: ReadonlySet<string>, how: 'code' | 'plan' = 'code') {
    const code = how === 'code' ? generateFastPath(model, cls, profiles) : undefined;
    if (code) {
      this.valid = code;
    } else {
      const root = new Planner(model, profiles).root(cls);
      this.valid = (event) => checkObject(root, event);
    }
  }
}

class Planner {
  private readonly plans = new Map<string, ObjectPlan>();
  private readonly types = new Map<string, Check>();

  constructor(
    private readonly model: SchemaModel,
    private readonly profiles: ReadonlySet<string>,
  ) {}

  root(cls: ClassSpec): ObjectPlan {
    return this.plan(classAttributes(cls), cls.constraints);
  }

  private plan(attributes: AttributeMap, constraints: Constraints | undefined): ObjectPlan {
    const plan: ObjectPlan = {
      attributes: new Map(),
      required: [],
      pairs: [],
      ...constraintLists(attributes, constraints, this.profiles),
    };
    const required: string[] = [];
    const pairs: CaptionPair[] = [];
    for (const name of Object.keys(attributes).sort()) {
      const spec = attributes[name] as AttributeSpec;
      if (!attributeActive(spec, this.profiles)) continue;
      plan.attributes.set(name, this.attributeCheck(spec));
      if (spec.required) required.push(name);
      const pair = captionPairOf(name, spec, attributes);
      if (pair) pairs.push(pair);
    }
    plan.required = required;
    plan.pairs = pairs;
    return plan;
  }

  private attributeCheck(spec: AttributeSpec): Check {
    const item = spec.object !== undefined ? this.objectCheck(spec.object) : this.valueCheck(spec);
    if (!spec.array) return item;
    return (v) => {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
      return true;
    };
  }

  private objectCheck(name: string): Check {
    const object = this.model.objects[name];
    if (!object) throw new Error(`OCSF ${this.model.version}: attribute refers to unknown object "${name}"`);
    if (object.open) return isRecord;
    let plan = this.plans.get(name);
    if (!plan) {
      // Registered before it is filled: recursive objects (process → parent_process) refer to it.
      plan = { attributes: new Map(), required: [], pairs: [], atLeastOne: undefined, justOne: undefined };
      this.plans.set(name, plan);
      Object.assign(plan, this.plan(object.attributes, object.constraints));
    }
    const target = plan;
    return (v) => checkObject(target, v);
  }

  private valueCheck(spec: AttributeSpec): Check {
    const type = this.model.types[spec.type ?? ''];
    if (!type) throw new Error(`OCSF ${this.model.version}: unknown data type "${spec.type}"`);
    if (!spec.enum) {
      let check = this.types.get(spec.type as string);
      if (!check) {
        check = typeCheck(type, undefined);
        this.types.set(spec.type as string, check);
      }
      return check;
    }
    const numeric = type.base === 'integer' || type.base === 'number';
    return typeCheck(type, new Set(Object.keys(spec.enum).map((key) => (numeric ? Number(key) : key))));
  }
}

function checkObject(plan: ObjectPlan, value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { attributes } = plan;
  // `for…in`, as ajv's additionalProperties loop: an attribute set to undefined is still an unknown name.
  for (const key in value) {
    const check = attributes.get(key);
    if (check === undefined) return false;
    const inner = value[key];
    if (inner !== undefined && !check(inner)) return false;
  }
  for (const name of plan.required) if (value[name] === undefined) return false;
  if (plan.atLeastOne !== undefined && countPresent(value, plan.atLeastOne) === 0) return false;
  if (plan.justOne !== undefined && countPresent(value, plan.justOne) !== 1) return false;
  for (const pair of plan.pairs) if (!pairHolds(value, pair)) return false;
  return true;
}
