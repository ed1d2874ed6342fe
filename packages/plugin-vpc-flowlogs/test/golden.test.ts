/**
 * Golden tests: the dossier samples (raw CSV → expected OCSF), compared as data after the normalisations
 * DESIGN §6 decides. Each normalisation is a named step below, applied to the expected output only.
 */
import { readFileSync } from 'node:fs';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, test } from 'vitest';
import { createVpcTranslator } from '../src/translate.js';
import { csvFile, ctx, only } from './helpers.js';
import { deprecatedAttributes, schemaProblems } from './validate.js';

type Json = Record<string, unknown>;

function sample(name: string): string {
  return shared('dossiers', 'samples', name);
}

function expected(name: string): Json {
  return JSON.parse(readFileSync(sample(name), 'utf8')) as Json;
}

function obj(event: Json, key: string): Json {
  return event[key] as Json;
}

/** §6: `-` means "no value": Security Lake writes the string, we omit the attribute. Returns the paths. */
function dropDashes(value: Json, prefix = ''): string[] {
  const dropped: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v === '-') {
      delete value[key];
      dropped.push(path);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      dropped.push(...dropDashes(v as Json, path));
      if (Object.keys(v).length === 0) delete value[key];
    }
  }
  return dropped;
}

/** §6: the `_dt` strings are written in UTC with a `Z` (the samples use -04:00 or `+00:00` with a space). */
function utcDatetimes(event: Json): void {
  for (const key of ['time_dt', 'start_time_dt', 'end_time_dt']) {
    const v = event[key];
    if (typeof v === 'string') event[key] = new Date(v.replace(' ', 'T')).toISOString();
  }
}

/** §6: `time`, `start_time` and `end_time` are all written (the 1.1.0/1.5.0 samples have only `time`). */
function addStartEnd(event: Json, start: number, end: number): void {
  event['start_time'] = start * 1000;
  event['end_time'] = end * 1000;
}

/** Security control profile: `disposition_id` beside the `disposition` caption (the samples omit the id). */
function addDispositionId(event: Json, id: number): void {
  event['disposition_id'] = id;
}

/**
 * `type` IPv4 → `connection_info.protocol_ver_id` 4, and `protocol_ver` becomes that id's caption (the samples
 * write the AWS value "IPv4" without an id); `duration` = end − start in ms (the samples have none).
 */
function addProtocolVersionAndDuration(event: Json, start: number, end: number): void {
  expect(obj(event, 'connection_info')['protocol_ver']).toBe('IPv4');
  obj(event, 'connection_info')['protocol_ver_id'] = 4;
  obj(event, 'connection_info')['protocol_ver'] = 'Internet Protocol version 4 (IPv4)';
  event['duration'] = (end - start) * 1000;
}

/** The v5 REJECT sample's normalisations shared by rc.2 and 1.1.0 (steps 1–3 in both tests). */
function normaliseV5Reject(want: Json): void {
  // 1. `-` omitted: both svc_name, boundary "-", unmapped sublocation_id / sublocation_type.
  expect(dropDashes(want).sort()).toEqual([
    'connection_info.boundary',
    'dst_endpoint.svc_name',
    'src_endpoint.svc_name',
    'unmapped.sublocation_id',
    'unmapped.sublocation_type',
  ]);
  // 2. traffic_path is `-` (absent): no boundary at all, where Security Lake writes boundary_id 99 "-".
  expect(obj(want, 'connection_info')['boundary_id']).toBe(99);
  delete obj(want, 'connection_info')['boundary_id'];
  // 3. The expected interface id has two more zeros than the raw `eni-0000000000000000` (sample typo).
  expect(obj(want, 'dst_endpoint')['interface_uid']).toBe('eni-000000000000000000');
  obj(want, 'dst_endpoint')['interface_uid'] = 'eni-0000000000000000';
}

/** The v8 egress NAT sample (1.5.0) with its normalisations: the OCSF 1.5.0 output we expect. */
function v8Expected150(): Json {
  const want = expected('vpcflow_v8_accept_egress_nat.ocsf-1.5.0.expected.json');
  // 1. `-` omitted: src instance_uid, both svc_name, four unmapped fields.
  expect(dropDashes(want).sort()).toEqual([
    'dst_endpoint.svc_name',
    'src_endpoint.instance_uid',
    'src_endpoint.svc_name',
    'unmapped.ecs_container_instance_arn',
    'unmapped.ecs_container_instance_id',
    'unmapped.sublocation_id',
    'unmapped.sublocation_type',
  ]);
  // 2. `_dt` in UTC `Z` form (the sample writes "2025-07-11 15:26:24+00:00").
  utcDatetimes(want);
  // 3. start_time / end_time added; 4. disposition_id added; 5. protocol_ver_id and duration added.
  addStartEnd(want, 1752247584, 1752247603);
  addDispositionId(want, 1);
  addProtocolVersionAndDuration(want, 1752247584, 1752247603);
  return want;
}

const v8Record = () => csvFile(sample('vpcflow_v8_accept_egress_nat.ocsf-1.5.0.raw.csv'))[0];
const v5Record = () => csvFile(sample('vpcflow_v5_reject.ocsf-1.1.0.raw.csv'))[0];

function translateAt(version: string, record: unknown, context: object = ctx): Json {
  return only(createVpcTranslator({ ocsfVersion: version }).translate(record as never, context as typeof ctx));
}

describe.skipIf(!hasShared)('golden: dossier samples', () => {
  test('vpcflow_v5_reject (1.0.0-rc.2) matches its expected output after the documented normalisations', () => {
    const [record] = csvFile(sample('vpcflow_v5_reject.ocsf-1.0.0-rc.2.raw.csv'));
    const actual = translateAt('1.0.0-rc.2', record);

    const want = expected('vpcflow_v5_reject.ocsf-1.0.0-rc.2.expected.json');
    normaliseV5Reject(want);
    // 4. protocol_ver_id and duration added (rc.2 has both attributes; the sample writes neither).
    addProtocolVersionAndDuration(want, 1649721732, 1649721788);
    // 5. Observables: rc.2 has them, the sample has none; ours are the 1.1.0 sample's.
    expect(want['observables']).toBeUndefined();
    want['observables'] = expected('vpcflow_v5_reject.ocsf-1.1.0.expected.json')['observables'];

    expect(actual).toEqual(want);
    expect(schemaProblems(actual, '1.0.0-rc.2')).toEqual([]);
  });

  test('vpcflow_v5_reject (1.1.0, the default) matches its expected output after the documented normalisations', () => {
    const actual = only(createVpcTranslator().translate(v5Record() as never, ctx));

    const want = expected('vpcflow_v5_reject.ocsf-1.1.0.expected.json');
    normaliseV5Reject(want);
    // 4. `_dt` in UTC `Z` form (the sample writes 2022-04-11T20:02:12.000-04:00).
    utcDatetimes(want);
    // 5. start_time / end_time added; 6. disposition_id added; 7. protocol_ver_id and duration added.
    addStartEnd(want, 1649721732, 1649721788);
    addDispositionId(want, 2);
    addProtocolVersionAndDuration(want, 1649721732, 1649721788);

    expect(actual).toEqual(want);
    expect(schemaProblems(actual)).toEqual([]);
  });

  test('vpcflow_v8_accept_egress_nat (1.5.0) matches its expected output after the documented normalisations', () => {
    const actual = translateAt('1.5.0', v8Record());
    expect(actual).toEqual(v8Expected150());
    expect(schemaProblems(actual, '1.5.0')).toEqual([]);
    expect(deprecatedAttributes(actual, '1.5.0')).toEqual([]);
  });

  test('the same v8 record in 1.1.0 is the 1.5.0 output with metadata.version 1.1.0 (no 1.5.0-only attribute)', () => {
    const actual = only(createVpcTranslator().translate(v8Record() as never, ctx));
    const want = v8Expected150();
    obj(want, 'metadata')['version'] = '1.1.0';
    expect(actual).toEqual(want);
    expect(schemaProblems(actual)).toEqual([]);
  });

  test('vpcflow_v8_accept_egress_nat in 1.8.0: the 1.5.0 expectation plus what 1.8.0 adds (derived from its schema)', () => {
    // As the CLI reads it: the file and its format reach the translator in the record context.
    const actual = translateAt('1.8.0', v8Record(), { location: { file: 'flows.csv' }, format: 'csv' });

    const want = v8Expected150();
    obj(want, 'metadata')['version'] = '1.8.0';
    // 1. metadata.log_source / log_format (metadata, 1.8.0): the input file and the format it was read as.
    obj(want, 'metadata')['log_source'] = 'flows.csv';
    obj(want, 'metadata')['log_format'] = 'CSV';
    // 2. observation_point_id (network, 1.8.0): egress → the monitored interface is the source (1).
    want['observation_point_id'] = 1;
    want['observation_point'] = 'Source';
    // 3. is_src_dst_assignment_known (network_activity, 1.8.0): tcp-flags 19 = SYN-ACK + FIN, the source
    //    answered the connection, so src/dst are not initiator/responder.
    expect(obj(want, 'connection_info')['tcp_flags']).toBe(19);
    want['is_src_dst_assignment_known'] = false;
    // 4. traffic.start_time / end_time (network_traffic, 1.8.0): the capture window of the counts.
    obj(want, 'traffic')['start_time'] = 1752247584000;
    obj(want, 'traffic')['end_time'] = 1752247603000;

    expect(actual).toEqual(want);
    expect(schemaProblems(actual, '1.8.0')).toEqual([]);
    expect(deprecatedAttributes(actual, '1.8.0')).toEqual([]);
  });

  test('the rc.2 sample of the same record agrees on what 1.1.0 kept (sanity of the normalisations)', () => {
    const rc2 = expected('vpcflow_v5_reject.ocsf-1.0.0-rc.2.expected.json');
    const actual = only(createVpcTranslator().translate(v5Record() as never, ctx));
    // rc.2 carried the start/end times and disposition_id that the 1.1.0 sample dropped.
    expect(actual['start_time']).toBe(rc2['start_time']);
    expect(actual['end_time']).toBe(rc2['end_time']);
    expect(actual['disposition_id']).toBe(rc2['disposition_id']);
    expect(actual['time']).toBe(rc2['time']);
  });
});
