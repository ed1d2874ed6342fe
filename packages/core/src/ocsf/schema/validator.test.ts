import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableVersions } from './generated.js';
import { resolvePath } from './semantic.js';
import { createValidator } from './validator.js';

/** A minimal valid 1.1.0 Network Activity event; these tests need no schema checkout (bundled data only). */
const event = () => ({
  activity_id: 6,
  activity_name: 'Traffic',
  category_uid: 4,
  class_uid: 4001,
  metadata: { product: { name: 'Amazon VPC', vendor_name: 'AWS' }, profiles: ['cloud'], version: '1.1.0' },
  cloud: { provider: 'AWS' },
  dst_endpoint: { ip: '10.0.0.2', port: 443 },
  src_endpoint: { ip: '2600:1f18::1' },
  observables: [{ name: 'dst_endpoint.ip', type: 'IP Address', type_id: 2, value: '10.0.0.2' }],
  severity_id: 1,
  time: 1_700_000_000_000,
  type_uid: 400106,
});

describe('createValidator with the bundled data', () => {
  it('ships 1.0.0-rc.2, 1.1.0, 1.5.0 and 1.8.0', () => {
    expect(availableVersions()).toEqual(['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0']);
  });

  it('reports deprecated attributes and enum values as warnings, apart from validation errors', () => {
    const auth = {
      activity_id: 1,
      category_uid: 3,
      class_uid: 3002,
      metadata: { product: { name: 'CloudTrail', vendor_name: 'AWS' }, version: '1.8.0' },
      severity_id: 1,
      time: 1_700_000_000_000,
      type_uid: 300201,
      user: { name: 'anaya', credential_uid: 'AKIA…', account: { uid: '1', type_id: 3 } },
      actor: { invoked_by: 'ec2.amazonaws.com', app_name: 'ec2.amazonaws.com' },
      // Authentication's constraint: at least one of service, dst_endpoint.
      service: { name: 'signin.amazonaws.com' },
    };
    const v18 = createValidator({ version: '1.8.0' });
    expect(v18.validate(auth)).toEqual([]);
    expect(v18.deprecations(auth).map((i) => [i.pointer, i.code])).toEqual([
      ['/actor/invoked_by', 'deprecated'],
      ['/user/credential_uid', 'deprecated'],
      ['/user/account/type_id', 'deprecated'],
    ]);
    expect(v18.deprecations(auth)[0]?.message).toBe(
      '"invoked_by" is deprecated in OCSF 1.8.0 (since 1.2.0: Use app_name, app_uid attributes instead.)',
    );
    // 1.5.0 deprecates invoked_by but not yet credential_uid (1.6.0) nor the account type ids.
    const v15 = createValidator({ version: '1.5.0' });
    expect(
      v15.deprecations({ ...auth, metadata: { ...auth.metadata, version: '1.5.0' } }).map((i) => i.pointer),
    ).toEqual(['/actor/invoked_by']);
    // 1.1.0 deprecates neither; anything that is not an event of a known class has no deprecations.
    expect(createValidator({ version: '1.1.0' }).deprecations({ ...event(), actor: {} })).toEqual([]);
    expect(v18.deprecations('text')).toEqual([]);
    expect(v18.deprecations({ class_uid: 1 })).toEqual([]);
  });

  it('accepts a valid event and reports problems with pointer and code', () => {
    const validator = createValidator({ version: '1.1.0' });
    expect(validator.validate(event())).toEqual([]);
    const bad = { ...event(), dst_endpoint: { ip: '10.0.0.2', port: -1 }, type_uid: 400105 };
    expect(validator.validate(bad).map((i) => [i.pointer, i.code])).toEqual([
      ['/dst_endpoint/port', 'constraint'],
      ['/type_uid', 'type_uid'],
    ]);
  });

  it('checks each event against its own profiles, also when they change from one event to the next', () => {
    const validator = createValidator({ version: '1.1.0' });
    const withCloud = event();
    const withoutProfile = { ...event(), metadata: { ...event().metadata, profiles: [] } };
    const codes = (e: unknown) => validator.validate(e).map((i) => [i.pointer, i.code]);
    // `cloud` belongs to the cloud profile: without the profile it is an attribute the class does not have.
    expect(codes(withCloud)).toEqual([]);
    expect(codes(withCloud)).toEqual([]);
    expect(codes(withoutProfile)).toEqual([['/cloud', 'additional']]);
    expect(codes(withCloud)).toEqual([]);
    withCloud.metadata.profiles.pop();
    expect(codes(withCloud)).toEqual([['/cloud', 'additional']]);
  });

  it('validates as a fixed class when asked, whatever class_uid says', () => {
    const validator = createValidator({ version: '1.1.0', classUid: 'network_activity' });
    expect(validator.validate({ ...event(), class_uid: 3002 }).map((i) => i.code)).toEqual(['enum', 'type_uid']);
  });

  it('refuses unknown versions and classes with a clear message', () => {
    expect(() => createValidator({ version: '9.9.9' })).toThrow(/no bundled validation data for OCSF 9\.9\.9/);
    expect(() => createValidator({ version: '1.1.0', classUid: 1001 })).toThrow(/no class 1001/);
    expect(createValidator({ version: '1.1.0' }).validate({ class_uid: 1001 })).toEqual([
      expect.objectContaining({ pointer: '/class_uid', code: 'class' }),
    ]);
    expect(createValidator({ version: '1.1.0' }).validate([])).toEqual([
      expect.objectContaining({ pointer: '', code: 'type' }),
    ]);
  });

  it('never throws, whatever the input, and every pointer is a JSON pointer', () => {
    const validator = createValidator({ version: '1.1.0' });
    const base = event();
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...Object.keys(base)), fc.anything(), (any, key, value) => {
        for (const input of [any, { ...base, [key]: value }]) {
          for (const issue of validator.validate(input)) expect(issue.pointer).toMatch(/^(\/.*)?$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('resolvePath', () => {
  it('walks dotted paths through arrays', () => {
    const e = { a: { b: [{ c: 1 }, { c: 2 }, {}] }, x: [1, 2] };
    expect(resolvePath(e, 'a.b.c')).toEqual([1, 2]);
    expect(resolvePath(e, 'a.b[].c')).toEqual([1, 2]);
    expect(resolvePath(e, 'x')).toEqual([1, 2]);
    expect(resolvePath(e, 'a.nope')).toEqual([]);
  });
});
