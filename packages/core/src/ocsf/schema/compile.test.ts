import { hasShared } from '@ocsfx/vitest-config/shared';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { GENERATED_DATA } from '../generated/index.js';
import { compileClassSchema } from './compile.js';
import { loadSchemaModel } from './load.js';
import { subsetModel } from './subset.js';
import { schemaDir } from './test-helpers/samples.js';

const VERSIONS = ['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0'] as const;
/** Concrete classes (with a uid) plus base_event, counted in each official release. */
const CLASS_COUNTS: Record<(typeof VERSIONS)[number], number> = {
  '1.0.0-rc.2': 29,
  '1.1.0': 44,
  '1.5.0': 74,
  '1.8.0': 76,
};

describe.skipIf(!hasShared)('compiling the official schema', () => {
  // Every class of the oldest, the default and the newest version (1.5.0's emitted classes are compiled by
  // the validation tests of the plugins).
  for (const version of ['1.0.0-rc.2', '1.1.0', '1.8.0'] as const) {
    it(`compiles every class of ${version}, with and without all profiles, into schemas ajv accepts`, () => {
      const model = loadSchemaModel(schemaDir(version));
      const ajv = new Ajv({ allErrors: true, strict: false });
      ajv.addFormat('ip', true);
      const profiles = ['cloud', 'container', 'datetime', 'host', 'load_balancer', 'network_proxy', 'security_control'];
      const uids = Object.keys(model.classes);
      expect(uids).toHaveLength(CLASS_COUNTS[version]);
      for (const uid of uids) {
        // ajv compiles the superset (every profile on); the profile-free schema is checked as data only,
        // which keeps this test within seconds on 1.8.0.
        const full = compileClassSchema(schemaDir(version), Number(uid), { profiles });
        expect(() => ajv.compile(full), `${version} class ${uid}`).not.toThrow();
        const bare = compileClassSchema(schemaDir(version), Number(uid));
        expect(bare['required']).toEqual(expect.arrayContaining(['class_uid', 'metadata', 'type_uid']));
        expect(Object.keys(bare['properties'] as object).length).toBeLessThanOrEqual(
          Object.keys(full['properties'] as object).length,
        );
      }
    }, 120_000);
  }

  it('resolves the class extends chain, $include and the dictionary (4001 @ 1.1.0)', () => {
    const schema = compileClassSchema(schemaDir('1.1.0'), 'network_activity', { profiles: ['cloud', 'datetime'] });
    const props = schema['properties'] as Record<string, Record<string, unknown>>;
    // from base_event, from the `network` parent, from includes/network/network_activities.json, own
    expect(Object.keys(props)).toEqual(
      expect.arrayContaining(['severity_id', 'src_endpoint', 'connection_info', 'url']),
    );
    expect(props['activity_id']).toEqual({ type: 'integer', enum: [0, 1, 2, 3, 4, 5, 6, 99] });
    expect(props['class_uid']).toEqual({ type: 'integer', enum: [4001] });
    expect(props['time_dt']?.['type']).toBe('string');
    expect(props['cloud']).toEqual({ $ref: '#/definitions/cloud' });
    expect(props['unmapped']).toEqual({ type: 'object' });
    expect(props['observables']).toEqual({ type: 'array', items: { $ref: '#/definitions/observable' } });
    const defs = schema['definitions'] as Record<string, Record<string, unknown>>;
    expect(defs['network_endpoint']).toHaveProperty(['properties', 'port']);
    expect((defs['network_endpoint']?.['properties'] as Record<string, unknown> | undefined)?.['port']).toEqual({
      type: 'integer',
      minimum: 0,
      maximum: 65535,
    });
    // security_control attributes are absent without the profile, present with it.
    expect(props['disposition_id']).toBeUndefined();
    const withControl = compileClassSchema(schemaDir('1.1.0'), 4001, { profiles: ['security_control'] });
    expect(Object.keys(withControl['properties'] as object)).toContain('disposition_id');
  });

  it('takes 1.0.0-rc.2 activity enums from enums/ and repairs its datetime_t regex', () => {
    const model = loadSchemaModel(schemaDir('1.0.0-rc.2'));
    expect(model.classes['4001']?.attributes['activity_id']?.enum).toMatchObject({
      '5': 'Refuse',
      '6': 'Traffic',
      '99': 'Other',
    });
    expect(model.types['ip_t']).toMatchObject({ base: 'string', format: 'ip' });
    expect(new RegExp(model.types['datetime_t']?.pattern ?? '$^').test('2022-04-11T20:03:08.000-04:00')).toBe(true);
  });

  it('builds the observable type_id enum from types, objects and attributes (1.8.0)', () => {
    const values = loadSchemaModel(schemaDir('1.8.0')).objects['observable']?.attributes['type_id']?.enum ?? {};
    expect(values).toMatchObject({
      '2': 'IP Address',
      '11': 'Port',
      '13': 'Command Line',
      '20': 'Endpoint',
      '99': 'Other',
    });
  });

  it("carries the schema's @deprecated notes on attributes and enum values (1.8.0), none in rc.2", () => {
    const model = loadSchemaModel(schemaDir('1.8.0'));
    expect(model.objects['actor']?.attributes['invoked_by']?.deprecated).toBe(
      'since 1.2.0: Use app_name, app_uid attributes instead.',
    );
    expect(model.objects['user']?.attributes['credential_uid']?.deprecated).toBe(
      'since 1.6.0: Use programmatic_credentials instead.',
    );
    expect(model.objects['account']?.attributes['type_id']?.deprecatedValues?.['3']).toMatch(/^since 1\.6\.0: /);
    expect(model.objects['actor']?.attributes['user']?.deprecated).toBeUndefined();
    const rc2 = JSON.stringify(loadSchemaModel(schemaDir('1.0.0-rc.2')));
    expect(rc2).not.toContain('deprecated');
  });

  it('the committed generated data matches a fresh generation from the schema', () => {
    const every = [3002, 4001];
    const targets: Record<string, number[]> = {
      '1.0.0-rc.2': every,
      '1.1.0': [3001, 3002, 4001, 4003, 6003],
      '1.5.0': [3001, 3002, 4001, 4003, 6003],
      '1.8.0': [3001, 3002, 4001, 4003, 6003],
    };
    expect(Object.keys(GENERATED_DATA).sort()).toEqual(Object.keys(targets).sort());
    for (const [version, classes] of Object.entries(targets)) {
      expect(GENERATED_DATA[version]).toEqual(subsetModel(loadSchemaModel(schemaDir(version)), classes));
    }
  });
});
