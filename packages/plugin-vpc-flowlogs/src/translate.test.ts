import type { OcsfEvent, Outcome } from '@ocsfx/core';
import { describe, expect, test } from 'vitest';
import { ctx, only, row, textRow } from '../test/helpers.js';
import { DEFAULT_FORMAT } from './fields.js';
import { createVpcTranslator } from './translate.js';
import { parseLogFormat } from './vpc-format.js';

const V2 = [...DEFAULT_FORMAT];
const ACCEPT_V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const NODATA_V2 = '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA';

const V5_HEADER =
  'version srcaddr dstaddr srcport dstport protocol start end type packets bytes account-id vpc-id subnet-id instance-id interface-id region az-id sublocation-type sublocation-id action tcp-flags pkt-srcaddr pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service traffic-path flow-direction log-status'.split(
    ' ',
  );
const V5_INGRESS =
  '5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71 S3 - - ingress OK';
const V5_EGRESS =
  '5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK';

function translate(line: string, columns: readonly string[] | null = V2, options = {}): Outcome {
  return createVpcTranslator(options).translate(textRow(columns, line), ctx);
}

function event(line: string, columns: readonly string[] | null = V2): OcsfEvent {
  return only(translate(line, columns));
}

function get(e: OcsfEvent, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], e);
}

describe('mapping table', () => {
  test('default v2 record: numbers stay numbers, account id stays text, times in ms and UTC _dt', () => {
    const e = event(ACCEPT_V2);
    expect(get(e, 'metadata.product.version')).toBe('2');
    expect(get(e, 'cloud.account.uid')).toBe('123456789010');
    expect(get(e, 'src_endpoint.port')).toBe(20641);
    expect(get(e, 'dst_endpoint.port')).toBe(22);
    expect(get(e, 'connection_info.protocol_num')).toBe(6);
    expect(e['traffic']).toEqual({ packets: 20, bytes: 4249 });
    expect(e['time']).toBe(1418530010000);
    expect(e['start_time']).toBe(1418530010000);
    expect(e['end_time']).toBe(1418530070000);
    expect(e['time_dt']).toBe('2014-12-14T04:06:50.000Z');
    expect(e['end_time_dt']).toBe('2014-12-14T04:07:50.000Z');
    expect(e['status_code']).toBe('OK');
    expect(e['metadata']).toEqual({
      product: { name: 'Amazon VPC', vendor_name: 'AWS', feature: { name: 'Flowlogs' }, version: '2' },
      profiles: ['cloud', 'security_control', 'datetime'],
      version: '1.1.0',
    });
    expect(e['unmapped']).toBeUndefined();
  });

  test('account id keeps its leading zeros', () => {
    expect(get(event(ACCEPT_V2.replace('123456789010', '000000000042')), 'cloud.account.uid')).toBe('000000000042');
  });

  test('v5 fields: region, zone, tcp flags, protocol version, AWS service names, sublocation in unmapped', () => {
    const e = event(V5_INGRESS.replace('- - ACCEPT', 'outpost op-1 ACCEPT'), V5_HEADER);
    expect(e['cloud']).toEqual({
      provider: 'AWS',
      account: { uid: '123456789012' },
      region: 'ap-southeast-2',
      zone: 'apse2-az3',
    });
    expect(get(e, 'connection_info.tcp_flags')).toBe(19);
    // `type` IPv4 → protocol_ver_id 4, with its caption as the sibling (OCSF's rule for `*_id` enums).
    expect(get(e, 'connection_info.protocol_ver_id')).toBe(4);
    expect(get(e, 'connection_info.protocol_ver')).toBe('Internet Protocol version 4 (IPv4)');
    expect(get(e, 'src_endpoint.svc_name')).toBe('S3');
    expect(get(e, 'dst_endpoint.svc_name')).toBeUndefined();
    expect(e['unmapped']).toEqual({ 'sublocation-type': 'outpost', 'sublocation-id': 'op-1' });
  });

  test('`-` omits the attribute (no "-" strings anywhere in the output)', () => {
    const e = event(V5_INGRESS, V5_HEADER);
    expect(JSON.stringify(e)).not.toContain('"-"');
    expect(e['unmapped']).toBeUndefined();
  });
});

describe('conditional rules', () => {
  test('ingress: Inbound, interface/vpc/instance/subnet ids on dst_endpoint', () => {
    const e = event(V5_INGRESS, V5_HEADER);
    expect(get(e, 'connection_info.direction_id')).toBe(1);
    expect(get(e, 'connection_info.direction')).toBe('Inbound');
    expect(e['dst_endpoint']).toEqual({
      ip: '10.0.0.71',
      port: 34210,
      interface_uid: 'eni-1235b8ca123456789',
      vpc_uid: 'vpc-abcdefab012345678',
      instance_uid: 'i-0c50d5961bcb2d47b',
      subnet_uid: 'subnet-aaaaaaaa012345678',
    });
    expect(e['src_endpoint']).toEqual({ ip: '52.95.128.179', port: 80, svc_name: 'S3' });
  });

  test('egress: Outbound, ids on src_endpoint; traffic-path 8 → boundary 11 Internet Gateway', () => {
    const e = event(V5_EGRESS, V5_HEADER);
    expect(get(e, 'connection_info.direction_id')).toBe(2);
    expect(get(e, 'src_endpoint.instance_uid')).toBe('i-0c50d5961bcb2d47b');
    expect(get(e, 'dst_endpoint.instance_uid')).toBeUndefined();
    expect(get(e, 'connection_info.boundary_id')).toBe(11);
    expect(get(e, 'connection_info.boundary')).toBe('Internet Gateway');
  });

  test.each([
    [1, 4, 'Same VPC'],
    [2, 5, 'Internet/VPC Gateway'],
    [3, 6, 'Virtual Private Gateway'],
    [4, 7, 'Intra-region VPC'],
    [5, 8, 'Inter-region VPC'],
    [6, 9, 'Local Gateway'],
    [7, 10, 'Gateway VPC'],
    [8, 11, 'Internet Gateway'],
  ])('traffic-path %i → boundary_id %i %s', (path, id, caption) => {
    const e = event(V5_EGRESS.replace(' 8 egress', ` ${path} egress`), V5_HEADER);
    expect(e['connection_info']).toMatchObject({ boundary_id: id, boundary: caption });
  });

  test('no flow-direction: ids on src_endpoint, direction_id 0 Unknown (required by connection_info)', () => {
    const e = event(ACCEPT_V2);
    expect(get(e, 'src_endpoint.interface_uid')).toBe('eni-1235b8ca123456789');
    expect(get(e, 'dst_endpoint.interface_uid')).toBeUndefined();
    expect(e['connection_info']).toEqual({ protocol_num: 6, direction_id: 0, direction: 'Unknown' });
  });

  test('pkt addresses differing from the interface addresses: ip = pkt address, intermediate_ips = [address]', () => {
    const cols = ['srcaddr', 'dstaddr', 'pkt-srcaddr', 'pkt-dstaddr', 'start'];
    const e = event('10.0.0.220 203.0.113.5 10.0.1.5 203.0.113.5 1616729292', cols);
    expect(e['src_endpoint']).toEqual({ ip: '10.0.1.5', intermediate_ips: ['10.0.0.220'] });
    expect(e['dst_endpoint']).toEqual({ ip: '203.0.113.5' });
    expect(e['observables']).toEqual([
      { name: 'dst_endpoint.ip', type: 'IP Address', type_id: 2, value: '203.0.113.5' },
      { name: 'src_endpoint.intermediate_ips[]', type: 'IP Address', type_id: 2, value: '10.0.0.220' },
      { name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: '10.0.1.5' },
    ]);
  });

  test('ACCEPT → Traffic / Allowed / Allowed; REJECT → Refuse / Denied / Blocked', () => {
    expect(event(ACCEPT_V2)).toMatchObject({
      activity_id: 6,
      activity_name: 'Traffic',
      type_uid: 400106,
      type_name: 'Network Activity: Traffic',
      action_id: 1,
      action: 'Allowed',
      disposition_id: 1,
      disposition: 'Allowed',
    });
    expect(event(ACCEPT_V2.replace('ACCEPT', 'REJECT'))).toMatchObject({
      activity_id: 5,
      activity_name: 'Refuse',
      type_uid: 400105,
      type_name: 'Network Activity: Refuse',
      action_id: 2,
      action: 'Denied',
      disposition_id: 2,
      disposition: 'Blocked',
    });
  });

  test('NODATA: activity 0 Unknown with times, status, account and interface', () => {
    const e = event(NODATA_V2);
    expect(e).toMatchObject({
      activity_id: 0,
      activity_name: 'Unknown',
      type_uid: 400100,
      action_id: 0,
      status_code: 'NODATA',
    });
    expect(e['time']).toBe(1431280876000);
    expect(get(e, 'cloud.account.uid')).toBe('123456789010');
    // The only endpoint a NODATA record names is the interface; OCSF requires both endpoints.
    expect(e['src_endpoint']).toEqual({ interface_uid: 'eni-1235b8ca123456789' });
    expect(e['dst_endpoint']).toEqual({ interface_uid: 'eni-1235b8ca123456789' });
    expect(e['disposition_id']).toBeUndefined();
  });

  test('--skip-nodata skips NODATA and SKIPDATA with their own codes', () => {
    expect(translate(NODATA_V2, V2, { skipNodata: true })).toMatchObject({ kind: 'skipped', code: 'vpc/nodata' });
    expect(translate(NODATA_V2.replace('NODATA', 'SKIPDATA'), V2, { skipNodata: true })).toMatchObject({
      kind: 'skipped',
      code: 'vpc/skipdata',
    });
    expect(translate(ACCEPT_V2, V2, { skipNodata: true }).kind).toBe('emitted');
  });
});

describe('formats', () => {
  test('underscore names (CSV, Parquet) map like dashed names; unmapped keeps the input spelling', () => {
    const cols = V5_HEADER.map((n) => n.replaceAll('-', '_'));
    const dashed = event(V5_INGRESS.replace('- - ACCEPT', 'wavelength wl-1 ACCEPT'), V5_HEADER);
    const underscored = event(V5_INGRESS.replace('- - ACCEPT', 'wavelength wl-1 ACCEPT'), cols);
    expect(underscored['unmapped']).toEqual({ sublocation_type: 'wavelength', sublocation_id: 'wl-1' });
    expect({ ...underscored, unmapped: undefined }).toEqual({ ...dashed, unmapped: undefined });
  });

  test('Parquet values: INT32 numbers and INT64 bigints', () => {
    const values = [
      2,
      '111111111111',
      'eni-0a4',
      '79.124.62.82',
      '172.31.39.167',
      58757,
      39045,
      6,
      1n,
      40n,
      1645469669n,
      1645469724n,
      'REJECT',
      'OK',
    ];
    const e = only(
      createVpcTranslator().translate(
        row(
          V2.map((n) => n.replaceAll('-', '_')),
          values,
        ),
        ctx,
      ),
    );
    expect(e['traffic']).toEqual({ packets: 1, bytes: 40 });
    expect(e['time']).toBe(1645469669000);
    expect(get(e, 'metadata.product.version')).toBe('2');
  });

  test('headerless record in the default format (CloudWatch Logs) uses the default layout', () => {
    expect(event(ACCEPT_V2, null)).toEqual(event(ACCEPT_V2));
  });

  test('headerless record in another format is rejected, asking for --vpc-format', () => {
    const outcome = translate(V5_INGRESS, null);
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'vpc/unknown-format' });
    expect(outcome.kind === 'rejected' && outcome.reason).toContain('--vpc-format');
    // 14 fields but version 5: does not fit the default format either.
    expect(translate(ACCEPT_V2.replace(/^2/, '5'), null)).toMatchObject({ code: 'vpc/unknown-format' });
  });

  test('a declared format reads headerless records; a header still wins over it', () => {
    const format = parseLogFormat(V5_HEADER.map((n) => `\${${n}}`).join(' '));
    expect(only(translate(V5_INGRESS, null, { format }))).toEqual(event(V5_INGRESS, V5_HEADER));
    expect(only(translate(ACCEPT_V2, V2, { format }))).toEqual(event(ACCEPT_V2));
  });

  test('fields AWS does not define go to unmapped (forward compatible)', () => {
    const e = event(`${ACCEPT_V2} 7`, [...V2, 'future-field']);
    expect(e['unmapped']).toEqual({ 'future-field': '7' });
  });

  test('a layout is computed once per columns array', () => {
    const translator = createVpcTranslator();
    const columns = [...V2];
    const a = only(translator.translate(textRow(columns, ACCEPT_V2), ctx));
    // Readers never mutate columns; doing it here shows the layout is not recomputed (a fresh layout
    // would now see dstaddr twice and reject the record).
    columns[3] = 'dstaddr';
    const b = only(translator.translate(textRow(columns, ACCEPT_V2), ctx));
    expect(b).toEqual(a);
  });
});

describe('rejects name the field', () => {
  test.each([
    ['non-numeric port', ACCEPT_V2.replace('20641', 'http'), 'vpc/invalid-port', 'srcport'],
    ['port out of range', ACCEPT_V2.replace(' 22 ', ' 70000 '), 'vpc/invalid-port', 'dstport'],
    ['non-numeric bytes', ACCEPT_V2.replace('4249', '4k'), 'vpc/invalid-number', 'bytes'],
    ['negative packets', ACCEPT_V2.replace(' 20 ', ' -20 '), 'vpc/invalid-number', 'packets'],
    ['bad address', ACCEPT_V2.replace('172.31.16.139', '172.31.16.999'), 'vpc/invalid-address', 'srcaddr'],
    ['unknown action', ACCEPT_V2.replace('ACCEPT', 'DROP'), 'vpc/invalid-action', 'action'],
    ['unknown log-status', ACCEPT_V2.replace(' OK', ' FINE'), 'vpc/invalid-log-status', 'log-status'],
    ['time beyond any date', ACCEPT_V2.replace('1418530010', '99999999999999'), 'vpc/invalid-time', 'start'],
    // One second past 9999-12-31T23:59:59Z: time_dt would read "+010000-01-01T…".
    ['start past the year 9999', ACCEPT_V2.replace('1418530010', '253402300800'), 'vpc/invalid-time', 'start'],
    ['end past the year 9999', ACCEPT_V2.replace('1418530070', '253402300800'), 'vpc/invalid-time', 'end'],
    // Found by `pnpm fuzz`: OCSF strings hold 65,535 characters at most; a longer field made an invalid event.
    [
      'a field longer than an OCSF string',
      ACCEPT_V2.replace('eni-1235b8ca123456789', 'eni-'.padEnd(65_536, 'f')),
      'vpc/value-too-long',
      'interface-id',
    ],
  ])('%s', (_name, line, code, field) => {
    expect(translate(line)).toMatchObject({ kind: 'rejected', code, field });
  });

  test('a field of exactly 65,535 characters is kept', () => {
    const id = 'eni-'.padEnd(65_535, 'f');
    expect(get(event(ACCEPT_V2.replace('eni-1235b8ca123456789', id)), 'src_endpoint.interface_uid')).toBe(id);
  });

  test('the last second of the year 9999 is still a time', () => {
    const line = ACCEPT_V2.replace('1418530010', '253402300799').replace('1418530070', '253402300799');
    expect(translate(line)).toMatchObject({ kind: 'emitted', events: [{ time_dt: '9999-12-31T23:59:59.000Z' }] });
  });

  test('flow-direction and traffic-path outside their values', () => {
    expect(translate(V5_INGRESS.replace('ingress', 'sideways'), V5_HEADER)).toMatchObject({
      code: 'vpc/invalid-flow-direction',
      field: 'flow-direction',
    });
    expect(translate(V5_EGRESS.replace(' 8 egress', ' 9 egress'), V5_HEADER)).toMatchObject({
      code: 'vpc/invalid-traffic-path',
      field: 'traffic-path',
    });
  });

  test('wrong number of fields for the header names the first missing field', () => {
    expect(translate(ACCEPT_V2.replace(' ACCEPT OK', ''))).toMatchObject({
      kind: 'rejected',
      code: 'vpc/field-count',
      field: 'action',
    });
    expect(translate(`${ACCEPT_V2} extra`)).toMatchObject({ kind: 'rejected', code: 'vpc/field-count' });
  });

  test('no start and no end: OCSF needs a time', () => {
    expect(translate('eni-1 10.0.0.1 10.0.0.2', ['interface-id', 'srcaddr', 'dstaddr'])).toMatchObject({
      code: 'vpc/missing-time',
      field: 'start',
    });
  });

  test('nothing naming an endpoint', () => {
    expect(translate('1616729292 100', ['start', 'bytes'])).toMatchObject({ code: 'vpc/missing-endpoint' });
  });

  test('a port alone does not name an endpoint: the interface does, or the record is rejected', () => {
    // OCSF network_endpoint: at least one of ip, uid, name, hostname, svc_name, instance_uid, interface_uid, …
    const e = event('eni-1 443 1616729292', ['interface-id', 'dstport', 'start']);
    expect(e['dst_endpoint']).toEqual({ port: 443, interface_uid: 'eni-1' });
    expect(e['src_endpoint']).toEqual({ interface_uid: 'eni-1' });
    expect(translate('10.0.0.1 443 1616729292', ['srcaddr', 'dstport', 'start'])).toMatchObject({
      kind: 'rejected',
      code: 'vpc/missing-endpoint',
      field: 'dstaddr',
    });
  });

  test('a column named __proto__ is kept in unmapped, not lost into the prototype', () => {
    const e = event('eni-1 443 1616729292 x', ['interface-id', 'dstport', 'start', '__proto__']);
    const unmapped = e['unmapped'] as Record<string, unknown>;
    expect(Object.hasOwn(unmapped, '__proto__')).toBe(true);
    expect(JSON.stringify(unmapped)).toBe('{"__proto__":"x"}');
    expect(Object.getPrototypeOf(unmapped)).toBe(Object.prototype);
  });

  test('a header naming a field twice rejects its records', () => {
    expect(translate('1 2', ['account-id', 'account_id'])).toMatchObject({
      code: 'vpc/duplicate-field',
      field: 'account_id',
    });
  });

  test('JSON values are not records', () => {
    const outcome = createVpcTranslator().translate(
      { kind: 'json', value: { eventName: 'x' }, location: { file: 'a' } },
      ctx,
    );
    expect(outcome).toMatchObject({ kind: 'rejected', code: 'vpc/not-a-record' });
  });

  test('the rest of the input goes on after a reject', () => {
    const translator = createVpcTranslator();
    expect(translator.translate(textRow(V2, ACCEPT_V2.replace('ACCEPT', 'DROP')), ctx).kind).toBe('rejected');
    expect(translator.translate(textRow(V2, ACCEPT_V2), ctx).kind).toBe('emitted');
  });
});

describe('long IPv6 spellings', () => {
  test('an address over OCSF’s 40 characters is shortened to its canonical form; the text as written stays in unmapped', () => {
    const long = '0:000:0000:0000:0000:0000:100.100.100.100';
    const e = event(ACCEPT_V2.replace('172.31.16.21', long));
    expect(get(e, 'dst_endpoint.ip')).toBe('::6464:6464');
    expect(get(e, 'unmapped.dstaddr')).toBe(long);
    expect(get(e, 'src_endpoint.ip')).toBe('172.31.16.139');
    expect(get(e, 'unmapped.srcaddr')).toBeUndefined();
  });
});

describe('NODATA / SKIPDATA accounting', () => {
  test('NODATA and SKIPDATA records are emitted with a code the stats count apart; others carry none', () => {
    const nodata = translate(NODATA_V2);
    expect(nodata.kind).toBe('emitted');
    expect(nodata.kind === 'emitted' && nodata.code).toBe('vpc/nodata');
    const skipdata = translate(NODATA_V2.replace('NODATA', 'SKIPDATA'));
    expect(skipdata.kind === 'emitted' && skipdata.code).toBe('vpc/skipdata');
    const accept = translate(ACCEPT_V2);
    expect(accept.kind === 'emitted' && accept.code).toBeUndefined();
  });
});

describe('per OCSF version (versions.ts)', () => {
  const at = (version: string, line: string, columns: readonly string[] | null = V2, context = ctx) =>
    only(createVpcTranslator({ ocsfVersion: version }).translate(textRow(columns, line), context));

  test('NODATA: the interface on both endpoints up to 1.1.0 (both required), on the source only from 1.5.0', () => {
    for (const version of ['1.0.0-rc.2', '1.1.0']) {
      expect(at(version, NODATA_V2)['dst_endpoint'], version).toEqual({ interface_uid: 'eni-1235b8ca123456789' });
    }
    for (const version of ['1.5.0', '1.8.0']) {
      const e = at(version, NODATA_V2);
      expect(e['src_endpoint'], version).toEqual({ interface_uid: 'eni-1235b8ca123456789' });
      expect(e['dst_endpoint'], version).toBeUndefined();
    }
  });

  test('no action: disposition_id 0 in rc.2, action_id 0 in 1.1.0, neither from 1.5.0 (no longer required)', () => {
    expect(at('1.0.0-rc.2', NODATA_V2)).toMatchObject({ disposition_id: 0, disposition: 'Unknown' });
    expect(at('1.0.0-rc.2', NODATA_V2)['action_id']).toBeUndefined();
    expect(at('1.1.0', NODATA_V2)).toMatchObject({ action_id: 0, action: 'Unknown' });
    for (const version of ['1.5.0', '1.8.0']) {
      const e = at(version, NODATA_V2);
      expect([e['action_id'], e['disposition_id']], version).toEqual([undefined, undefined]);
    }
  });

  test('rc.2: cloud.account_uid, no action_id, no *_dt; 1.1.0 on: cloud.account.uid, action_id and *_dt', () => {
    const rc2 = at('1.0.0-rc.2', ACCEPT_V2);
    expect(rc2['cloud']).toEqual({ provider: 'AWS', account_uid: '123456789010' });
    expect(rc2).toMatchObject({ disposition_id: 1, metadata: { profiles: ['cloud', 'security_control'] } });
    expect(Object.keys(rc2).filter((k) => k === 'action_id' || k.endsWith('_dt'))).toEqual([]);
    for (const version of ['1.1.0', '1.5.0', '1.8.0']) {
      const e = at(version, ACCEPT_V2);
      expect(e['cloud'], version).toEqual({ provider: 'AWS', account: { uid: '123456789010' } });
      expect(e, version).toMatchObject({ action_id: 1, time_dt: '2014-12-14T04:06:50.000Z' });
    }
  });

  test('duration = end − start in every version; raw_data_size (the line in bytes) from 1.5.0', () => {
    for (const version of ['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0']) {
      expect(at(version, ACCEPT_V2)['duration'], version).toBe(60_000);
    }
    expect(at('1.1.0', ACCEPT_V2)['raw_data_size']).toBeUndefined();
    expect(at('1.5.0', ACCEPT_V2)['raw_data_size']).toBe(Buffer.byteLength(ACCEPT_V2));
    // A window that ends before it starts has no duration.
    expect(at('1.5.0', ACCEPT_V2.replace('1418530070', '1418530000'))['duration']).toBeUndefined();
  });

  test('EFA traffic: protocol_ver_id 99 Other keeps the AWS value as protocol_ver', () => {
    const e = at('1.1.0', V5_INGRESS.replace('IPv4', 'EFA'), V5_HEADER);
    expect(get(e, 'connection_info.protocol_ver_id')).toBe(99);
    expect(get(e, 'connection_info.protocol_ver')).toBe('EFA');
  });

  test('1.8.0: observation point from flow-direction, src/dst assignment from tcp-flags, traffic window, log source', () => {
    const context = { location: { file: 'flows.log' }, format: 'text' as const };
    const ingress = at('1.8.0', V5_INGRESS, V5_HEADER, context);
    expect(ingress).toMatchObject({
      observation_point_id: 2,
      observation_point: 'Destination',
      // tcp-flags 19: SYN-ACK + FIN, the answering side.
      is_src_dst_assignment_known: false,
      traffic: { start_time: 1616729292000, end_time: 1616729349000 },
      metadata: { log_source: 'flows.log', log_format: 'text', version: '1.8.0' },
    });
    const egress = at('1.8.0', V5_EGRESS, V5_HEADER);
    // tcp-flags 3: SYN + FIN without SYN-ACK, the side that opened the connection.
    expect(egress).toMatchObject({ observation_point_id: 1, is_src_dst_assignment_known: true });
    // No flow-direction (v2): no observation point; no tcp-flags: the assignment is not asserted.
    const v2 = at('1.8.0', ACCEPT_V2);
    expect(v2['observation_point_id']).toBeUndefined();
    expect(v2['is_src_dst_assignment_known']).toBe(false);
    expect(at('1.8.0', NODATA_V2)['is_src_dst_assignment_known']).toBeUndefined();
    // None of these exist in 1.5.0.
    const older = at('1.5.0', V5_INGRESS, V5_HEADER, context);
    expect([older['observation_point_id'], older['is_src_dst_assignment_known']]).toEqual([undefined, undefined]);
    expect(Object.keys(older['traffic'] as object)).toEqual(['packets', 'bytes']);
    expect(older['metadata']).not.toHaveProperty('log_source');
  });

  test('nothing naming an endpoint is rejected in every version', () => {
    for (const version of ['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0']) {
      const outcome = createVpcTranslator({ ocsfVersion: version }).translate(
        textRow(['start', 'bytes'], '1616729292 100'),
        ctx,
      );
      expect(outcome, version).toMatchObject({ code: 'vpc/missing-endpoint' });
    }
  });

  test('an unsupported version is refused, naming the supported ones', () => {
    expect(() => createVpcTranslator({ ocsfVersion: '1.2.0' })).toThrow(
      /choose one of 1\.0\.0-rc\.2, 1\.1\.0, 1\.5\.0, 1\.8\.0/,
    );
  });
});
