/**
 * Golden tests: the dossier samples (raw CSV → expected OCSF), compared as data after the normalisations
 * DESIGN §6 decides. Each normalisation is a named step below, applied to the expected output only.
 */
import { readFileSync } from 'node:fs';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, test } from 'vitest';
import { createVpcTranslator } from '../src/translate.js';
import { csvFile, ctx, only } from './helpers.js';
import { schemaProblems, unknownAttributes } from './validate.js';

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

describe.skipIf(!hasShared)('golden: dossier samples', () => {
  test('vpcflow_v5_reject (1.1.0) matches its expected output after the documented normalisations', () => {
    const [record] = csvFile(sample('vpcflow_v5_reject.ocsf-1.1.0.raw.csv'));
    const actual = only(createVpcTranslator().translate(record as never, ctx));

    const want = expected('vpcflow_v5_reject.ocsf-1.1.0.expected.json');
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
    // 4. `_dt` in UTC `Z` form (the sample writes 2022-04-11T20:02:12.000-04:00).
    utcDatetimes(want);
    // 5. start_time / end_time added; 6. disposition_id added.
    addStartEnd(want, 1649721732, 1649721788);
    addDispositionId(want, 2);

    expect(actual).toEqual(want);
    expect(schemaProblems(actual)).toEqual([]);
  });

  test('vpcflow_v8_accept_egress_nat (1.5.0 sample) matches, restricted to OCSF 1.1.0 attributes', () => {
    const [record] = csvFile(sample('vpcflow_v8_accept_egress_nat.ocsf-1.5.0.raw.csv'));
    const actual = only(createVpcTranslator().translate(record as never, ctx));

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
    // 3. We emit OCSF 1.1.0: metadata.version, and only attributes 1.1.0 defines. Every attribute of the
    //    1.5.0 sample exists in 1.1.0 (the schema check finds none to remove) — asserted, not assumed.
    obj(want, 'metadata')['version'] = '1.1.0';
    expect(unknownAttributes(want)).toEqual([]);
    // 4. start_time / end_time added; 5. disposition_id added.
    addStartEnd(want, 1752247584, 1752247603);
    addDispositionId(want, 1);

    expect(actual).toEqual(want);
    expect(schemaProblems(actual)).toEqual([]);
  });

  test('the rc.2 sample of the same record agrees on what 1.1.0 kept (sanity of the normalisations)', () => {
    const rc2 = expected('vpcflow_v5_reject.ocsf-1.0.0-rc.2.expected.json');
    const [record] = csvFile(sample('vpcflow_v5_reject.ocsf-1.0.0-rc.2.raw.csv'));
    const actual = only(createVpcTranslator().translate(record as never, ctx));
    // rc.2 carried the start/end times and disposition_id that the 1.1.0 sample dropped.
    expect(actual['start_time']).toBe(rc2['start_time']);
    expect(actual['end_time']).toBe(rc2['end_time']);
    expect(actual['disposition_id']).toBe(rc2['disposition_id']);
    expect(actual['time']).toBe(rc2['time']);
  });
});
