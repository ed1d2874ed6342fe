/** Shared by the tests: the real CloudTrail fixtures, read without core, and a schema validator. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createValidator, type JsonRecord, type OcsfValidator, type Outcome } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import plugin from '../src/index.js';

export type Json = Record<string, unknown>;

export function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

/** The events of a file, parsed without core: `{"Records":[…]}`, array, single object or NDJSON. */
export function rawEvents(path: string): unknown[] | undefined {
  const bytes = readFileSync(path);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value;
    if (value !== null && typeof value === 'object') {
      const records = (value as Json).Records;
      return Array.isArray(records) ? records : [value];
    }
    return undefined;
  } catch {
    try {
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    } catch {
      return undefined;
    }
  }
}

const isCloudTrail = (events: unknown[]): boolean =>
  events.some(
    (e) => e !== null && typeof e === 'object' && 'eventVersion' in e && ('eventName' in e || 'eventType' in e),
  );

/** Every CloudTrail file in ../shared/fixtures/real with its events. */
export const cloudTrailFiles: { path: string; events: unknown[] }[] = hasShared
  ? walk(shared('fixtures', 'real'))
      .filter((path) => !path.endsWith('.parquet') && !path.endsWith('.md'))
      .map((path) => ({ path, events: rawEvents(path) }))
      .filter((f): f is { path: string; events: unknown[] } => f.events !== undefined && isCloudTrail(f.events))
  : [];

let validator: OcsfValidator | undefined;
/** Issues of an event against the official 1.1.0 schema in ../shared, by the event's own class. */
export function schemaIssues(event: Json): string[] {
  validator ??= createValidator({ version: '1.1.0', schemaDir: shared('ocsf-schema', '1.1.0') });
  return validator.validate(event).map((i) => `${i.code} ${i.pointer}: ${i.message}`);
}

const translator = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });
export function translate(value: unknown): Outcome {
  const record: JsonRecord = { kind: 'json', value, location: { file: 'test.json' } };
  return translator.translate(record, { location: record.location });
}

/** The one event of a record the plugin must emit. */
export function translateOne(value: unknown): Json {
  const outcome = translate(value);
  if (outcome.kind !== 'emitted') throw new Error(`expected an event, got ${JSON.stringify(outcome)}`);
  return outcome.events[0] as Json;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
