/**
 * Every CloudTrail file in ../shared/fixtures/real through core's openInput, with this plugin alone:
 * each record that is not a sign-in is emitted (Insights events rejected with their reason), sign-ins are
 * skipped, every event is valid against the official 1.1.0 schema of its class, and the caller (`actor`)
 * and `src_endpoint` are exactly what @ocsfx/plugin-cloudtrail-auth derives from the same record.
 */
import { relative } from 'node:path';
import { type JsonRecord, openInput } from '@ocsfx/core';
import auth from '@ocsfx/plugin-cloudtrail-auth';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { cloudTrailFiles, type Json, schemaIssues } from './helpers.js';

// Written out again on purpose: the test must not trust the plugin's own table.
const SIGN_INS = new Set([
  'ConsoleLogin',
  'CheckMfa',
  'SwitchRole',
  'ExitRole',
  'RenewRole',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
  'ExternalIdPDirectoryLogin',
]);

const authTranslator = auth.createTranslator({ ocsfVersion: '1.1.0', options: {} });

/** What the authentication plugin makes of the same caller: the record as if it were a console sign-in. */
function authView(value: Json): Json | undefined {
  const asSignIn = { ...value, eventName: 'ConsoleLogin' };
  const record: JsonRecord = { kind: 'json', value: asSignIn, location: { file: 'x' } };
  const outcome = authTranslator.translate(record, { location: record.location });
  return outcome.kind === 'emitted' ? (outcome.events[0] as Json) : undefined;
}

describe.skipIf(!hasShared)('real CloudTrail fixtures, this plugin alone', () => {
  it('finds the CloudTrail files (docs, Elastic, Loki gzip, 55 Invictus deliveries)', () => {
    expect(cloudTrailFiles.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cloudTrailFiles.map((f) => [relative(shared('fixtures', 'real'), f.path), f] as const))(
    '%s',
    async (_name, file) => {
      const expectedSignIns = file.events.filter((e) => SIGN_INS.has((e as Json).eventName as string)).length;
      const expectedInsights = file.events.filter((e) => (e as Json).eventType === 'AwsCloudTrailInsight').length;
      const translator = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });
      const input = await openInput(file.path);
      let records = 0;
      let emitted = 0;
      let skipped = 0;
      let insights = 0;
      let compared = 0;
      const rejects: string[] = [];
      const invalid: string[] = [];
      try {
        for await (const batch of input.records()) {
          for (const item of batch) {
            records++;
            if (item.kind === 'issue') {
              rejects.push(`reader ${item.code}: ${item.reason}`);
              continue;
            }
            const outcome = translator.translate(item, { location: item.location });
            if (outcome.kind === 'skipped') {
              expect(outcome.code).toBe('cloudtrail/authentication');
              skipped++;
            } else if (outcome.kind === 'rejected') {
              if (outcome.code === 'cloudtrail/insight') insights++;
              else rejects.push(`${outcome.code}: ${outcome.reason}`);
            } else {
              for (const event of outcome.events) {
                emitted++;
                const problems = schemaIssues(event);
                if (problems.length > 0)
                  invalid.push(`${String((event.api as Json)?.operation)}: ${problems.join('; ')}`);
                const same = authView((item as JsonRecord).value as Json);
                if (same !== undefined) {
                  compared++;
                  expect(event.actor).toEqual(same.actor);
                  expect(event.src_endpoint).toEqual(same.src_endpoint);
                }
              }
            }
          }
        }
      } finally {
        await input.close();
      }
      expect(rejects).toEqual([]);
      expect(invalid).toEqual([]);
      expect(skipped).toBe(expectedSignIns);
      expect(insights).toBe(expectedInsights);
      expect(emitted).toBe(records - expectedSignIns - expectedInsights);
      expect(records).toBe(file.events.length);
      // The caller comparison ran for (nearly) every emitted event: it proves something.
      expect(compared).toBeGreaterThanOrEqual(Math.floor(emitted * 0.9));
    },
  );
});
