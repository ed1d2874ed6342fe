import { readdirSync } from 'node:fs';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { availableVersions, generatedModel } from './generated.js';
import { loadSchemaModel } from './load.js';
import { createValidator } from './validator.js';

/** A valid Network Activity event of a version, with the endpoints given. */
function networkActivity(version: string, src: Record<string, unknown>, dst: Record<string, unknown>) {
  return {
    activity_id: 6,
    activity_name: 'Traffic',
    category_uid: 4,
    class_uid: 4001,
    metadata: { product: { name: 'Amazon VPC', vendor_name: 'AWS' }, version },
    src_endpoint: src,
    dst_endpoint: dst,
    severity_id: 1,
    time: 1_700_000_000_000,
    type_uid: 400106,
  };
}

const codes = (issues: { pointer: string; code: string }[]) => issues.map((i) => [i.pointer, i.code]);

describe('OCSF constraints (bundled data)', () => {
  it('an endpoint holding only a port breaks network_endpoint at_least_one', () => {
    const validator = createValidator({ version: '1.1.0' });
    const issues = validator.validate(networkActivity('1.1.0', { ip: '10.0.0.1' }, { port: 443 }));
    expect(codes(issues)).toEqual([['/dst_endpoint', 'at_least_one']]);
    expect(issues[0]?.message).toContain('at least one of ip, uid, name, hostname, svc_name');
    expect(validator.validate(networkActivity('1.1.0', { ip: '10.0.0.1' }, { port: 443, ip: '10.0.0.2' }))).toEqual([]);
  });

  it('checks class constraints and inherited ones (user → _entity) in 1.1.0 Authentication', () => {
    const validator = createValidator({ version: '1.1.0' });
    const event = {
      activity_id: 1,
      category_uid: 3,
      class_uid: 3002,
      metadata: { product: { name: 'CloudTrail', vendor_name: 'AWS' }, version: '1.1.0' },
      severity_id: 1,
      time: 1_700_000_000_000,
      type_uid: 300201,
      user: { type: 'IAMUser' },
    };
    // Authentication: at least one of service, dst_endpoint; user: at least one of account, name, uid.
    expect(codes(validator.validate(event))).toEqual([
      ['', 'at_least_one'],
      ['/user', 'at_least_one'],
    ]);
    expect(validator.validate({ ...event, user: { name: 'ana' }, service: { name: 'sts' } })).toEqual([]);
  });

  it('every bundled version carries the constraints of its schema', () => {
    for (const version of availableVersions()) {
      expect(generatedModel(version).objects['network_endpoint']?.constraints?.at_least_one).toContain('ip');
    }
  });
});

describe.skipIf(!hasShared)('OCSF constraints in every version of the official schema', () => {
  const versions = hasShared
    ? readdirSync(shared('ocsf-schema'), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];

  it('finds the schema versions', () => {
    expect(versions).toEqual(expect.arrayContaining(['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0']));
  });

  for (const version of versions) {
    it(`${version}: a port-only endpoint is refused, a named one accepted`, () => {
      const schemaDir = shared('ocsf-schema', version);
      const validator = createValidator({ version, schemaDir });
      const bad = validator.validate(networkActivity(version, { ip: '10.0.0.1' }, { port: 443 }));
      expect(bad).toContainEqual(expect.objectContaining({ pointer: '/dst_endpoint', code: 'at_least_one' }));
      const good = validator.validate(networkActivity(version, { ip: '10.0.0.1' }, { ip: '10.0.0.2', port: 443 }));
      expect(good.filter((i) => i.code === 'at_least_one' || i.code === 'just_one')).toEqual([]);
    });
  }

  it('just_one: an Authorize Session event names either privileges or a group, not both and not neither', () => {
    const version = '1.1.0';
    const model = loadSchemaModel(shared('ocsf-schema', version));
    expect(model.classes['3003']?.constraints).toEqual({ just_one: ['privileges', 'group'] });
    const validator = createValidator({ version, schemaDir: shared('ocsf-schema', version) });
    const base = {
      activity_id: 1,
      category_uid: 3,
      class_uid: 3003,
      metadata: { product: { name: 'x', vendor_name: 'y' }, version },
      severity_id: 1,
      time: 1_700_000_000_000,
      type_uid: 300301,
      user: { name: 'ana' },
    };
    const justOne = (e: unknown) => codes(validator.validate(e)).filter(([, code]) => code === 'just_one');
    expect(justOne(base)).toEqual([['', 'just_one']]);
    expect(justOne({ ...base, privileges: ['SeDebug'], group: { name: 'admins' } })).toEqual([['', 'just_one']]);
    expect(justOne({ ...base, privileges: ['SeDebug'] })).toEqual([]);
  });
});
