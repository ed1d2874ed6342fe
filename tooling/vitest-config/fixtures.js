// The real CloudTrail files in ../shared/fixtures/real with their events, parsed without core (the tests
// compare core's readers and the plugins with them). Used by both CloudTrail plugins' fixture tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { hasShared, shared } from './shared.js';

/** Every file below `dir`, depth first, in name order. */
export function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/** The events of a JSON file (gzip or not): `{"Records":[…]}`, an array, one object or NDJSON. */
export function rawEvents(path) {
  const bytes = readFileSync(path);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  try {
    const value = JSON.parse(text);
    if (Array.isArray(value)) return value;
    if (value !== null && typeof value === 'object') return Array.isArray(value.Records) ? value.Records : [value];
    return undefined;
  } catch {
    try {
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line));
    } catch {
      return undefined;
    }
  }
}

const isCloudTrail = (events) =>
  events.some(
    (e) => e !== null && typeof e === 'object' && 'eventVersion' in e && ('eventName' in e || 'eventType' in e),
  );

let cloudTrail;
/** Every CloudTrail file in ../shared/fixtures/real with its events (none without ../shared), read once. */
export function cloudTrailFixtures() {
  cloudTrail ??= hasShared
    ? walk(shared('fixtures', 'real'))
        .filter((path) => !path.endsWith('.parquet') && !path.endsWith('.md'))
        .map((path) => ({ path, events: rawEvents(path) }))
        .filter((f) => f.events !== undefined && isCloudTrail(f.events))
    : [];
  return cloudTrail;
}
