import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { availableVersions } from './generated.js';
import { recommendedAttributes } from './recommended.js';
import { schemaDir } from './test-helpers/samples.js';

describe('recommendedAttributes', () => {
  it('comes from the bundled data: Network Activity 1.1.0 and Authentication 1.0.0-rc.2, parents and includes applied', () => {
    // network_activity.json recommends connection_info; base_event's message, status_id and timezone_offset.
    expect(recommendedAttributes(4001, '1.1.0')).toEqual([
      'connection_info',
      'message',
      'status_id',
      'timezone_offset',
    ]);
    expect(recommendedAttributes(3002, '1.0.0-rc.2')).toEqual([
      'auth_protocol_id',
      'is_remote',
      'logon_type_id',
      'message',
      'status_id',
      'timezone_offset',
    ]);
  });

  it("leaves out the profiles' attributes (host's device, security_control's action_id)", () => {
    const attributes = recommendedAttributes(4001, '1.5.0') ?? [];
    expect(attributes).toContain('src_endpoint');
    expect(attributes).not.toContain('device');
    expect(attributes).not.toContain('action_id');
  });

  it('undefined for a class the version does not have; an error naming the bundled versions for another version', () => {
    expect(recommendedAttributes(9999, '1.1.0')).toBeUndefined();
    expect(() => recommendedAttributes(4001, '0.9.0')).toThrow(/bundled: 1\.0\.0-rc\.2, 1\.1\.0/);
  });
});

describe.skipIf(!hasShared)('against the official schema', () => {
  it('the bundled data gives what a schema checkout gives, for every bundled version and class', () => {
    for (const version of availableVersions()) {
      const classes = Object.keys(
        (
          JSON.parse(readFileSync(join(import.meta.dirname, '..', 'generated', `ocsf-${version}.json`), 'utf8')) as {
            classes: Record<string, unknown>;
          }
        ).classes,
      );
      expect(classes.length).toBeGreaterThan(1);
      for (const uid of classes) {
        const bundled = recommendedAttributes(Number(uid), version);
        expect(bundled, `${version} ${uid}`).toEqual(
          recommendedAttributes(Number(uid), version, { schemaDir: schemaDir(version) }),
        );
        if (uid !== '0') expect(bundled, `${version} ${uid}`).toContain('message');
      }
    }
  });
});
