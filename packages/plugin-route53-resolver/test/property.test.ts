/** Properties: any JSON value gives an outcome, never a throw; every emitted event is valid OCSF. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixture, readJson, schemaIssues, translate, translateOne } from './helpers.js';

const record = fc.record(
  {
    version: fc.constant('1.100000'),
    account_id: fc.oneof(fc.stringMatching(/^\d{12}$/), fc.integer()),
    query_timestamp: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
    ),
    query_name: fc.oneof(
      fc.domain().map((d) => `${d}.`),
      fc.string(),
      fc.integer(),
    ),
    query_type: fc.constantFrom('A', 'AAAA', 'CNAME', 'TXT', 'MX'),
    rcode: fc.oneof(fc.constantFrom('NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED'), fc.string()),
    answers: fc.oneof(
      fc.array(
        fc.record(
          { Rdata: fc.oneof(fc.ipV4(), fc.domain(), fc.string()), Type: fc.string(), Class: fc.constant('IN') },
          { requiredKeys: [] },
        ),
      ),
      fc.jsonValue(),
    ),
    srcaddr: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
    srcport: fc.oneof(fc.integer({ min: -5, max: 70000 }).map(String), fc.integer()),
    transport: fc.constantFrom('UDP', 'TCP', 'DoH'),
    srcids: fc.oneof(fc.record({ instance: fc.string() }, { requiredKeys: [] }), fc.string()),
    firewall_rule_action: fc.constantFrom('ALLOW', 'BLOCK', 'ALERT', 'DROP', ''),
    firewall_rule_group_id: fc.constantFrom('rslvr-frg-0123456789abcdef', ''),
  },
  { requiredKeys: [] },
);

describe('a firewall rule group without an action', () => {
  it('emits no firewall_rule (its profile needs an action): the group id stays in unmapped', () => {
    const raw = readJson(fixture('golden', 'firewall-block.raw.json')) as Record<string, unknown>;
    for (const action of [undefined, '', 7]) {
      const event = translateOne({ ...raw, firewall_rule_action: action });
      expect(event.firewall_rule).toBeUndefined();
      expect(event.unmapped).toMatchObject({ firewall_rule_group_id: 'rslvr-frg-0123456789abcdef' });
      expect(schemaIssues(event)).toEqual([]);
    }
    expect(translateOne(raw).firewall_rule).toEqual({ uid: 'rslvr-frg-0123456789abcdef' });
  });
});

describe('properties', () => {
  it('never throws; an emitted event validates against OCSF 1.1.0 DNS Activity', () => {
    fc.assert(
      fc.property(fc.oneof(record, fc.jsonValue()), (value) => {
        const outcome = translate(value);
        if (outcome.kind === 'emitted') expect(schemaIssues(outcome.events[0] as Record<string, unknown>)).toEqual([]);
        else expect(outcome.code).toMatch(/^route53\//);
      }),
      { numRuns: 400 },
    );
  });
});
