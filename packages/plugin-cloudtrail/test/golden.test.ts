/**
 * Golden tests: each `test/fixtures/golden/<name>.raw.json` (CloudTrail events written for these tests in
 * the documented record format) → `<name>.expected.json` (OCSF 1.1.0), and → `<name>.ocsf-<version>.expected.json`
 * where one exists for another version (the samples whose events differ there: README decision 12), compared
 * as data, and valid against the official OCSF schema of that version, with no deprecated attribute.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createValidator, type OcsfValidator } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { type Json, readJson, schemaIssues, translateOne } from './helpers.js';

const dir = join(import.meta.dirname, 'fixtures', 'golden');
const files = readdirSync(dir);
const names = files.filter((f) => f.endsWith('.raw.json')).map((f) => f.slice(0, -'.raw.json'.length));
const versioned = files
  .map((f) => /^(.+)\.ocsf-(\d+\.\d+\.\d+)\.expected\.json$/.exec(f))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => [m[1] as string, m[2] as string] as const);

const validators = new Map<string, OcsfValidator>();
function issuesIn(version: string, event: Json): string[] {
  let validator = validators.get(version);
  if (validator === undefined) {
    validator = createValidator({ version, schemaDir: shared('ocsf-schema', version) });
    validators.set(version, validator);
  }
  return [...validator.validate(event), ...validator.deprecations(event)].map((i) => `${i.pointer}: ${i.message}`);
}

describe('golden CloudTrail events', () => {
  it('has a sample of each kind: data events, a failed call, account changes', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
  });

  it.each(names)('%s', (name) => {
    const actual = translateOne(readJson(join(dir, `${name}.raw.json`)));
    expect(actual).toEqual(readJson(join(dir, `${name}.expected.json`)));
    if (hasShared) expect(schemaIssues(actual)).toEqual([]);
  });

  it('has samples in 1.5.0 and 1.8.0 of every attribute those versions write differently', () => {
    expect(versioned.map(([name, version]) => `${name} ${version}`)).toEqual(
      expect.arrayContaining([
        'lambda-invoke-data-event 1.5.0',
        'iam-attachrolepolicy 1.5.0',
        'lambda-invoke-data-event 1.8.0',
        'iam-attachrolepolicy 1.8.0',
        'iam-createaccesskey-self 1.8.0',
      ]),
    );
  });

  it.each(versioned)('%s in OCSF %s', (name, version) => {
    const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
    const location = { file: `${name}.raw.json` };
    const outcome = translator.translate(
      { kind: 'json', value: readJson(join(dir, `${name}.raw.json`)), location },
      { location },
    );
    expect(outcome.kind).toBe('emitted');
    const actual = (outcome.kind === 'emitted' ? outcome.events[0] : undefined) as Json;
    expect(actual).toEqual(readJson(join(dir, `${name}.ocsf-${version}.expected.json`)));
    if (hasShared) expect(issuesIn(version, actual)).toEqual([]);
  });
});
