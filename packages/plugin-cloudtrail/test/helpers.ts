/** Shared by the tests: the real CloudTrail fixtures, read without core, and a schema validator. */
import { readFileSync } from 'node:fs';
import { createValidator, type JsonRecord, type OcsfValidator, type Outcome } from '@ocsfx/core';
import { cloudTrailFixtures } from '@ocsfx/vitest-config/fixtures';
import { shared } from '@ocsfx/vitest-config/shared';
import plugin from '../src/index.js';

export type Json = Record<string, unknown>;

/** Every CloudTrail file in ../shared/fixtures/real with its events (the shared test helper's list). */
export const cloudTrailFiles = cloudTrailFixtures();

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

/** A well-formed CloudTrail management event (an IAM user's call to EC2), with `extra` fields over it. */
export const apiCall = (eventName: string, extra: Record<string, unknown> = {}): Json => ({
  eventVersion: '1.09',
  userIdentity: {
    type: 'IAMUser',
    arn: 'arn:aws:iam::111122223333:user/ana',
    accountId: '111122223333',
    userName: 'ana',
  },
  eventTime: '2024-11-24T08:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName,
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.1',
  requestID: 'req-1',
  eventID: 'evt-1',
  recipientAccountId: '111122223333',
  ...extra,
});
