/**
 * Golden tests: each `test/fixtures/golden/<name>.raw.json` (a query log record written for these tests in
 * the documented format) → `<name>.expected.json`, compared as data, and valid against OCSF 1.1.0.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, readJson, schemaIssues, translateOne } from './helpers.js';

const names = readdirSync(fixture('golden'))
  .filter((f) => f.endsWith('.raw.json'))
  .map((f) => f.slice(0, -'.raw.json'.length));

describe('golden query log records', () => {
  it('covers answers, NXDOMAIN, DNS Firewall actions, an inbound endpoint and IPv6', () => {
    expect(names.length).toBeGreaterThanOrEqual(7);
  });

  it.each(names)('%s', (name) => {
    const actual = translateOne(readJson(fixture('golden', `${name}.raw.json`)));
    expect(actual).toEqual(readJson(fixture('golden', `${name}.expected.json`)));
    expect(schemaIssues(actual)).toEqual([]);
  });
});
