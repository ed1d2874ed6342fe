import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_AUTH_EVENTS, isCloudTrailAuthEvent } from './cloudtrail.js';

describe('CLOUDTRAIL_AUTH_EVENTS', () => {
  it('lists each sign-in and role-assumption event once', () => {
    expect(new Set(CLOUDTRAIL_AUTH_EVENTS).size).toBe(CLOUDTRAIL_AUTH_EVENTS.length);
    expect(CLOUDTRAIL_AUTH_EVENTS).toContain('ConsoleLogin');
    expect(CLOUDTRAIL_AUTH_EVENTS).toContain('AssumeRoleWithWebIdentity');
  });

  it('isCloudTrailAuthEvent: exactly the listed names, as CloudTrail spells them', () => {
    for (const name of CLOUDTRAIL_AUTH_EVENTS) expect(isCloudTrailAuthEvent(name)).toBe(true);
    for (const name of ['consolelogin', 'AssumeRoleWith', 'GetCallerIdentity', 'CreateUser', '', 'constructor']) {
      expect(isCloudTrailAuthEvent(name)).toBe(false);
    }
  });
});
