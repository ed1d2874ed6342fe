/**
 * Golden tests: each `test/fixtures/golden/<name>.raw.json` (CloudTrail events written for these tests in
 * the documented record format) → `<name>.expected.json`, compared as data, and valid against the
 * official OCSF 1.1.0 schema.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { readJson, schemaIssues, translateOne } from './helpers.js';

const dir = join(import.meta.dirname, 'fixtures', 'golden');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.raw.json'))
  .map((f) => f.slice(0, -'.raw.json'.length));

describe('golden CloudTrail events', () => {
  it('has a sample of each kind: data events, a failed call, account changes', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
  });

  it.each(names)('%s', (name) => {
    const actual = translateOne(readJson(join(dir, `${name}.raw.json`)));
    expect(actual).toEqual(readJson(join(dir, `${name}.expected.json`)));
    if (hasShared) expect(schemaIssues(actual)).toEqual([]);
  });
});
