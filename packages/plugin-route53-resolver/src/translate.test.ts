import { describe, expect, it } from 'vitest';
import { translate, translateOne } from '../test/helpers.js';
import plugin from './index.js';

const q = (extra: Record<string, unknown> = {}) => ({
  version: '1.100000',
  account_id: '111122223333',
  region: 'eu-west-1',
  vpc_id: 'vpc-1',
  query_timestamp: '2024-11-24T08:00:00Z',
  query_name: 'example.com.',
  query_type: 'A',
  query_class: 'IN',
  rcode: 'NOERROR',
  answers: [],
  srcaddr: '10.0.0.1',
  srcport: '5353',
  transport: 'UDP',
  srcids: { instance: 'i-1' },
  ...extra,
});

describe('rcode', () => {
  it.each([
    ['NOERROR', 0, 'NoError'],
    ['NXDOMAIN', 3, 'NXDomain'],
    ['SERVFAIL', 2, 'ServError'],
    ['REFUSED', 5, 'Refused'],
    ['BADCOOKIE', 99, 'BADCOOKIE'],
  ])('%s → %i %s', (rcode, id, caption) => {
    expect(translateOne(q({ rcode }))).toMatchObject({ rcode_id: id, rcode: caption });
  });
});

describe('DNS Firewall', () => {
  it.each([
    ['BLOCK', 2, 'Denied', 2, 'Blocked'],
    ['ALLOW', 1, 'Allowed', 1, 'Allowed'],
    ['ALERT', 1, 'Allowed', 19, 'Alert'],
    ['QUARANTINE', 0, 'Unknown', 99, 'QUARANTINE'],
  ])('%s → action %i, disposition %i', (act, actionId, action, dispositionId, disposition) => {
    const event = translateOne(q({ firewall_rule_action: act, firewall_rule_group_id: 'rslvr-frg-1' }));
    expect(event).toMatchObject({ action_id: actionId, action, disposition_id: dispositionId, disposition });
    expect(event).toMatchObject({
      firewall_rule: { uid: 'rslvr-frg-1' },
      metadata: { profiles: ['cloud', 'security_control', 'datetime'] },
    });
  });

  it('without a firewall action: no security_control profile, no action or disposition', () => {
    const event = translateOne(q());
    expect(event.action_id).toBeUndefined();
    expect(event).toMatchObject({ metadata: { profiles: ['cloud', 'datetime'] } });
  });
});

describe('answers and endpoints', () => {
  it('keeps the raw answers in unmapped when one lacks Rdata, and maps the others', () => {
    const event = translateOne(
      q({
        answers: [
          { Type: 'A', Class: 'IN' },
          { Rdata: '192.0.2.1', Type: 'A', Class: 'IN' },
        ],
      }),
    );
    expect(event.answers).toEqual([{ rdata: '192.0.2.1', type: 'A', class: 'IN' }]);
    expect((event.unmapped as Record<string, unknown>).answers).toHaveLength(2);
  });

  it('an inbound resolver endpoint is the destination; a record without srcaddr or srcids is rejected', () => {
    const event = translateOne(q({ srcids: { resolver_endpoint: 'rslvr-in-1', resolver_network_interface: 'rni-1' } }));
    expect(event.dst_endpoint).toEqual({ instance_uid: 'rslvr-in-1', interface_uid: 'rni-1' });
    expect(translate(q({ srcaddr: undefined, srcids: undefined }))).toMatchObject({ code: 'route53/missing-source' });
  });

  it('srcport becomes a number; transport the protocol', () => {
    expect(translateOne(q())).toMatchObject({
      src_endpoint: { ip: '10.0.0.1', port: 5353, vpc_uid: 'vpc-1', instance_uid: 'i-1' },
      connection_info: { protocol_name: 'UDP', protocol_num: 17, direction_id: 0 },
    });
  });
});

describe('rejects', () => {
  it('a row from a text reader is not a query log record', () => {
    const translator = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });
    const row = { kind: 'row' as const, columns: null, values: ['a'], location: { file: 'x', line: 1 } };
    expect(translator.translate(row, { location: row.location })).toMatchObject({ code: 'route53/not-json' });
  });

  it('a query name OCSF does not take as a hostname (an underscore label, the root)', () => {
    for (const query_name of ['_dmarc.example.com.', '.', 'bad-.example.com.'])
      expect(translate(q({ query_name }))).toMatchObject({ kind: 'rejected', code: 'route53/invalid-query-name' });
    expect(translateOne(q({ query_name: 'a-b.example.com.' })).query).toMatchObject({ hostname: 'a-b.example.com' });
  });

  it('a value longer than an OCSF string holds', () => {
    expect(translate(q({ query_type: 'A'.repeat(70_000) }))).toMatchObject({ code: 'route53/value-too-long' });
  });

  it('a record without query_timestamp', () => {
    expect(translate(q({ query_timestamp: undefined }))).toMatchObject({
      kind: 'rejected',
      code: 'route53/missing-timestamp',
    });
  });
});
