/**
 * OCSF 1.5.0 and 1.8.0: the 1.1.0 events with their version, and with each attribute those schemas deprecate
 * written as the replacement they name (README decision 12) — checked here by rewriting the 1.1.0 event by
 * hand from the raw record — every event valid against the official schema of its version, none using a
 * deprecated attribute, and the caller (`actor`) exactly what @ocsfx/plugin-cloudtrail-auth derives in that
 * version.
 */
import { createValidator, type JsonRecord } from '@ocsfx/core';
import auth from '@ocsfx/plugin-cloudtrail-auth';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { cloudTrailFiles, type Json } from './helpers.js';

const base = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });

/** The 1.1.0 event as the README says `version` writes it. */
function expectedIn(version: string, event: Json, raw: Json): Json {
  const out: Json = structuredClone(event);
  (out.metadata as Json).version = version;
  const actor = out.actor as Json | undefined;
  if (actor?.invoked_by !== undefined) {
    actor.app_name = actor.invoked_by;
    delete actor.invoked_by;
  }
  if (out.policy !== undefined) {
    out.policies = [out.policy];
    delete out.policy;
    for (const o of out.observables as Json[]) if (o.name === 'policy.uid') o.name = 'policies[].uid';
  }
  if (version === '1.8.0') {
    const identity = raw.userIdentity as Json;
    for (const user of [actor?.user, out.user] as (Json | undefined)[]) {
      if (user?.credential_uid === undefined) continue;
      if (user === actor?.user && typeof identity.accessKeyId !== 'string') {
        // Identity Center's credentialId is no programmatic credential: it stays in `unmapped`.
        out.unmapped = { ...(out.unmapped as Json | undefined), 'userIdentity.credentialId': user.credential_uid };
      } else {
        user.programmatic_credentials = [{ uid: user.credential_uid, type: 'AWS Access Key' }];
      }
      delete user.credential_uid;
    }
  }
  return out;
}

describe.skipIf(!hasShared)('other OCSF versions over the real CloudTrail records', () => {
  it.each(['1.5.0', '1.8.0'])('%s: the documented differences only, valid, nothing deprecated', (version) => {
    const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
    const authTranslator = auth.createTranslator({ ocsfVersion: version, options: {} });
    const validator = createValidator({ version, schemaDir: shared('ocsf-schema', version) });
    let emitted = 0;
    let compared = 0;
    const rewritten = new Set<string>();
    const invalid: string[] = [];
    for (const file of cloudTrailFiles) {
      for (const value of file.events) {
        const record: JsonRecord = { kind: 'json', value, location: { file: file.path } };
        const outcome = translator.translate(record, { location: record.location });
        const reference = base.translate(record, { location: record.location });
        expect(outcome.kind).toBe(reference.kind);
        if (outcome.kind !== 'emitted' || reference.kind !== 'emitted') continue;
        const event = outcome.events[0] as Json;
        const old = reference.events[0] as Json;
        emitted++;
        const expected = expectedIn(version, old, value as Json);
        expect(event).toEqual(expected);
        for (const key of ['invoked_by', 'policy', 'credential_uid'])
          if (JSON.stringify(old).includes(`"${key}"`)) rewritten.add(key);
        for (const issue of [...validator.validate(event), ...validator.deprecations(event)])
          invalid.push(`${issue.pointer}: ${issue.message}`);
        const signIn = {
          kind: 'json',
          value: { ...(value as Json), eventName: 'ConsoleLogin' },
          location: record.location,
        };
        const same = authTranslator.translate(signIn as JsonRecord, { location: record.location });
        if (same.kind === 'emitted') {
          compared++;
          expect(event.actor).toEqual(same.events[0]?.actor);
        }
      }
    }
    expect(emitted).toBeGreaterThan(2500);
    expect(compared).toBeGreaterThan(emitted * 0.9);
    // The fixtures hold every deprecated attribute 1.1.0 writes, so each rewrite above was exercised.
    expect([...rewritten].sort()).toEqual(['credential_uid', 'invoked_by', 'policy']);
    expect(invalid).toEqual([]);
  });
});
