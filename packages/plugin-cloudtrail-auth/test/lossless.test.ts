/**
 * Lossless: every raw value of an emitted event appears in the output, mapped or in `unmapped`.
 * Values the mapping converts (times, MFA flags) must show up as their converted attribute instead.
 * Empty values (`""`, null, `{}`, `[]`) are "no value" in OCSF and are not required.
 */
import { walk } from '@ocsfx/vitest-config/fixtures';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { jsonEvents, translate } from './helpers.js';

/** Raw paths whose value is converted, and the OCSF attribute (per version) that must then exist. */
const CONVERTED: Record<string, Record<string, string>> = {
  eventTime: { '1.0.0-rc.2': 'time', '1.1.0': 'time' },
  '@timestamp': { '1.0.0-rc.2': 'time', '1.1.0': 'time' },
  'additionalEventData.MFAUsed': { '1.0.0-rc.2': 'mfa', '1.1.0': 'is_mfa' },
  'userIdentity.sessionContext.attributes.mfaAuthenticated': {
    '1.0.0-rc.2': 'actor.session.mfa',
    '1.1.0': 'actor.session.is_mfa',
  },
  'userIdentity.sessionContext.attributes.creationDate': {
    '1.0.0-rc.2': 'actor.session.created_time',
    '1.1.0': 'actor.session.created_time',
  },
};

function leaves(value: unknown, path: string, out: [string, unknown][]): void {
  if (Array.isArray(value)) {
    for (const item of value) leaves(item, path, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) leaves(v, path === '' ? k : `${path}.${k}`, out);
  } else if (value !== null && value !== '') {
    out.push([path, value]);
  }
}

function has(event: Record<string, unknown>, path: string): boolean {
  let cur: unknown = event;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur !== undefined;
}

/** Raw values missing from the output event. */
function lostValues(raw: unknown, event: Record<string, unknown>, version: string): string[] {
  const outValues = new Set<unknown>();
  const outLeaves: [string, unknown][] = [];
  leaves(event, '', outLeaves);
  for (const [, v] of outLeaves) outValues.add(v);
  const rawLeaves: [string, unknown][] = [];
  leaves(raw, '', rawLeaves);
  const lost: string[] = [];
  for (const [path, value] of rawLeaves) {
    if (outValues.has(value)) continue;
    const converted = CONVERTED[path]?.[version];
    if (converted !== undefined && has(event, converted)) continue;
    lost.push(`${path}=${JSON.stringify(value)}`);
  }
  return lost;
}

describe('lossless', () => {
  it('detects a lost value (the check itself can fail)', () => {
    expect(lostValues({ a: 'x', b: { c: 'y' } }, { a: 'x' }, '1.1.0')).toEqual(['b.c="y"']);
  });

  describe.skipIf(!hasShared)('on every auth event of the real fixtures', () => {
    const files = hasShared
      ? walk(shared('fixtures', 'real')).filter(
          (p) => /\.(json|log)$/.test(p) && /cloudtrail|CloudTrail|sign-in|smartcard|stscloud|hidden/i.test(p),
        )
      : [];
    for (const version of ['1.0.0-rc.2', '1.1.0']) {
      it(`OCSF ${version}`, () => {
        let checked = 0;
        for (const file of files) {
          let events: Record<string, unknown>[];
          try {
            events = jsonEvents(file);
          } catch {
            continue;
          }
          for (const raw of events) {
            const outcome = translate(raw, version);
            if (outcome.kind !== 'emitted') continue;
            checked++;
            expect(lostValues(raw, outcome.events[0] as Record<string, unknown>, version), file).toEqual([]);
          }
        }
        expect(checked).toBeGreaterThan(50);
      });
    }
  });
});
