/**
 * Every CloudTrail file in ../shared/fixtures/real, read through core's openInput as the CLI does:
 * no crash, no rejects, as many events as the file has authentication eventNames (counted here from the
 * raw JSON, independently of the plugin), and every event valid against the schema of each version the
 * plugin emits (and, in 1.5.0 and 1.8.0, using no deprecated attribute).
 */
import { relative } from 'node:path';
import { openInput } from '@ocsfx/core';
import { cloudTrailFixtures } from '@ocsfx/vitest-config/fixtures';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { deprecationsFor, validatorFor } from './validate.js';

// The list of authentication events, written out again on purpose: the test must not trust the plugin's own table.
const AUTH_NAMES = new Set([
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

const files = cloudTrailFixtures();

describe.skipIf(!hasShared)('real CloudTrail fixtures', () => {
  it('finds the CloudTrail files (docs, Elastic, Loki gzip, 55 Invictus deliveries)', () => {
    expect(files.length).toBeGreaterThanOrEqual(100);
  });

  for (const version of plugin.ocsf.versions) {
    describe(`OCSF ${version}`, () => {
      it.each(files.map((f) => [relative(shared('fixtures', 'real'), f.path), f] as const))(
        '%s',
        async (_name, file) => {
          const expectedAuth = file.events.filter((e) =>
            AUTH_NAMES.has((e as Record<string, unknown>).eventName as string),
          ).length;
          const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
          const validate = validatorFor(version);
          // From 1.5.0 the output uses no attribute the schema deprecates (issue 17's acceptance bar).
          const deprecated = ['1.5.0', '1.8.0'].includes(version) ? deprecationsFor(version) : () => [];
          const input = await openInput(file.path);
          let records = 0;
          let emitted = 0;
          let skipped = 0;
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
                const outcome = translator.translate(item, { location: item.location, format: input.format });
                if (outcome.kind === 'emitted') {
                  emitted += outcome.events.length;
                  for (const event of outcome.events) {
                    const problems = [...validate(event), ...deprecated(event)];
                    if (problems.length > 0)
                      invalid.push(
                        `${String(event.api && JSON.stringify(event.api).slice(0, 60))}: ${problems.join('; ')}`,
                      );
                    expect(event.metadata).toMatchObject({ version });
                  }
                } else if (outcome.kind === 'skipped') {
                  skipped++;
                } else {
                  rejects.push(`${outcome.code}: ${outcome.reason}`);
                }
              }
            }
          } finally {
            await input.close();
          }
          expect(rejects).toEqual([]);
          expect(invalid).toEqual([]);
          expect(emitted).toBe(expectedAuth);
          expect(records).toBe(file.events.length);
          expect(emitted + skipped).toBe(records);
        },
      );
    });
  }
});
