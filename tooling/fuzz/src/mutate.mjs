/**
 * Mutation plans (fast-check arbitraries) and their application to a real fixture.
 *
 * A plan is plain data: which fixture, which records, a list of structural mutations on the records
 * (field swaps between records, extreme values, `__proto__` keys, deep nesting, …), how the records are
 * laid out again (JSON pretty/compact/NDJSON/envelopes, CSV, CRLF, …), a text encoding, byte-level
 * mutations (bit flips, insertions, deletions, truncation) and a container (gzip, truncated gzip, empty).
 * Applying a plan is a pure function of the plan and the fixture, so a (seed, case index) pair always
 * rebuilds the same input bytes.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/**
 * Tags of mutations behind faults that are known and being fixed; `--skip TAG,…` leaves them out of a run.
 * Everything else is always on.
 */
export const SKIPPABLE = [
  'deep-nesting',
  'huge-number',
  'proto-key',
  'bom',
  'invalid-utf8',
  'gzip-truncate',
  'long-line',
  'long-string',
  'parquet-bytes',
  'extreme-time',
];

/** Records kept from a large fixture: a window of real records keeps cases fast and varied. */
export const MAX_RECORDS = 24;

const LONG_STRING = 100_000;
/** Over the readers' 1 MiB line limit. */
const LONG_LINE = 1_100_000;

const nest = (open, close, n, inner = '') => open.repeat(n) + inner + close.repeat(n);

/**
 * Extreme values: [tag, JSON text or bytes, token for space-separated text]. Functions are evaluated
 * when applied, so a megabyte value costs nothing unless it is picked.
 */
const EXTREMES = [
  ['number', '0', '0'],
  ['number', '-1', '-1'],
  ['number', '4294967296', '4294967296'],
  ['number', '2147483648', '2147483648'],
  ['number', '65536', '65536'],
  ['number', '1.5', '1.5'],
  ['number', '-0', '-0'],
  ['number', '1E+2', '1E+2'],
  ['huge-number', '123456789012345678901234567890', '123456789012345678901234567890'],
  ['huge-number', '9007199254740993', '9007199254740993'],
  ['huge-number', '1e400', '1e400'],
  ['huge-number', '-1e400', '-1e400'],
  ['huge-number', '1e-400', '1e-400'],
  ['extreme-time', '253402300800', '253402300800'],
  ['extreme-time', '-62135596801', '-62135596801'],
  ['extreme-time', '8640000000001', '8640000000001'],
  ['extreme-time', '"+010000-01-01T00:00:00Z"', '+010000-01-01T00:00:00Z'],
  ['extreme-time', '"2024-02-30T25:61:61Z"', '2024-02-30T25:61:61Z'],
  ['extreme-time', '"0000-00-00T00:00:00Z"', '0000-00-00T00:00:00Z'],
  ['string', '""', ''],
  ['string', '"-"', '-'],
  ['string', '"\\u0000"', '\u0000'],
  ['string', '"\\ud800"', '\ud800'],
  ['string', '"\\u202e\\ufeff"', '\u202e'],
  ['string', '"::1"', '::1'],
  ['string', '"256.256.256.256"', '256.256.256.256'],
  ['string', '"1.2.3.4.5"', '1.2.3.4.5'],
  ['string', '"arn:aws:iam::"', 'arn:aws:iam::'],
  ['string', '"null"', 'null'],
  ['string', '"NODATA"', 'NODATA'],
  ['string', '"SKIPDATA"', 'SKIPDATA'],
  ['string', '"ACCEPT"', 'ACCEPT'],
  ['string', '"REJECT"', 'REJECT'],
  ['string', '"a b\\tc\\r\\nd"', '"a,b"'],
  ['long-string', () => `"${'A'.repeat(LONG_STRING)}"`, () => 'A'.repeat(LONG_STRING)],
  ['long-line', () => `"${'B'.repeat(LONG_LINE)}"`, () => 'B'.repeat(LONG_LINE)],
  ['json', 'null', 'null'],
  ['json', 'true', 'true'],
  ['json', '{}', '{}'],
  ['json', '[]', '[]'],
  ['json', '[1,"2",null]', '[1]'],
  ['json', '{"a":{"b":{}}}', '{"a":1}'],
  ['proto-key', '{"__proto__":{"polluted":"yes"}}', '__proto__'],
  ['proto-key', '{"constructor":{"prototype":{"polluted":"yes"}}}', 'constructor'],
  ['deep-nesting', () => nest('[', ']', 100), () => nest('[', ']', 100)],
  ['deep-nesting', () => nest('[', ']', 5000), () => nest('[', ']', 5000)],
  ['deep-nesting', () => nest('{"a":', '}', 20000, '1'), () => nest('{', '}', 20000)],
  ['invalid-utf8', Buffer.from([0x22, 0xff, 0xfe, 0x22]), Buffer.from([0xff, 0xfe])],
  ['invalid-utf8', Buffer.from([0x22, 0xc0, 0x80, 0x22]), Buffer.from([0xc0, 0x80])],
  ['invalid-utf8', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), Buffer.from([0xed, 0xa0, 0x80])],
  ['invalid-utf8', Buffer.from([0x22, 0x61, 0xe2, 0x82, 0x22]), Buffer.from([0x61, 0xe2, 0x82])],
];

/** Keys that make core's JSON reader unwrap an object into other records (readers/envelope.ts). */
const ENVELOPE_KEYS = ['Records', 'messageType', 'logEvents', 'detail', 'detail-type', 'message'];

const KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '', 'Records', 'eventName'];
const PROTO_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Byte sequences inserted by the `insert` byte mutation. */
const INSERTS = [
  ['bytes', [0x00]],
  ['bytes', [0x0a]],
  ['bytes', [0x0d]],
  ['bytes', [0x0d, 0x0a]],
  ['bytes', [0x22]],
  ['bytes', [0x7b]],
  ['bytes', [0x5b]],
  ['bytes', [0x5d, 0x7d]],
  ['bytes', [0x2c]],
  ['bytes', [0x20]],
  ['bytes', [0x09]],
  ['bytes', [0x5c]],
  ['bom', [0xef, 0xbb, 0xbf]],
  ['invalid-utf8', [0xff]],
  ['invalid-utf8', [0x80]],
  ['invalid-utf8', [0xc3]],
];

/** [container, weight]: most cases are plain files, as most real inputs are. */
const CONTAINERS = [
  ['plain', 12],
  ['gzip', 3],
  ['gzip-members', 1],
  ['gzip-twice', 1],
  ['gzip-truncate', 2],
  ['gzip-garbage', 1],
  ['empty', 1],
  ['whitespace', 1],
];
const CONTAINER_TAGS = { 'gzip-truncate': 'gzip-truncate', 'gzip-garbage': 'gzip-truncate' };

/** [encoding, weight]: mostly UTF-8, as AWS writes it. */
const ENCODINGS = [
  ['utf8', 12],
  ['bom', 2],
  ['utf16le', 1],
  ['utf16be', 1],
  ['latin1', 1],
];
const ENCODING_TAGS = { bom: 'bom', utf16le: 'bom', utf16be: 'bom', latin1: 'invalid-utf8' };

const pos = fc.nat({ max: 0x7fffffff });

/**
 * The arbitrary of one case's plan. `skip` (a Set of SKIPPABLE tags) removes those mutations from the
 * choices, so a run with `--skip bom` never builds a BOM.
 */
export function planArbitrary(fixtureCount, skip = new Set()) {
  const extremes = EXTREMES.map((e, i) => [e[0], i]).filter(([tag]) => !skip.has(tag));
  const extreme = fc.constantFrom(...extremes.map(([, i]) => i));
  const keys = KEYS.filter((k) => !(PROTO_KEYS.has(k) && skip.has('proto-key')));
  const inserts = INSERTS.map((e, i) => [e[0], i]).filter(([tag]) => !skip.has(tag));
  const structural = fc.oneof(
    fc.record({ op: fc.constant('swap'), a: pos, b: pos, path: pos }),
    fc.record({ op: fc.constant('replace'), rec: pos, path: pos, value: extreme }),
    fc.record({ op: fc.constant('remove'), rec: pos, path: pos }),
    fc.record({ op: fc.constant('add-key'), rec: pos, path: pos, key: fc.constantFrom(...keys), value: extreme }),
    fc.record({
      op: fc.constant('retype'),
      rec: pos,
      path: pos,
      to: fc.constantFrom('string', 'array', 'object', 'number'),
    }),
    fc.record({ op: fc.constant('duplicate'), rec: pos }),
    fc.record({ op: fc.constant('drop'), rec: pos }),
    fc.record({
      op: fc.constant('header'),
      col: pos,
      other: pos,
      to: fc.constantFrom('swap', 'drop', 'dup', 'unknown'),
    }),
  );
  const bytes = fc.oneof(
    fc.record({ op: fc.constant('flip'), at: pos, bit: fc.integer({ min: 0, max: skip.has('invalid-utf8') ? 6 : 7 }) }),
    fc.record({ op: fc.constant('insert'), at: pos, seq: fc.constantFrom(...inserts.map(([, i]) => i)) }),
    fc.record({ op: fc.constant('delete'), at: pos, len: fc.integer({ min: 1, max: 16 }) }),
    fc.record({ op: fc.constant('truncate'), at: pos }),
    fc.record({ op: fc.constant('repeat'), at: pos, len: fc.integer({ min: 1, max: 64 }) }),
  );
  return fc.record({
    fixture: fc.nat({ max: fixtureCount - 1 }),
    window: fc.record({ start: pos, len: fc.integer({ min: 1, max: MAX_RECORDS }) }),
    structural: fc.array(structural, { maxLength: 4 }),
    layout: fc.constantFrom('original', 'original', 'compact', 'pretty', 'ndjson', 'records', 'array', 'cwl', 'csv'),
    lineEnding: fc.constantFrom('lf', 'lf', 'lf', 'crlf', 'cr', 'no-final', 'blank-lines'),
    encoding: fc.oneof(
      ...ENCODINGS.filter(([e]) => !skip.has(ENCODING_TAGS[e] ?? '')).map(([e, weight]) => ({
        weight,
        arbitrary: fc.constant(e),
      })),
    ),
    bytes: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 2, arbitrary: fc.array(bytes, { minLength: 1, maxLength: 3 }) },
    ),
    container: fc.oneof(
      ...CONTAINERS.filter(([name]) => !skip.has(CONTAINER_TAGS[name] ?? '')).map(([name, weight]) => ({
        weight,
        arbitrary: fc.constant(name),
      })),
    ),
    cut: pos,
    // How the case is run: the plugin (when detection finds none, or to force one), the OCSF version,
    // the writer, what happens to a failed input's output, and whether the validator looks at the events.
    plugin: pos,
    forcePlugin: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    version: pos,
    io: fc.oneof({ weight: 1, arbitrary: fc.constant('file') }, { weight: 3, arbitrary: fc.constant('memory') }),
    chunk: fc.constantFrom(0, 0, 7, 100, 4096, 65536),
    writer: fc.oneof(
      { weight: 24, arbitrary: fc.constant('jsonl') },
      { weight: 12, arbitrary: fc.constant('json') },
      { weight: 1, arbitrary: fc.constant('parquet') },
    ),
    onError: fc.constantFrom('close', 'abort'),
    validate: fc.oneof({ weight: 7, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
}

/** A 32-bit seed for case `index` of a run with `seed` (murmur3 finaliser over both). */
export function caseSeed(seed, index, stream = 0) {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** The plan of one case: fast-check's first value for that case's seed (what `fc.assert` would try first). */
export function planFor(arbitrary, seed, index, stream = 0) {
  return fc.sample(arbitrary, { seed: caseSeed(seed, index, stream), numRuns: 1 })[0];
}

/**
 * Builds the input bytes of a plan.
 * @returns {{ bytes: Buffer, ext: string, tags: string[], fixture: string, records: number | undefined }}
 */
const INTACT_CONTAINERS = new Set(['plain', 'gzip', 'gzip-members']);

export function applyPlan(plan, fixtures, skip = new Set()) {
  const fixture = fixtures[plan.fixture % fixtures.length];
  const tags = new Set();
  const raws = [];
  let body;
  let count;
  let layout = 'parquet';
  if (fixture.kind === 'binary') {
    body = Buffer.from(fixture.bytes);
    if (plan.bytes.length && !skip.has('parquet-bytes')) {
      body = mutateBytes(body, plan.bytes, tags);
      tags.add('parquet-bytes');
    }
  } else {
    ({ body, count, layout } =
      fixture.kind === 'text' ? textBody(fixture, plan, raws, tags, skip) : jsonBody(fixture, plan, raws, tags));
    body = encode(body, plan.encoding, tags);
    body = mutateBytes(body, plan.bytes, tags);
  }
  const ext = fixture.ext;
  const out = contain(body, plan.container, plan.cut, tags);
  // The records the input holds by construction, when no byte-level change can have merged or split them
  // (CR alone is not a line break for the readers, by design).
  const intact =
    plan.bytes.length === 0 &&
    (plan.encoding === 'utf8' || plan.encoding === 'bom') &&
    INTACT_CONTAINERS.has(plan.container) &&
    plan.lineEnding !== 'cr';
  return {
    bytes: out,
    ext,
    tags: [...tags].sort(),
    fixture: fixture.name,
    records: intact ? count : undefined,
    layout,
  };
}

function windowOf(items, window) {
  if (items.length <= MAX_RECORDS) return items.slice();
  const start = window.start % (items.length - window.len + 1);
  return items.slice(start, start + window.len);
}

// ---- JSON records ----

function jsonBody(fixture, plan, raws, tags) {
  const records = structuredClone(windowOf(fixture.records, plan.window));
  for (const m of plan.structural) mutateJson(records, m, raws, tags);
  let layout = plan.layout;
  if (layout === 'original') layout = fixture.kind === 'ndjson' ? 'ndjson' : fixture.envelope;
  if (layout === 'csv') layout = 'compact';
  const eol = plan.lineEnding === 'crlf' ? '\r\n' : plan.lineEnding === 'cr' ? '\r' : '\n';
  let text;
  switch (layout) {
    case 'ndjson':
      text = records.map((r) => JSON.stringify(r)).join(plan.lineEnding === 'blank-lines' ? `${eol}${eol}` : eol);
      break;
    case 'single':
      text = JSON.stringify(records[0] ?? {});
      break;
    case 'array':
      text = JSON.stringify(records, null, 1);
      break;
    case 'pretty':
      text = JSON.stringify({ Records: records }, null, 2);
      break;
    case 'cwl': {
      // A CloudWatch Logs subscription record: each record's JSON text is one log event's message.
      const logEvents = records.map((r, i) => ({
        id: String(i),
        timestamp: 1688990000000 + i,
        message: materialize(JSON.stringify(r), raws, true).toString('utf8'),
      }));
      text = JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '111122223333',
        logGroup: 'g',
        logStream: 's',
        logEvents,
      });
      break;
    }
    default:
      text = JSON.stringify({ Records: records });
  }
  if (eol !== '\n' && layout !== 'ndjson') text = text.replaceAll('\n', eol);
  if (plan.lineEnding !== 'no-final') text += eol;
  // Each record is one record for the reader only when it is a plain object that no envelope rule unwraps.
  const plain = records.every(
    (r) => r !== null && typeof r === 'object' && !Array.isArray(r) && !ENVELOPE_KEYS.some((k) => Object.hasOwn(r, k)),
  );
  const count = !plain ? undefined : layout === 'single' ? 1 : records.length;
  return { body: materialize(text, raws, true), count, layout: layout === 'cwl' ? 'cwl' : 'json' };
}

/** Every path (array of keys) inside a value, depth-first, at most 256 of them. */
function pathsOf(value, limit = 256) {
  const out = [];
  const walk = (v, path, depth) => {
    if (out.length >= limit) return;
    out.push(path);
    if (depth >= 8 || v === null || typeof v !== 'object') return;
    for (const key of Object.keys(v)) walk(v[key], [...path, Array.isArray(v) ? Number(key) : key], depth + 1);
  };
  walk(value, [], 0);
  return out;
}

function getAt(root, path) {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, k)) return undefined;
    v = v[k];
  }
  return v;
}

/** Sets an own property (even `__proto__`), never the prototype. */
function setOwn(obj, key, value) {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function setAt(root, path, value) {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object') setOwn(parent, path[path.length - 1], value);
  return root;
}

function removeAt(root, path) {
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key, 1);
  else if (parent && typeof parent === 'object') delete parent[key];
}

function rawMarker(raws, index, tags) {
  const [tag, json] = EXTREMES[index];
  tags.add(tag);
  raws.push(typeof json === 'function' ? json() : json);
  return `\uE000R${raws.length - 1}\uE000`;
}

function mutateJson(records, m, raws, tags) {
  if (records.length === 0) return;
  const pick = (n) => n % records.length;
  switch (m.op) {
    case 'swap': {
      const a = pick(m.a);
      const b = pick(m.b);
      const paths = pathsOf(records[a]).filter((p) => p.length > 0);
      if (!paths.length) return;
      const path = paths[m.path % paths.length];
      const va = getAt(records[a], path);
      const vb = getAt(records[b], path);
      tags.add('field-swap');
      records[a] = setAt(records[a], path, vb ?? null);
      records[b] = setAt(records[b], path, va);
      return;
    }
    case 'replace': {
      const r = pick(m.rec);
      const paths = pathsOf(records[r]);
      const path = paths[m.path % paths.length];
      records[r] = setAt(records[r], path, rawMarker(raws, m.value, tags));
      return;
    }
    case 'remove': {
      const r = pick(m.rec);
      const paths = pathsOf(records[r]).filter((p) => p.length > 0);
      if (paths.length) removeAt(records[r], paths[m.path % paths.length]);
      tags.add('field-remove');
      return;
    }
    case 'add-key': {
      const r = pick(m.rec);
      const objects = pathsOf(records[r]).filter((p) => {
        const v = getAt(records[r], p);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      if (!objects.length) return;
      const target = getAt(records[r], objects[m.path % objects.length]);
      if (PROTO_KEYS.has(m.key)) tags.add('proto-key');
      tags.add('add-key');
      setOwn(target, m.key, rawMarker(raws, m.value, tags));
      return;
    }
    case 'retype': {
      const r = pick(m.rec);
      const paths = pathsOf(records[r]);
      const path = paths[m.path % paths.length];
      const v = getAt(records[r], path);
      // Number() of an object whose own `toString` is not a function throws: only primitives convert.
      const asNumber =
        typeof v === 'number' ? v * 1000 : typeof v === 'string' || typeof v === 'boolean' ? Number(v) : 0;
      const to =
        m.to === 'string'
          ? JSON.stringify(v ?? null)
          : m.to === 'array'
            ? [v]
            : m.to === 'object'
              ? { value: v }
              : asNumber;
      tags.add('retype');
      records[r] = setAt(records[r], path, Number.isFinite(to) || typeof to !== 'number' ? to : 0);
      return;
    }
    case 'duplicate':
      records.splice(pick(m.rec), 0, structuredClone(records[pick(m.rec)]));
      tags.add('record-dup');
      return;
    case 'drop':
      records.splice(pick(m.rec), 1);
      tags.add('record-drop');
      return;
    default:
      return;
  }
}

// ---- space-separated text ----

function textBody(fixture, plan, raws, tags, skip) {
  const rows = windowOf(fixture.lines, plan.window).map((l) => l.split(' '));
  let header = fixture.header?.split(' ');
  for (const m of plan.structural) header = mutateText(rows, header, m, raws, tags, skip);
  const sep = plan.layout === 'csv' ? ',' : ' ';
  const eol = plan.lineEnding === 'crlf' ? '\r\n' : plan.lineEnding === 'cr' ? '\r' : '\n';
  let lines = rows.map((r) => r.join(sep));
  if (header) lines.unshift(header.join(sep));
  if (plan.layout === 'csv') tags.add('csv');
  if (plan.layout === 'cwl') {
    // CloudWatch Logs subscription: the lines (without a header) are the messages.
    const logEvents = rows.map((r, i) => ({
      id: String(i),
      timestamp: 1688990000000 + i,
      message: materialize(r.join(' '), raws, false).toString('utf8'),
    }));
    lines = [
      JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '111122223333', logGroup: 'g', logStream: 's', logEvents }),
    ];
    tags.add('cwl');
  }
  let text = lines.join(plan.lineEnding === 'blank-lines' ? `${eol}${eol}` : eol);
  if (plan.lineEnding !== 'no-final') text += eol;
  // Blank lines are not records; every other line (or log event) is one.
  // (CSV without a header line takes its first row as the header.)
  const count = plan.layout === 'csv' && !header ? undefined : rows.filter((r) => r.join(sep).trim() !== '').length;
  return {
    body: materialize(text, raws, false),
    count,
    layout: plan.layout === 'cwl' || plan.layout === 'csv' ? plan.layout : 'text',
  };
}

function textMarker(raws, index, tags) {
  const [tag, , token] = EXTREMES[index];
  tags.add(tag);
  raws.push(typeof token === 'function' ? token() : token);
  return `\uE000R${raws.length - 1}\uE000`;
}

function mutateText(rows, header, m, raws, tags, skip) {
  const pick = (n) => n % rows.length;
  switch (m.op) {
    case 'swap': {
      if (!rows.length) return header;
      const a = rows[pick(m.a)];
      const b = rows[pick(m.b)];
      const col = m.path % Math.max(a.length, 1);
      [a[col], b[col]] = [b[col] ?? '-', a[col] ?? '-'];
      tags.add('field-swap');
      return header;
    }
    case 'replace':
    case 'add-key': {
      if (!rows.length) return header;
      const row = rows[pick(m.rec)];
      const col = m.path % Math.max(row.length, 1);
      if (m.op === 'replace') row[col] = textMarker(raws, m.value, tags);
      else row.splice(col, 0, textMarker(raws, m.value, tags));
      return header;
    }
    case 'remove': {
      if (!rows.length) return header;
      const row = rows[pick(m.rec)];
      row.splice(m.path % Math.max(row.length, 1), 1);
      tags.add('field-remove');
      return header;
    }
    case 'retype': {
      if (!rows.length) return header;
      const row = rows[pick(m.rec)];
      const col = m.path % Math.max(row.length, 1);
      if (m.to === 'number') {
        // ×1000 turns epoch seconds into milliseconds: far-future times, a fault class of its own.
        let scaled = Number(row[col]) * 1000;
        if (scaled > 253402300799) {
          if (skip.has('extreme-time')) scaled = Number(row[col]) + 1;
          else tags.add('extreme-time');
        }
        row[col] = String(scaled);
      } else row[col] = m.to === 'string' ? `"${row[col]}"` : `${row[col]}x`;
      tags.add('retype');
      return header;
    }
    case 'duplicate':
      if (rows.length) rows.splice(pick(m.rec), 0, rows[pick(m.rec)].slice());
      tags.add('record-dup');
      return header;
    case 'drop':
      if (rows.length) rows.splice(pick(m.rec), 1);
      tags.add('record-drop');
      return header;
    case 'header': {
      if (!header) return header;
      const h = header.slice();
      const a = m.col % h.length;
      const b = m.other % h.length;
      if (m.to === 'swap') [h[a], h[b]] = [h[b], h[a]];
      else if (m.to === 'drop') h.splice(a, 1);
      else if (m.to === 'dup') h.splice(a, 0, h[b]);
      else h[a] = 'no-such-field';
      tags.add('header');
      return h;
    }
    default:
      return header;
  }
}

// ---- bytes ----

/** Turns marker strings back into the raw values (JSON text or bytes) they stand for. */
function materialize(text, raws, json) {
  if (raws.length === 0) return Buffer.from(text, 'utf8');
  // In JSON the marker is a whole string value (quotes included) or part of a longer one (a message).
  const re = json ? /"\uE000R(\d+)\uE000"|\uE000R(\d+)\uE000/g : /\uE000R(\d+)\uE000/g;
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(re)) {
    parts.push(Buffer.from(text.slice(last, match.index), 'utf8'));
    const raw = raws[Number(match[1] ?? match[2])];
    parts.push(typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw);
    last = match.index + match[0].length;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

function encode(body, encoding, tags) {
  switch (encoding) {
    case 'bom':
      tags.add('bom');
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
    case 'utf16le':
      tags.add('bom');
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body.toString('utf8'), 'utf16le')]);
    case 'utf16be': {
      tags.add('bom');
      const le = Buffer.from(body.toString('utf8'), 'utf16le');
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le.swap16()]);
    }
    case 'latin1': {
      const text = body.toString('utf8');
      // Only a non-ASCII text changes (and becomes invalid UTF-8) when written as Latin-1.
      if (/[\u0080-\uffff]/.test(text)) tags.add('invalid-utf8');
      return Buffer.from(text, 'latin1');
    }
    default:
      return body;
  }
}

function mutateBytes(body, ops, tags) {
  let b = body;
  for (const op of ops) {
    const at = b.length === 0 ? 0 : op.at % b.length;
    switch (op.op) {
      case 'flip':
        if (b.length) {
          b = Buffer.from(b);
          b[at] ^= 1 << op.bit;
        }
        tags.add('bit-flip');
        break;
      case 'insert': {
        const [tag, seq] = INSERTS[op.seq];
        tags.add(tag === 'bytes' ? 'byte-insert' : tag);
        b = Buffer.concat([b.subarray(0, at), Buffer.from(seq), b.subarray(at)]);
        break;
      }
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + op.len)]);
        tags.add('byte-delete');
        break;
      case 'truncate':
        b = b.subarray(0, at);
        tags.add('truncate');
        break;
      case 'repeat':
        b = Buffer.concat([b.subarray(0, at + op.len), b.subarray(at)]);
        tags.add('byte-repeat');
        break;
    }
  }
  return b;
}

function contain(body, container, cut, tags) {
  switch (container) {
    case 'gzip':
      tags.add('gzip');
      return gzipSync(body);
    case 'gzip-twice':
      tags.add('gzip');
      return gzipSync(gzipSync(body));
    case 'gzip-members': {
      // Two gzip members back to back (what `cat a.gz b.gz` makes; S3 deliveries can look like this).
      const at = body.length ? cut % body.length : 0;
      tags.add('gzip');
      return Buffer.concat([gzipSync(body.subarray(0, at)), gzipSync(body.subarray(at))]);
    }
    case 'gzip-truncate': {
      const gz = gzipSync(body);
      tags.add('gzip-truncate');
      return gz.subarray(0, 10 + (cut % Math.max(gz.length - 10, 1)));
    }
    case 'gzip-garbage':
      tags.add('gzip-truncate');
      return Buffer.concat([gzipSync(body), Buffer.from('X')]);
    case 'empty':
      tags.add('empty');
      return Buffer.alloc(0);
    case 'whitespace':
      tags.add('empty');
      return Buffer.from(' \n\r\n\t\n');
    default:
      return body;
  }
}
