import type { ValidationIssue } from './issues.js';
import { attributeActive, classAttributes } from './json-schema.js';
import {
  ANY_CAPTION,
  type AttributeMap,
  type AttributeSpec,
  type ClassSpec,
  type Constraints,
  type EnumSpec,
  type SchemaModel,
} from './model.js';

/** An `*_id` enum and the caption attribute beside it. */
export interface CaptionPair {
  id: string;
  sibling: string;
  values: EnumSpec;
  /** The same captions indexed by small integer id: no number → string conversion per event. */
  byNumber: (string | undefined)[];
}

/** Largest enum value looked up by index rather than by key (OCSF ids are small; 99 is Other). */
const MAX_INDEXED_ID = 255;

function captionsByNumber(values: EnumSpec): (string | undefined)[] {
  const out: (string | undefined)[] = new Array(MAX_INDEXED_ID + 1).fill(undefined);
  for (const [key, caption] of Object.entries(values)) {
    const n = Number(key);
    if (Number.isInteger(n) && n >= 0 && n <= MAX_INDEXED_ID && String(n) === key) out[n] = caption;
  }
  return out;
}

/** The caption pair an attribute starts (`activity_id` → `activity_name`), if it is one. */
export function captionPairOf(name: string, spec: AttributeSpec, attributes: AttributeMap): CaptionPair | undefined {
  if (!spec.enum || !spec.sibling || !attributes[spec.sibling]) return undefined;
  return { id: name, sibling: spec.sibling, values: spec.enum, byNumber: captionsByNumber(spec.enum) };
}

/** The caption an object's pair requires, or undefined when it has none to check or holds it. */
function wrongCaption(value: Record<string, unknown>, pair: CaptionPair): string | undefined {
  return captionWanted(value[pair.id], value[pair.sibling], pair);
}

/** The caption a pair's id requires when `caption` is not it (undefined: nothing to check, or it holds). */
function captionWanted(id: unknown, caption: unknown, pair: CaptionPair): string | undefined {
  if (caption === undefined || (typeof id !== 'number' && typeof id !== 'string') || id === 99) return undefined;
  const want =
    typeof id === 'number' && id >= 0 && id <= MAX_INDEXED_ID && Number.isInteger(id)
      ? pair.byNumber[id]
      : pair.values[String(id)];
  if (want === undefined || want === ANY_CAPTION || caption === want) return undefined;
  return want;
}

/** Whether the object's caption agrees with its id (or there is nothing to compare). */
export function pairHolds(value: Record<string, unknown>, pair: CaptionPair): boolean {
  return wrongCaption(value, pair) === undefined;
}

/**
 * `pairHolds` of the id and caption already read: generated code reads both by their constant names
 * (a keyed read by a name held in `pair` is a slow, many-shaped lookup on every event).
 */
export function captionHolds(id: unknown, caption: unknown, pair: CaptionPair): boolean {
  return captionWanted(id, caption, pair) === undefined;
}

/** `answers[].rdata` → [`answers`, `rdata`]: observable paths split once and kept. */
const pathSegments = new Map<string, string[]>();
const MAX_CACHED_PATHS = 1024;

function segmentsOf(path: string): string[] {
  let keys = pathSegments.get(path);
  if (keys === undefined) {
    keys = path.split('.').map((raw) => (raw.endsWith('[]') ? raw.slice(0, -2) : raw));
    // Observable names come from the events: bound the cache rather than trust them to repeat.
    if (pathSegments.size >= MAX_CACHED_PATHS) pathSegments.clear();
    pathSegments.set(path, keys);
  }
  return keys;
}

interface ChildRef {
  name: string;
  /** `/name` as a JSON Pointer segment, escaped once here rather than on every event. */
  segment: string;
  array: boolean;
  plan: Plan;
}

/** Where, within one object type, captions and constraints must be checked and which children can contain more. */
interface Plan {
  pairs: CaptionPair[];
  children: ChildRef[];
  atLeastOne: readonly string[] | undefined;
  justOne: readonly string[] | undefined;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The checks JSON Schema cannot express, prepared once per (class, profiles): type_uid arithmetic,
 * category, enum/caption agreement and observable paths.
 */
export class SemanticChecks {
  private readonly root: Plan;
  private readonly activity: EnumSpec;
  private readonly activityByNumber: (string | undefined)[];

  constructor(
    model: SchemaModel,
    private readonly cls: ClassSpec,
    profiles: ReadonlySet<string>,
  ) {
    const plans = new Map<string, Plan>();
    const relevant = new Set<Plan>();
    const planFor = (attributes: AttributeMap, constraints: Constraints | undefined): Plan => {
      const plan: Plan = { pairs: [], children: [], ...constraintLists(attributes, constraints, profiles) };
      for (const [name, spec] of Object.entries(attributes)) {
        if (!attributeActive(spec, profiles)) continue;
        const pair = captionPairOf(name, spec, attributes);
        if (pair) plan.pairs.push(pair);
        if (spec.object !== undefined) {
          const object = model.objects[spec.object];
          if (!object || object.open) continue;
          let child = plans.get(spec.object);
          if (!child) {
            child = { pairs: [], children: [], atLeastOne: undefined, justOne: undefined };
            plans.set(spec.object, child);
            Object.assign(child, planFor(object.attributes, object.constraints));
          }
          plan.children.push({ name, segment: `/${escapePointer(name)}`, array: spec.array === true, plan: child });
        }
      }
      return plan;
    };
    this.root = planFor(classAttributes(cls), cls.constraints);
    // Keep only children that can reach a caption pair or a constraint: most of an event is then never walked.
    const all = [this.root, ...plans.values()];
    for (const plan of all) if (plan.pairs.length > 0 || plan.atLeastOne || plan.justOne) relevant.add(plan);
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
    this.activity = cls.attributes['activity_id']?.enum ?? {};
    this.activityByNumber = captionsByNumber(this.activity);
  }

  check(event: Record<string, unknown>, issues: ValidationIssue[]): void {
    this.eventChecks(event, issues);
    this.walk(event, this.root, '', issues);
    this.observables(event, issues);
  }

  /**
   * The checks of the event as a whole (type_uid, type_name, category) and of its observables: `check`
   * without the walk through its objects, which the fast path makes itself.
   */
  checkEventLevel(event: Record<string, unknown>, issues: ValidationIssue[]): void {
    this.eventChecks(event, issues);
    this.observables(event, issues);
  }

  private eventChecks(event: Record<string, unknown>, issues: ValidationIssue[]): void {
    const { cls } = this;
    const activityId = event['activity_id'];
    const classUid = typeof event['class_uid'] === 'number' ? event['class_uid'] : cls.uid;
    if (typeof activityId === 'number' && event['type_uid'] !== undefined) {
      const expected = classUid * 100 + activityId;
      if (event['type_uid'] !== expected) {
        issues.push({
          pointer: '/type_uid',
          code: 'type_uid',
          message: `type_uid must be class_uid × 100 + activity_id = ${expected}, found ${JSON.stringify(event['type_uid'])}`,
        });
      }
      const caption =
        activityId >= 0 && activityId <= MAX_INDEXED_ID && Number.isInteger(activityId)
          ? this.activityByNumber[activityId]
          : this.activity[String(activityId)];
      const typeName = event['type_name'];
      if (caption && caption !== ANY_CAPTION && activityId !== 99 && typeof typeName === 'string') {
        const want = `${cls.caption}: ${caption}`;
        if (typeName !== want) {
          issues.push({
            pointer: '/type_name',
            code: 'caption',
            message: `type_name must be "${want}", found "${typeName}"`,
          });
        }
      }
    }
    const categoryUid = event['category_uid'];
    if (categoryUid !== undefined && categoryUid !== cls.categoryUid) {
      issues.push({
        pointer: '/category_uid',
        code: 'category',
        message: `category_uid of ${cls.caption} (${cls.uid}) is ${cls.categoryUid}, found ${JSON.stringify(categoryUid)}`,
      });
    }
    const categoryName = event['category_name'];
    if (typeof categoryName === 'string' && categoryName !== cls.categoryCaption) {
      issues.push({
        pointer: '/category_name',
        code: 'caption',
        message: `category_name must be "${cls.categoryCaption}", found "${categoryName}"`,
      });
    }
  }

  /** Caption pairs and constraints of one object, then of the children that can hold more. */
  private walk(value: Record<string, unknown>, plan: Plan, pointer: string, issues: ValidationIssue[]): void {
    if (plan.atLeastOne !== undefined && countPresent(value, plan.atLeastOne) === 0) {
      issues.push({
        pointer,
        code: 'at_least_one',
        message: `${where(pointer)} must have at least one of ${plan.atLeastOne.join(', ')}`,
      });
    }
    if (plan.justOne !== undefined) {
      const n = countPresent(value, plan.justOne);
      if (n !== 1) {
        issues.push({
          pointer,
          code: 'just_one',
          message: `${where(pointer)} must have exactly one of ${plan.justOne.join(', ')} (found ${n})`,
        });
      }
    }
    for (const pair of plan.pairs) {
      const want = wrongCaption(value, pair);
      if (want === undefined) continue;
      const id = value[pair.id] as number | string;
      const caption = value[pair.sibling];
      issues.push({
        pointer: `${pointer}/${escapePointer(pair.sibling)}`,
        code: 'caption',
        message: `${pair.sibling} must be "${want}" for ${pair.id} ${id}, found ${JSON.stringify(caption)}`,
      });
    }
    for (const child of plan.children) {
      // The pointer is built only for children present (this runs for every event with --validate).
      const inner = value[child.name];
      if (child.array && Array.isArray(inner)) {
        const at = pointer + child.segment;
        for (let i = 0; i < inner.length; i++) {
          const item: unknown = inner[i];
          if (isRecord(item)) this.walk(item, child.plan, `${at}/${i}`, issues);
        }
      } else if (isRecord(inner)) {
        this.walk(inner, child.plan, pointer + child.segment, issues);
      }
    }
  }

  private observables(event: Record<string, unknown>, issues: ValidationIssue[]): void {
    const list = event['observables'];
    if (!Array.isArray(list)) return;
    for (let i = 0; i < list.length; i++) {
      const item: unknown = list[i];
      if (!isRecord(item) || typeof item['name'] !== 'string') continue;
      const name = item['name'];
      // Most observable paths cross no array and lead to one value: found without building a list.
      const single = singleValueAt(event, name);
      const found = single === MANY ? resolvePath(event, name) : undefined;
      if (single === undefined || found?.length === 0) {
        issues.push({
          pointer: `/observables/${i}/name`,
          code: 'observable',
          message: `observable path "${name}" is not in the event`,
        });
        continue;
      }
      const value = item['value'];
      if (value === undefined) continue;
      let shown: unknown;
      if (found === undefined) {
        if (typeof single === 'object' || String(single) === String(value)) continue;
        shown = single;
      } else {
        const scalars = found.filter((v) => typeof v !== 'object' || v === null);
        if (scalars.length === 0 || scalars.some((v) => String(v) === String(value))) continue;
        shown = scalars.length === 1 ? scalars[0] : scalars;
      }
      issues.push({
        pointer: `/observables/${i}/value`,
        code: 'observable',
        message: `observable value ${JSON.stringify(value)} differs from ${name} (${JSON.stringify(shown)})`,
      });
    }
  }
}

/** The constraint lists of an object, reduced to the attributes active with these profiles. */
export function constraintLists(
  attributes: AttributeMap,
  constraints: Constraints | undefined,
  profiles: ReadonlySet<string>,
): { atLeastOne: readonly string[] | undefined; justOne: readonly string[] | undefined } {
  const active = (list: readonly string[] | undefined): readonly string[] | undefined => {
    if (list === undefined) return undefined;
    const names = list.filter((name) => {
      const spec = attributes[name];
      return spec !== undefined && attributeActive(spec, profiles);
    });
    return names.length > 0 ? names : undefined;
  };
  return { atLeastOne: active(constraints?.at_least_one), justOne: active(constraints?.just_one) };
}

export function countPresent(value: Record<string, unknown>, names: readonly string[]): number {
  let n = 0;
  for (const name of names) if (value[name] !== undefined && value[name] !== null) n++;
  return n;
}

function where(pointer: string): string {
  return pointer === '' ? 'the event' : pointer;
}

/** What `singleValueAt` returns for a path that crosses an array: `resolvePath` must answer. */
const MANY: unique symbol = Symbol('many');

/**
 * The value at a dotted path when the path crosses no array (`resolvePath` would return it alone), undefined
 * when there is none (`resolvePath` would return nothing), MANY when an array is on the way.
 */
function singleValueAt(root: Record<string, unknown>, path: string): unknown {
  let node: unknown = root;
  for (const key of segmentsOf(path)) {
    if (!isRecord(node)) return undefined;
    const value = node[key];
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return MANY;
    node = value;
  }
  return node;
}

/**
 * The values at a dotted observable path (`dst_endpoint.ip`, `answers[].rdata`); arrays on the way are
 * entered element by element, as observable names do not index them.
 */
export function resolvePath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const key of segmentsOf(path)) {
    const next: unknown[] = [];
    for (const node of current) {
      if (!isRecord(node)) continue;
      const value = node[key];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) next.push(...value);
      else next.push(value);
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}
