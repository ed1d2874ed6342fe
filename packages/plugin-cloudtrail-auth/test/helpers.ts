import { readFileSync } from 'node:fs';
import type { JsonRecord, OcsfEvent, Outcome } from '@ocsfx/core';
import plugin from '../src/index.js';

export function record(value: unknown, file = 'test.json'): JsonRecord {
  return { kind: 'json', value, location: { file } };
}

export function translate(value: unknown, ocsfVersion = '1.0.0-rc.2'): Outcome {
  const translator = plugin.createTranslator({ ocsfVersion, options: {} });
  const rec = record(value);
  return translator.translate(rec, { location: rec.location });
}

/** The single event a record must produce; fails the test otherwise. */
export function translateOne(value: unknown, ocsfVersion = '1.0.0-rc.2'): OcsfEvent {
  const outcome = translate(value, ocsfVersion);
  if (outcome.kind !== 'emitted') throw new Error(`expected an event, got ${outcome.kind}: ${JSON.stringify(outcome)}`);
  if (outcome.events.length !== 1) throw new Error(`expected one event, got ${outcome.events.length}`);
  return outcome.events[0] as OcsfEvent;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The events of a JSON file as CloudTrail writes them: `{"Records":[…]}`, one object, or NDJSON. */
export function jsonEvents(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8');
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return Array.isArray(value.Records) ? (value.Records as Record<string, unknown>[]) : [value];
  } catch {
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
