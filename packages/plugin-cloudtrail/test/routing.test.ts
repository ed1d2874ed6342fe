/**
 * Both CloudTrail plugins installed, every real CloudTrail file translated once as the CLI does it: the
 * registry's claimants for the file, chained with core's chainTranslators, through translateInput. Every
 * record is translated by exactly one plugin (3002 by cloudtrail-auth, 6003/3001 by this one) or rejected
 * with a reason; none is skipped, and none is counted twice. The split itself is checked name by name first.
 */
import { relative } from 'node:path';
import {
  CLOUDTRAIL_AUTH_EVENTS,
  chainTranslators,
  type OcsfEvent,
  openInput,
  PluginRegistry,
  Stats,
  type Translator,
  translateInput,
} from '@ocsfx/core';
import auth, { AUTH_EVENTS } from '@ocsfx/plugin-cloudtrail-auth';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin, { ACCOUNT_CHANGES, AUTHENTICATION_EVENTS } from '../src/index.js';
import { apiCall, cloudTrailFiles, type Json } from './helpers.js';

const registry = new PluginRegistry();
registry.register(auth);
registry.register(plugin);
const translators = new Map<string, Translator>(
  [auth, plugin].map((p) => [p.id, p.createTranslator({ ocsfVersion: '1.1.0', options: {} })] as const),
);

describe('the split of CloudTrail between the two plugins', () => {
  const outcome = (id: string, eventName: string) => {
    const value = apiCall(eventName, { eventSource: 'sts.amazonaws.com' });
    const location = { file: 'split.json' };
    return translators.get(id)!.translate({ kind: 'json', value, location }, { location });
  };
  // Every name either plugin lists, and names next to them that are no sign-in.
  const names = [
    ...new Set([
      ...CLOUDTRAIL_AUTH_EVENTS,
      ...AUTH_EVENTS.keys(),
      ...AUTHENTICATION_EVENTS,
      ...ACCOUNT_CHANGES.keys(),
      'GetCallerIdentity',
      'AssumeRoot',
      'AssumeRoleWith',
      'consolelogin',
      'GetObject',
    ]),
  ];

  it.each(names)('%s: translated by exactly one of them', (name) => {
    const byAuth = outcome('cloudtrail-auth', name);
    const byApi = outcome('cloudtrail', name);
    const authTakes = byAuth.kind !== 'skipped';
    const apiSkips = byApi.kind === 'skipped' && byApi.code === 'cloudtrail/authentication';
    expect({ authTakes, apiSkips }).toEqual({ authTakes: apiSkips, apiSkips: authTakes });
    expect(authTakes).toBe((CLOUDTRAIL_AUTH_EVENTS as readonly string[]).includes(name));
    // The record is well formed: whichever plugin takes it emits it.
    expect((authTakes ? byAuth : byApi).kind).toBe('emitted');
    if (!authTakes) expect(byAuth).toMatchObject({ kind: 'skipped', code: 'cloudtrail/not-authentication' });
  });
});

describe.skipIf(!hasShared)('both CloudTrail plugins over the real fixtures', () => {
  const total = new Stats();
  const byClass = new Map<number, number>();

  it.each(cloudTrailFiles.map((f) => [relative(shared('fixtures', 'real'), f.path), f] as const))(
    '%s: each record once, none skipped',
    async (_name, file) => {
      const input = await openInput(file.path);
      try {
        const claimants = registry.claimants(await input.sample()).map((c) => c.plugin.id);
        expect([...claimants].sort()).toEqual(['cloudtrail', 'cloudtrail-auth']);
        const translator = chainTranslators(claimants.map((id) => ({ translator: translators.get(id)! })));
        const events: OcsfEvent[] = [];
        const stats = await translateInput({ input, translator, writer: { write: (e) => void events.push(e) } });
        const s = stats.snapshot();
        expect(s.skipped).toBe(0);
        expect(s.recordsIn).toBe(file.events.length);
        expect(s.emittedRecords + s.rejected).toBe(s.recordsIn);
        // Only Insights events are rejected: no class is mapped for them.
        expect(Object.keys(s.rejectedByReason).filter((code) => code !== 'cloudtrail/insight')).toEqual([]);
        for (const event of events)
          byClass.set(event.class_uid as number, (byClass.get(event.class_uid as number) ?? 0) + 1);
        // Sign-ins are Authentication, everything else is not.
        for (const event of events) {
          const operation = (event.api as Json).operation as string;
          expect([operation, event.class_uid === 3002]).toEqual([operation, isSignIn(operation)]);
        }
        total.merge(s);
      } finally {
        await input.close();
      }
    },
  );

  it('over the whole set: thousands of records, all three classes, zero skipped', () => {
    expect(total.skipped).toBe(0);
    expect(total.balanced()).toBe(true);
    expect(total.recordsIn).toBeGreaterThan(2500);
    expect([...byClass.keys()].sort()).toEqual([3001, 3002, 6003]);
  });
});

const SIGN_INS = new Set(['ConsoleLogin', 'CheckMfa', 'SwitchRole', 'ExitRole', 'RenewRole', 'AssumeRole']);
function isSignIn(operation: string): boolean {
  return (
    SIGN_INS.has(operation) ||
    operation.startsWith('AssumeRoleWith') ||
    ['GetSessionToken', 'GetFederationToken', 'CredentialChallenge', 'CredentialVerification'].includes(operation) ||
    ['UserAuthentication', 'ExternalIdPDirectoryLogin'].includes(operation)
  );
}
