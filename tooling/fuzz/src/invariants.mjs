/**
 * The checks every case must pass, shared by the in-process and the CLI runs. Each returns a list of
 * broken invariants as `{ invariant, detail }` (empty when all hold).
 */
import { readdirSync } from 'node:fs';

/** Object.prototype's own keys at start-up; a case that adds one polluted every object in the process. */
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
const ARRAY_PROTO_KEYS = Object.getOwnPropertyNames(Array.prototype).sort().join(',');

export function prototypeProblems() {
  const problems = [];
  const now = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  if (now !== PROTO_KEYS) problems.push(`Object.prototype keys changed: ${now}`);
  if (Object.getOwnPropertyNames(Array.prototype).sort().join(',') !== ARRAY_PROTO_KEYS)
    problems.push('Array.prototype keys changed');
  for (const key in {}) problems.push(`an empty object has the enumerable key ${key}`);
  return problems;
}

/** Puts back what a polluting case added, so one finding does not break every later case. */
export function restorePrototypes() {
  const keep = new Set(PROTO_KEYS.split(','));
  for (const key of Object.getOwnPropertyNames(Object.prototype)) if (!keep.has(key)) delete Object.prototype[key];
  const keepArray = new Set(ARRAY_PROTO_KEYS.split(','));
  for (const key of Object.getOwnPropertyNames(Array.prototype)) if (!keepArray.has(key)) delete Array.prototype[key];
}

/**
 * Why a value is not plain JSON data (a prototype other than Object's or Array's, a non-finite number,
 * undefined, a function, a bigint), or undefined when it is. Iterative: a value nested 20,000 levels
 * deep is checked without overflowing the stack; a cycle shows up as more nodes than any case makes.
 */
export function notPlainJson(root, maxNodes = 5_000_000) {
  const stack = [[root, '']];
  let nodes = 0;
  while (stack.length) {
    const [value, path] = stack.pop();
    if (++nodes > maxNodes) return `more than ${maxNodes} values (a cycle?)`;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return `${path || '/'} is ${value}`;
      continue;
    }
    if (typeof value !== 'object') return `${path || '/'} is a ${typeof value}`;
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return `${path || '/'} is an array of another realm`;
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`]);
      continue;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null)
      return `${path || '/'} has the prototype ${proto?.constructor?.name ?? typeof proto} (a "__proto__" key set it?)`;
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) stack.push([value[keys[i]], `${path}/${keys[i]}`]);
  }
  return undefined;
}

/** Checks one emitted event: a plain JSON object with an integer class_uid. */
export function eventProblem(event) {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return 'an event is not an object';
  if (!Number.isInteger(event.class_uid))
    return `an event has no integer class_uid (${JSON.stringify(event.class_uid)})`;
  return notPlainJson(event);
}

/** Parses a JSONL file's text; returns the values or a problem. */
export function parseJsonl(text) {
  const values = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '' && i === lines.length - 1) break;
    try {
      values.push(JSON.parse(line));
    } catch (err) {
      return { problem: `line ${i + 1} is not JSON: ${err.message}` };
    }
  }
  return { values };
}

/** A rejects-sink entry must say where, which code and why. */
export function rejectProblem(entry) {
  if (entry === null || typeof entry !== 'object') return 'a reject is not an object';
  if (typeof entry.code !== 'string' || entry.code === '') return 'a reject has no code';
  if (typeof entry.reason !== 'string' || entry.reason === '') return `a reject (${entry.code}) has no reason`;
  if (!entry.location || typeof entry.location.file !== 'string') return `a reject (${entry.code}) has no location`;
  if (!('raw' in entry)) return `a reject (${entry.code}) has no raw record`;
  return undefined;
}

/** Names in `dir` other than `allowed` (temp files, hidden files, stray outputs). */
export function strayFiles(dir, allowed) {
  return readdirSync(dir).filter((name) => !allowed.includes(name));
}

/** A raw V8 stack frame (`    at fn (file:1:2)`), which a user should never see on stderr. */
export const STACK_FRAME = /^\s+at\s.+(:\d+:\d+\)?|\(native\)|\(node:[^)]+\))$/m;
