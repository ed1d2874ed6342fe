import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastPath } from './fast-path.js';
import { availableVersions, generatedModel } from './generated.js';
import type { ValidationIssue } from './issues.js';
import { attributeActive, classAttributes } from './json-schema.js';
import { ANY_CAPTION, type AttributeMap, type AttributeSpec, type ClassSpec, type SchemaModel } from './model.js';
import { resolvePath } from './semantic.js';
import { type Compiled, compiledFor, createValidator, reportedIssues } from './validator.js';

type Event = Record<string, unknown>;
type Rand = () => number;

/** A small deterministic PRNG (mulberry32): fast-check picks the seed, so a failure replays. */
function prng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

/** Values each dictionary type accepts, then ones it does not (picked now and then). */
const SAMPLES: Record<string, readonly [good: readonly unknown[], bad: readonly unknown[]]> = {
  datetime_t: [['2024-05-06T07:08:09Z', '2024-05-06T07:08:09.123+02:00'], ['2024-05-06 07:08:09Z']],
  email_t: [['a.b@example.com'], ['not an email']],
  ip_t: [
    ['10.0.0.1', '2600:1f18::1'],
    ['10.0.0.256', '😀'.repeat(20)],
  ],
  mac_t: [['0a:1b:2c:3d:4e:5f', '0a-1b-2c-3d-4e-5f'], ['0a:1b']],
  uuid_t: [['123e4567-e89b-12d3-a456-426614174000'], ['x']],
  bytestring_t: [['QUJD', 'QUI='], ['!']],
  hostname_t: [['host-1.example'], ['bad_host!']],
  file_name_t: [['a.txt'], ['a/b']],
  subnet_t: [['10.0.0.0/24', '😀'.repeat(42)], ['x'.repeat(43)]],
  resource_uid_t: [['i-0123456789abcdef0', '😀'.repeat(64)], ['x'.repeat(65)]],
  file_hash_t: [['ab'.repeat(32)], ['ab'.repeat(33)]],
  port_t: [
    [0, 443, 65535],
    [65536, -1],
  ],
};

/** Now and then: most of a random event is right, so that valid events are common and errors single. */
const RARELY = 0.01;

const profilesOf = (spec: AttributeSpec): string[] => (spec.profile === undefined ? [] : [spec.profile]);

/** Every profile some attribute of the class (or of an object it reaches) belongs to. */
function classProfiles(model: SchemaModel, cls: ClassSpec): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  const visit = (attributes: AttributeMap): void => {
    for (const spec of Object.values(attributes)) {
      for (const p of profilesOf(spec)) found.add(p);
      if (spec.object !== undefined && !seen.has(spec.object)) {
        seen.add(spec.object);
        visit(model.objects[spec.object]?.attributes ?? {});
      }
    }
  };
  visit(cls.attributes);
  return [...found].sort();
}

/**
 * A random event of a class, built from the model so that it is mostly valid: required attributes (nearly
 * always), optional ones at random, enum ids with their captions, constraints mostly met. Inactive
 * attributes, wrong captions and unmet constraints slip in now and then on purpose.
 */
function randomEvent(model: SchemaModel, cls: ClassSpec, profiles: ReadonlySet<string>, rand: Rand): Event {
  const value = (spec: AttributeSpec, depth: number): unknown => {
    if (spec.object !== undefined) {
      const object = model.objects[spec.object];
      if (!object || object.open) return rand() < 0.5 ? {} : { any: [1, 'two'], nested: { x: null } };
      return objectOf(object.attributes, object.constraints, depth + 1);
    }
    if (spec.enum) {
      const type = model.types[spec.type ?? ''];
      const numeric = type?.base === 'integer' || type?.base === 'number';
      const keys = Object.keys(spec.enum);
      const key = rand() < RARELY ? '12345' : pick(rand, keys);
      return numeric ? Number(key) : key;
    }
    const samples = SAMPLES[spec.type ?? ''];
    if (samples) return pick(rand, samples[rand() < RARELY ? 1 : 0]);
    switch (model.types[spec.type ?? '']?.base) {
      case 'integer':
        return Math.floor(rand() * 2 ** 40) - 2 ** 20;
      case 'number':
        return rand() * 1e6;
      case 'boolean':
        return rand() < 0.5;
      case 'string':
        return pick(rand, ['x', '', 'value 1', 'ü😀']);
      case 'object':
        return { k: 'v' };
      default:
        return pick(rand, [1, 'x', null, [1, { a: 2 }], { a: { b: [] } }, true]);
    }
  };
  const attribute = (spec: AttributeSpec, depth: number): unknown => {
    if (!spec.array) return value(spec, depth);
    const n = depth > 3 ? 0 : Math.floor(rand() * 3);
    return Array.from({ length: n }, () => value(spec, depth));
  };
  const objectOf = (attributes: AttributeMap, constraints: ClassSpec['constraints'], depth: number): Event => {
    const out: Event = {};
    for (const name of Object.keys(attributes).sort()) {
      const spec = attributes[name] as AttributeSpec;
      const active = attributeActive(spec, profiles);
      const want = active && (spec.required ? rand() > RARELY : rand() < (depth > 2 ? 0.05 : 0.25));
      // Objects deep down are left out unless required, so the events stay small.
      if (want && !(spec.object !== undefined && depth > 4 && !spec.required)) out[name] = attribute(spec, depth);
    }
    const inactive = Object.keys(attributes).filter((n) => !attributeActive(attributes[n] as AttributeSpec, profiles));
    if (inactive.length > 0 && rand() < RARELY) out[pick(rand, inactive)] = 1;
    const atLeastOne = constraints?.at_least_one;
    if (atLeastOne && rand() > RARELY && !atLeastOne.some((n) => out[n] !== undefined)) {
      const name = pick(rand, atLeastOne);
      const spec = attributes[name];
      if (spec) out[name] = attribute(spec, depth);
    }
    const justOne = constraints?.just_one;
    if (justOne && rand() > RARELY) {
      for (const name of justOne) delete out[name];
      const name = pick(rand, justOne);
      const spec = attributes[name];
      if (spec) out[name] = attribute(spec, depth);
    }
    for (const [name, spec] of Object.entries(attributes)) {
      const id = out[name];
      const sibling = spec.sibling === undefined ? undefined : attributes[spec.sibling];
      if (!spec.enum || !spec.sibling || spec.array || typeof id === 'object' || !sibling || sibling.enum) continue;
      const caption = spec.enum[String(id)];
      if (rand() < RARELY) out[spec.sibling] = rand() < 0.5 ? 'Some Other Caption' : 42;
      else if (caption !== undefined && caption !== ANY_CAPTION && rand() < 0.8) out[spec.sibling] = caption;
      else delete out[spec.sibling];
    }
    return out;
  };
  const event = objectOf(classAttributes(cls), cls.constraints, 0);
  event['class_uid'] = cls.uid;
  event['category_uid'] = cls.categoryUid;
  if (typeof event['activity_id'] === 'number') event['type_uid'] = cls.uid * 100 + event['activity_id'];
  for (const name of ['type_name', 'category_name']) if (rand() > RARELY) delete event[name];
  return event;
}

/** Every (object, key) of an event, so a mutation can reach any attribute at any depth. */
function slots(
  root: unknown,
  out: [Event | unknown[], string | number][] = [],
): [Event | unknown[], string | number][] {
  if (Array.isArray(root)) {
    root.forEach((item, i) => {
      out.push([root, i]);
      slots(item, out);
    });
  } else if (typeof root === 'object' && root !== null) {
    for (const [key, item] of Object.entries(root)) {
      out.push([root as Event, key]);
      slots(item, out);
    }
  }
  return out;
}

/** Values a mutation puts in place of another: wrong types, edge numbers, long and astral strings. */
const REPLACEMENTS: readonly unknown[] = [
  undefined,
  null,
  0,
  -0,
  -1,
  1.5,
  99,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x',
  '1',
  '😀'.repeat(40),
  '😀'.repeat(41),
  true,
  [],
  [1],
  {},
  { unknown_attribute: 1 },
];

function mutate(event: Event, rand: Rand, extra: unknown): void {
  const all = slots(event).filter(([parent, key]) => !(parent === event['metadata'] && key === 'profiles'));
  if (all.length === 0) return;
  const [parent, key] = pick(rand, all);
  const current = (parent as Record<string | number, unknown>)[key];
  const set = (v: unknown): void => {
    (parent as Record<string | number, unknown>)[key] = v;
  };
  switch (Math.floor(rand() * 7)) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      return;
    case 1:
      set(pick(rand, REPLACEMENTS));
      return;
    case 2:
      set(structuredClone(extra));
      return;
    case 3:
      // An unknown name (set to undefined too: still unknown), or an own `__proto__` key, as JSON.parse makes one.
      if (!Array.isArray(parent)) {
        Object.defineProperty(parent, rand() < 0.5 ? 'not_an_attribute' : '__proto__', {
          value: rand() < 0.5 ? 1 : undefined,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return;
    case 4:
      set([current]);
      return;
    case 5:
      set(typeof current === 'number' ? current + 1 : typeof current === 'string' ? `${current}!` : current);
      return;
    default:
      set(Array.isArray(current) && current.length > 0 ? current[0] : current);
      return;
  }
}

/** The profiles the validator takes from an event: `metadata.profiles`, its strings sorted, once each. */
function namedProfiles(event: Event): string[] {
  const metadata = event['metadata'];
  const list = typeof metadata === 'object' && metadata !== null ? (metadata as Event)['profiles'] : undefined;
  if (!Array.isArray(list) || Array.isArray(metadata)) return [];
  return [...new Set(list.filter((p): p is string => typeof p === 'string'))].sort();
}

interface Case {
  version: string;
  model: SchemaModel;
  cls: ClassSpec;
  profiles: string[];
}

/** Every bundled version and class, with no profile and with all of them (and one half of them). */
function cases(): Case[] {
  const out: Case[] = [];
  for (const version of availableVersions()) {
    const model = generatedModel(version);
    for (const cls of Object.values(model.classes)) {
      const all = classProfiles(model, cls);
      const sets = [[], all, all.filter((_, i) => i % 2 === 0)];
      for (const profiles of sets) {
        if (out.some((c) => c.cls === cls && c.profiles.join() === profiles.join())) continue;
        out.push({ version, model, cls, profiles });
      }
    }
  }
  return out;
}

/** Whether the event's objects pass the checks the fast path stands for: ajv, then the object-level semantic ones. */
function referenceValid(c: Case, compiled: Compiled, event: Event): boolean {
  const full = reportedIssues(c.model, c.cls, compiled, event);
  const eventLevel: ValidationIssue[] = [];
  compiled.semantic.checkEventLevel(event, eventLevel);
  return full.length === eventLevel.length && compiled.schema?.(event) === true;
}

describe('the fast path (generated code and plan) agrees with ajv and the semantic checks', () => {
  for (const c of cases()) {
    it(`OCSF ${c.version} class ${c.cls.uid} with profiles [${c.profiles.join(', ')}]`, () => {
      const compiled = compiledFor(c.model, c.cls, c.profiles);
      const active = new Set(c.profiles);
      // The generated code (what the validator runs) and the plan walked where code cannot be generated.
      const plan = new FastPath(c.model, c.cls, active, 'plan');
      const validator = createValidator({ version: c.version, classUid: c.cls.uid });
      let valid = 0;
      let invalid = 0;
      fc.assert(
        fc.property(
          fc.integer(),
          fc.integer({ min: 0, max: 3 }),
          fc.jsonValue({ maxDepth: 2 }),
          (seed, mutations, extra) => {
            const rand = prng(seed);
            const event = randomEvent(c.model, c.cls, active, rand);
            for (let i = 0; i < mutations; i++) mutate(event, rand, extra);
            const want = referenceValid(c, compiled, event);
            expect(compiled.fast.valid(event)).toBe(want);
            expect(plan.valid(event)).toBe(want);
            if (want) valid++;
            else invalid++;
            // Through the public validator (profiles named in the event, as it has them): the same report.
            const metadata = event['metadata'];
            if (typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)) {
              (metadata as Event)['profiles'] = [...c.profiles];
            }
            const named = compiledFor(c.model, c.cls, namedProfiles(event));
            expect(validator.validate(event)).toEqual(reportedIssues(c.model, c.cls, named, event));
          },
        ),
        { numRuns: 150 },
      );
      // Both outcomes are exercised, or the comparison says little.
      expect(valid).toBeGreaterThan(5);
      expect(invalid).toBeGreaterThan(5);
    });
  }
});

/** The observable checks as they were, with every path resolved to a list: the oracle of the one-value path. */
function listedObservableIssues(event: Event): [string, string][] {
  const list = event['observables'];
  if (!Array.isArray(list)) return [];
  const out: [string, string][] = [];
  list.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    const { name, value } = item as Event;
    if (typeof name !== 'string') return;
    const found = resolvePath(event, name);
    if (found.length === 0) {
      out.push([`/observables/${i}/name`, `observable path "${name}" is not in the event`]);
      return;
    }
    const scalars = found.filter((v) => typeof v !== 'object' || v === null);
    if (value === undefined || scalars.length === 0 || scalars.some((v) => String(v) === String(value))) return;
    const shown = JSON.stringify(scalars.length === 1 ? scalars[0] : scalars);
    out.push([`/observables/${i}/value`, `observable value ${JSON.stringify(value)} differs from ${name} (${shown})`]);
  });
  return out;
}

describe('observables resolved to one value where the path crosses no array', () => {
  it('reports what resolving every path to a list reports', () => {
    const model = generatedModel('1.1.0');
    const semantic = compiledFor(model, model.classes['4001'] as ClassSpec, []).semantic;
    const key = fc.constantFrom('a', 'b', 'c');
    const leaf = fc.oneof(fc.constantFrom(1, '1', 'x', null, true, 0), fc.integer({ min: -2, max: 2 }));
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(key, tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const path = fc
      .array(fc.tuple(key, fc.boolean()), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.map(([k, array]) => (array ? `${k}[]` : k)).join('.'));
    const observable = fc.record(
      { name: fc.oneof(path, fc.constant(42)), value: fc.oneof(leaf, fc.constant(undefined), fc.constant({})) },
      { requiredKeys: ['name'] },
    );
    fc.assert(
      fc.property(fc.dictionary(key, tree, { maxKeys: 3 }), fc.array(observable, { maxLength: 4 }), (body, list) => {
        const event: Event = { ...body, observables: list };
        const issues: ValidationIssue[] = [];
        semantic.checkEventLevel(event, issues);
        const observed = issues.filter((i) => i.code === 'observable').map((i) => [i.pointer, i.message]);
        expect(observed).toEqual(listedObservableIssues(event));
      }),
      { numRuns: 500 },
    );
  });
});
