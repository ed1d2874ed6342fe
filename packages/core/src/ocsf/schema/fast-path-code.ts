import { compileBody, generatedBody } from '../../codegen.js';
import { isIpAddress } from '../net.js';
import { attributeActive, classAttributes } from './json-schema.js';
import type { AttributeMap, AttributeSpec, ClassSpec, Constraints, SchemaModel, TypeSpec } from './model.js';
import { type CaptionPair, captionHolds, captionPairOf, constraintLists } from './semantic.js';

/** JSON Schema's `maxLength` counts code points, not UTF-16 units (a surrogate pair is one). */
export function codePoints(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Enums this small are compared one by one; larger ones are looked up in a Set. */
const INLINE_ENUM = 6;

/**
 * Writes the fast path of one (class, profiles) as straight-line JavaScript: a function per object type, whose
 * loop over the object's keys is a `switch` on the attribute names with each value's checks inlined. The same
 * rules as `FastPath`'s plan (and so as the JSON Schema and the object-level semantic checks), in the shape V8
 * runs fastest: constant property names, no calls through a table of closures.
 */
class CodeWriter {
  readonly functions: string[] = [];
  readonly constants: unknown[] = [];
  private readonly objectIds = new Map<string, number>();
  private readonly pending: [id: number, attributes: AttributeMap, constraints: Constraints | undefined][] = [];
  private readonly arrayIds = new Map<string, number>();
  private nextId = 0;

  constructor(
    private readonly model: SchemaModel,
    private readonly profiles: ReadonlySet<string>,
  ) {}

  /** The root function's name, after every object it reaches has been written. */
  write(cls: ClassSpec): string {
    const root = this.nextId++;
    this.pending.push([root, classAttributes(cls), cls.constraints]);
    for (let next = this.pending.shift(); next !== undefined; next = this.pending.shift()) this.object(...next);
    return `o${root}`;
  }

  private constant(value: unknown): string {
    this.constants.push(value);
    return `c${this.constants.length - 1}`;
  }

  private object(id: number, attributes: AttributeMap, constraints: Constraints | undefined): void {
    const loads: string[] = [];
    const names: string[] = [];
    const required: string[] = [];
    const tail: string[] = [];
    for (const name of Object.keys(attributes).sort()) {
      const spec = attributes[name] as AttributeSpec;
      if (!attributeActive(spec, this.profiles)) continue;
      const check = this.attribute(spec, 'x');
      const key = JSON.stringify(name);
      names.push(key);
      loads.push(
        `x = v[${key}]; if (x !== undefined) { ${check === 'true' ? '' : `if (!(${check})) return false; `}n++; }`,
      );
      if (spec.required) required.push(`v[${key}] === undefined`);
      const pair: CaptionPair | undefined = captionPairOf(name, spec, attributes);
      if (pair)
        tail.push(
          `x = v[${JSON.stringify(pair.sibling)}]; if (x !== undefined && !ph(v[${key}], x, ${this.constant(pair)})) return false;`,
        );
    }
    const { atLeastOne, justOne } = constraintLists(attributes, constraints, this.profiles);
    const present = (list: readonly string[]): string =>
      list.map((n) => `(v[${JSON.stringify(n)}] != null ? 1 : 0)`).join(' + ');
    if (atLeastOne) tail.unshift(`if (${present(atLeastOne)} === 0) return false;`);
    if (justOne) tail.splice(atLeastOne ? 1 : 0, 0, `if (${present(justOne)} !== 1) return false;`);
    // Each attribute is read by its constant name (V8 caches where it is for the event's shape), and the keys
    // are only counted: as many keys as attributes with a value means no other key. Otherwise `k` tells an
    // unknown name (invalid, as ajv's additionalProperties loop has it, even when set to undefined) from an
    // attribute set to undefined (valid).
    this.functions.push(
      [
        `function o${id}(v) {`,
        '  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;',
        '  let n = 0;',
        '  let x;',
        ...loads.map((l) => `  ${l}`),
        '  let keys = 0;',
        '  for (const k in v) keys++;',
        `  if (keys !== n && !k${id}(v)) return false;`,
        ...(required.length > 0 ? [`  if (${required.join(' || ')}) return false;`] : []),
        ...tail.map((t) => `  ${t}`),
        '  return true;',
        '}',
        `function k${id}(v) {`,
        '  for (const k in v) {',
        '    switch (k) {',
        ...(names.length > 0 ? [`      ${names.map((n) => `case ${n}:`).join(' ')} break;`] : []),
        '      default: return false;',
        '    }',
        '  }',
        '  return true;',
        '}',
      ].join('\n'),
    );
  }

  private attribute(spec: AttributeSpec, x: string): string {
    if (!spec.array) return this.value(spec, x);
    const item = this.value(spec, 'y');
    let id = this.arrayIds.get(item);
    if (id === undefined) {
      id = this.nextId++;
      this.arrayIds.set(item, id);
      this.functions.push(
        [
          `function a${id}(x) {`,
          '  if (!Array.isArray(x)) return false;',
          ...(item === 'true'
            ? []
            : [
                '  for (let i = 0; i < x.length; i++) {',
                '    const y = x[i];',
                `    if (!(${item})) return false;`,
                '  }',
              ]),
          '  return true;',
          '}',
        ].join('\n'),
      );
    }
    return `a${id}(${x})`;
  }

  private value(spec: AttributeSpec, x: string): string {
    if (spec.object !== undefined) {
      const object = this.model.objects[spec.object];
      if (!object) throw new Error(`OCSF ${this.model.version}: attribute refers to unknown object "${spec.object}"`);
      if (object.open) return `(typeof ${x} === "object" && ${x} !== null && !Array.isArray(${x}))`;
      let id = this.objectIds.get(spec.object);
      if (id === undefined) {
        id = this.nextId++;
        this.objectIds.set(spec.object, id);
        this.pending.push([id, object.attributes, object.constraints]);
      }
      return `o${id}(${x})`;
    }
    const type = this.model.types[spec.type ?? ''];
    if (!type) throw new Error(`OCSF ${this.model.version}: unknown data type "${spec.type}"`);
    const checks = this.typeChecks(type, x);
    if (spec.enum) {
      const numeric = type.base === 'integer' || type.base === 'number';
      const values = Object.keys(spec.enum).map((key) => (numeric ? Number(key) : key));
      checks.splice(
        checks.length > 0 ? 1 : 0,
        0,
        values.length <= INLINE_ENUM
          ? `(${values.map((v) => `${x} === ${JSON.stringify(v)}`).join(' || ')})`
          : `${this.constant(new Set(values))}.has(${x})`,
      );
    }
    return checks.length > 0 ? checks.join(' && ') : 'true';
  }

  /** JSON Schema's `type` and the type's constraints, each applying only to values of its kind (as in ajv). */
  private typeChecks(type: TypeSpec, x: string): string[] {
    const checks: string[] = [];
    const isString = type.base === 'string';
    const isNumber = type.base === 'integer' || type.base === 'number';
    switch (type.base) {
      case 'string':
        checks.push(`typeof ${x} === "string"`);
        break;
      case 'integer':
        // ajv without strictNumbers: ±Infinity is an integer, NaN is not.
        checks.push(`typeof ${x} === "number" && !(${x} % 1) && ${x} === ${x}`);
        break;
      case 'number':
        checks.push(`typeof ${x} === "number"`);
        break;
      case 'boolean':
        checks.push(`typeof ${x} === "boolean"`);
        break;
      case 'object':
        checks.push(`typeof ${x} === "object" && ${x} !== null && !Array.isArray(${x})`);
        break;
      case 'any':
        break;
    }
    const strings = (check: string): string => (isString ? check : `(typeof ${x} !== "string" || ${check})`);
    const numbers = (check: string): string => (isNumber ? check : `(typeof ${x} !== "number" || ${check})`);
    if (type.maxLength !== undefined) {
      checks.push(strings(`(${x}.length <= ${type.maxLength} || cp(${x}) <= ${type.maxLength})`));
    }
    if (type.minimum !== undefined) checks.push(numbers(`${x} >= ${type.minimum}`));
    if (type.maximum !== undefined) checks.push(numbers(`${x} <= ${type.maximum}`));
    // ajv compiles schema patterns with the `u` flag; so does this.
    if (type.pattern !== undefined) checks.push(strings(`${this.constant(new RegExp(type.pattern, 'u'))}.test(${x})`));
    // Only `ip` is registered with ajv, which (strict: false) ignores any other format.
    if (type.format === 'ip') checks.push(strings(`ip(${x})`));
    return checks;
  }
}

/** Whether an event of the class passes, as `FastPath` answers it. */
export type EventTest = (event: Record<string, unknown>) => boolean;

/**
 * The fast path of one (class, profiles) as generated code, or undefined where the process forbids code
 * generation from strings (`--disallow-code-generation-from-strings`): the caller then walks its plan.
 */
export function generateFastPath(
  model: SchemaModel,
  cls: ClassSpec,
  profiles: ReadonlySet<string>,
): EventTest | undefined {
  const writer = new CodeWriter(model, profiles);
  const root = writer.write(cls);
  // The source is written above from the schema model alone (names quoted with JSON.stringify); no event data
  // reaches it.
  const make = compileBody<(...args: unknown[]) => EventTest>(
    ['c', 'ip', 'cp', 'ph'],
    generatedBody(writer.constants.length, writer.functions, root),
  );
  if (make === undefined) return undefined;
  return make(writer.constants, isIpAddress, codePoints, captionHolds);
}
