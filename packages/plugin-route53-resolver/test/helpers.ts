/** Shared by the tests: the plugin's translator on plain values, and the official-schema validator. */
import { readFileSync } from 'node:fs';
import { createValidator, type JsonRecord, type OcsfValidator, type Outcome } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import plugin from '../src/index.js';

export type Json = Record<string, unknown>;

const translator = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });
export function translate(value: unknown): Outcome {
  const record: JsonRecord = { kind: 'json', value, location: { file: 'test.json' } };
  return translator.translate(record, { location: record.location });
}

export function translateOne(value: unknown): Json {
  const outcome = translate(value);
  if (outcome.kind !== 'emitted') throw new Error(`expected an event, got ${JSON.stringify(outcome)}`);
  return outcome.events[0] as Json;
}

let validator: OcsfValidator | undefined;
/** Issues against the official 1.1.0 schema in ../shared, else core's bundled 1.1.0 data. */
export function schemaIssues(event: Json): string[] {
  validator ??= createValidator({
    version: '1.1.0',
    classUid: 4003,
    schemaDir: hasShared ? shared('ocsf-schema', '1.1.0') : undefined,
  });
  return validator.validate(event).map((i) => `${i.code} ${i.pointer}: ${i.message}`);
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

export const fixture = (...parts: string[]) => new URL(`./fixtures/${parts.join('/')}`, import.meta.url).pathname;
