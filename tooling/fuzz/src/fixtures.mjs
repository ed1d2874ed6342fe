/**
 * The corpus: every real AWS log file under ../shared/fixtures/real, decoded once into the shape the
 * mutators work on (records of a JSON document, NDJSON lines, text lines with a header, or raw bytes).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * @typedef {object} Fixture
 * @property {string} name         path relative to the fixtures folder
 * @property {string} ext          extension for the fuzzed copy (`.log`, `.json`, `.parquet`)
 * @property {boolean} gzip        the original was gzip
 * @property {Buffer} bytes        the decompressed bytes
 * @property {'json-doc' | 'ndjson' | 'text' | 'binary'} kind
 * @property {unknown[]} [records] json-doc / ndjson: the records (parsed)
 * @property {'records' | 'array' | 'single'} [envelope] json-doc: how the records were held
 * @property {string[]} [lines]    text: the record lines
 * @property {string} [header]     text: the header line, when there is one
 */

const NOT_INPUTS = new Set(['SOURCES.md']);

/** @returns {Fixture[]} sorted by name, so a seed picks the same file on every machine */
export function loadFixtures(dir) {
  const files = [];
  walk(dir, files);
  files.sort();
  return files.map((file) => decode(relative(dir, file), readFileSync(file)));
}

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile() && !NOT_INPUTS.has(entry.name)) out.push(path);
  }
}

function decode(name, raw) {
  const gzip = raw[0] === 0x1f && raw[1] === 0x8b;
  const bytes = gzip ? gunzipSync(raw) : raw;
  const base = basename(name).replace(/\.gz$/, '');
  const ext = base.endsWith('.parquet') ? '.parquet' : base.endsWith('.json') ? '.json' : '.log';
  const fixture = { name, ext, gzip, bytes, kind: 'binary' };
  if (bytes.subarray(0, 4).toString('latin1') === 'PAR1') return fixture;
  const text = bytes.toString('utf8');
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const doc = tryParse(trimmed);
    if (doc !== undefined) {
      if (Array.isArray(doc)) return { ...fixture, kind: 'json-doc', envelope: 'array', records: doc };
      if (doc && typeof doc === 'object' && Array.isArray(doc.Records))
        return { ...fixture, kind: 'json-doc', envelope: 'records', records: doc.Records };
      return { ...fixture, kind: 'json-doc', envelope: 'single', records: [doc] };
    }
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
    const parsed = lines.map(tryParse);
    if (parsed.every((v) => v !== undefined)) return { ...fixture, kind: 'ndjson', records: parsed };
  }
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  const first = lines[0] ?? '';
  // A VPC header starts with a field name (`version`, `account-id`, …), a record with a digit or `-`.
  const header = /^[a-z]/i.test(first) ? first : undefined;
  return { ...fixture, kind: 'text', header, lines: header === undefined ? lines : lines.slice(1) };
}

function tryParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
