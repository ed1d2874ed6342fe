#!/usr/bin/env node
/**
 * Floor baseline for VPC Flow Logs text: gunzip, split lines, split fields, build a small flat object
 * (every field under its header name, numbers as numbers), JSON.stringify, write one line per record.
 * No validation of any kind, no OCSF shape: the unavoidable work of any text → JSON translator.
 *
 *   node vpc.mjs INPUT OUTPUT
 */
import { forEachLine, lineWriter } from './common.mjs';

const [input, output] = process.argv.slice(2);
const NUMERIC = new Set([
  'version',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'tcp-flags',
  'traffic-path',
]);

const out = lineWriter(output);
let names = null;
let numeric = null;
let records = 0;

/** Returns a promise only when the output asks to wait. */
function onLine(line) {
  if (line.length === 0) return undefined;
  const fields = line.split(' ');
  if (names === null) {
    names = fields;
    numeric = fields.map((name) => NUMERIC.has(name));
    return undefined;
  }
  const record = {};
  for (let i = 0; i < names.length; i++) {
    const value = fields[i];
    record[names[i]] = value === '-' || value === undefined ? null : numeric[i] ? Number(value) : value;
  }
  records++;
  return out.write(JSON.stringify(record));
}

await forEachLine(input, onLine);
await out.close();
process.stderr.write(`${records} records\n`);
