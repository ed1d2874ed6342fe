import { partitionOf, type RowRecord } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import { translate, translateOne } from '../test/helpers.js';
import { validatorFor } from '../test/validate.js';
import plugin from './index.js';

/** A minimal ConsoleLogin, varied per test. */
function consoleLogin(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/ana',
      accountId: '111122223333',
      userName: 'ana',
    },
    eventTime: '2024-01-02T03:04:05Z',
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.7',
    responseElements: { ConsoleLogin: 'Success' },
    additionalEventData: { MFAUsed: 'No' },
    eventID: 'e-1',
    eventType: 'AwsConsoleSignIn',
    ...overrides,
  };
}

function assumeRole(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/ana',
      accountId: '111122223333',
    },
    eventTime: '2024-01-02T03:04:05Z',
    eventSource: 'sts.amazonaws.com',
    eventName: 'AssumeRole',
    sourceIPAddress: '198.51.100.7',
    requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/Admin', roleSessionName: 'ana-session' },
    requestID: 'r-1',
    eventID: 'e-2',
    ...overrides,
  };
}

describe('activities', () => {
  it.each([
    ['ConsoleLogin', 1, 'Logon'],
    ['SwitchRole', 1, 'Logon'],
    ['RenewRole', 1, 'Logon'],
    ['ExitRole', 2, 'Logoff'],
    ['CheckMfa', 99, 'Other'],
    ['GetSessionToken', 1, 'Logon'],
    ['GetFederationToken', 1, 'Logon'],
    ['AssumeRoleWithSAML', 1, 'Logon'],
    ['AssumeRoleWithWebIdentity', 1, 'Logon'],
    ['CredentialChallenge', 99, 'Other'],
    ['CredentialVerification', 99, 'Other'],
    ['UserAuthentication', 1, 'Logon'],
    ['ExternalIdPDirectoryLogin', 1, 'Logon'],
  ])('%s → activity %i %s', (eventName, id, name) => {
    const e = translateOne(consoleLogin({ eventName }));
    expect(e).toMatchObject({
      activity_id: id,
      activity_name: name,
      type_uid: 300200 + id,
      type_name: `Authentication: ${name}`,
    });
  });
});

describe('status', () => {
  it('an STS call without errorCode succeeded (where Security Lake writes Unknown)', () => {
    expect(translateOne(assumeRole())).toMatchObject({ status_id: 1, status: 'Success' });
  });

  it('an errorCode means Failure; errorMessage becomes status_detail and api.response.message', () => {
    const e = translateOne(assumeRole({ errorCode: 'AccessDenied', errorMessage: 'User is not authorized' }));
    expect(e).toMatchObject({ status_id: 2, status: 'Failure', status_detail: 'User is not authorized' });
    expect(e.api).toMatchObject({ response: { error: 'AccessDenied', message: 'User is not authorized' } });
  });

  it('a console event with no verdict at all is Unknown', () => {
    expect(translateOne(consoleLogin({ responseElements: null }))).toMatchObject({ status_id: 0, status: 'Unknown' });
  });

  it('an unexpected verdict is Other with its own text', () => {
    expect(translateOne(consoleLogin({ responseElements: { ConsoleLogin: 'Pending' } }))).toMatchObject({
      status_id: 99,
      status: 'Pending',
    });
  });

  it('SwitchRole reads its own responseElements key', () => {
    const e = translateOne(consoleLogin({ eventName: 'SwitchRole', responseElements: { SwitchRole: 'Failure' } }));
    expect(e).toMatchObject({ status_id: 2 });
    expect(e.unmapped).toEqual({ eventType: 'AwsConsoleSignIn' });
  });
});

describe('mfa', () => {
  it.each([
    ['Yes', true],
    ['YES', true],
    ['yes', true],
    ['true', true],
    [true, true],
    ['No', false],
    ['NO', false],
    ['false', false],
    [false, false],
  ])('MFAUsed %j → %s, as mfa (rc.2) and is_mfa (1.1.0)', (value, expected) => {
    const raw = consoleLogin({ additionalEventData: { MFAUsed: value } });
    expect(translateOne(raw).mfa).toBe(expected);
    expect(translateOne(raw, '1.1.0').is_mfa).toBe(expected);
  });

  it('an MFAUsed value that is not a flag stays in unmapped', () => {
    const e = translateOne(consoleLogin({ additionalEventData: { MFAUsed: 'Maybe' } }));
    expect(e.mfa).toBeUndefined();
    expect(e.unmapped).toMatchObject({ 'additionalEventData.MFAUsed': 'Maybe' });
  });
});

describe('endpoints and users', () => {
  it('an IPv6 source is an ip', () => {
    expect(translateOne(consoleLogin({ sourceIPAddress: '2001:db8::1' })).src_endpoint).toEqual({ ip: '2001:db8::1' });
  });

  it('an IPv6 spelling longer than OCSF allows (40) is shortened; the original stays in unmapped', () => {
    const long = '0000:0000:0000:0000:0000:0000:100.100.10.100';
    const e = translateOne(consoleLogin({ sourceIPAddress: long }));
    expect(e.src_endpoint).toEqual({ ip: '::6464:a64' });
    expect(e.unmapped).toMatchObject({ sourceIPAddress: long });
  });

  it('"AWS Internal" is a domain (and svc_name, so the endpoint satisfies OCSF)', () => {
    expect(translateOne(consoleLogin({ sourceIPAddress: 'AWS Internal' })).src_endpoint).toEqual({
      domain: 'AWS Internal',
      svc_name: 'AWS Internal',
    });
  });

  it('vpcEndpointId → src_endpoint.uid', () => {
    expect(translateOne(assumeRole({ vpcEndpointId: 'vpce-1' })).src_endpoint).toEqual({
      ip: '198.51.100.7',
      uid: 'vpce-1',
    });
  });

  it('a VPC endpoint id alone is no endpoint in rc.2 (OCSF at_least_one): it stays in unmapped; from 1.1.0 uid counts', () => {
    // fuzz seed 1201 case 581384: src_endpoint {uid} failed rc.2's constraint when sourceIPAddress was not text
    for (const sourceIPAddress of [undefined, null, '', 1.2345678901234568e29, { ip: '198.51.100.7' }]) {
      const raw = assumeRole({ vpcEndpointId: 'vpce-08931dbe1a3ad50e0', sourceIPAddress });
      const rc2 = translateOne(raw);
      expect(rc2.src_endpoint).toBeUndefined();
      expect(rc2.unmapped).toMatchObject({ vpcEndpointId: 'vpce-08931dbe1a3ad50e0' });
      expect(validatorFor('1.0.0-rc.2')(rc2)).toEqual([]);
      for (const version of ['1.1.0', '1.5.0', '1.8.0']) {
        const event = translateOne(raw, version);
        expect(event.src_endpoint).toEqual({ uid: 'vpce-08931dbe1a3ad50e0' });
        expect((event.unmapped as Record<string, unknown> | undefined)?.vpcEndpointId).toBeUndefined();
        expect(validatorFor(version)(event)).toEqual([]);
      }
    }
    // with an address the endpoint is whole in every version
    expect(translateOne(assumeRole({ vpcEndpointId: 'vpce-1' })).src_endpoint).toMatchObject({ uid: 'vpce-1' });
  });

  it('role assumption: user from roleArn/roleSessionName, never the caller principal id', () => {
    expect(translateOne(assumeRole()).user).toEqual({
      uuid: 'arn:aws:iam::111122223333:role/Admin',
      name: 'ana-session',
    });
    expect(translateOne(assumeRole(), '1.1.0').user).toEqual({
      uid: 'arn:aws:iam::111122223333:role/Admin',
      name: 'ana-session',
    });
  });

  it('1.1.0 names: account object, uid = ARN, uid_alt = principal id, event_code', () => {
    const e = translateOne(consoleLogin(), '1.1.0');
    expect(e.actor).toEqual({
      user: {
        account: { uid: '111122223333' },
        name: 'ana',
        type: 'IAMUser',
        uid: 'arn:aws:iam::111122223333:user/ana',
        uid_alt: 'AIDAEXAMPLE',
      },
    });
    expect(e.metadata).toMatchObject({
      event_code: 'AwsConsoleSignIn',
      profiles: ['cloud', 'datetime'],
      version: '1.1.0',
    });
    expect(e).toMatchObject({ category_name: 'Identity & Access Management', time_dt: '2024-01-02T03:04:05.000Z' });
  });

  it('rc.2 names: account_uid, uid = principal id, uuid = ARN; eventType stays unmapped', () => {
    const e = translateOne(consoleLogin());
    expect(e.actor).toMatchObject({
      user: { account_uid: '111122223333', uid: 'AIDAEXAMPLE', uuid: 'arn:aws:iam::111122223333:user/ana' },
    });
    expect(e.unmapped).toEqual({ eventType: 'AwsConsoleSignIn' });
    expect(e).toMatchObject({ category_name: 'Audit Activity', metadata: { profiles: ['cloud'] } });
    expect(e.time_dt).toBeUndefined();
  });

  it('observables: IP, user names and ARNs', () => {
    const e = translateOne(assumeRole());
    expect(e.observables).toEqual([
      { name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: '198.51.100.7' },
      { name: 'user.name', type: 'User Name', type_id: 4, value: 'ana-session' },
      { name: 'actor.user.uuid', type: 'Resource UID', type_id: 10, value: 'arn:aws:iam::111122223333:user/ana' },
      { name: 'user.uuid', type: 'Resource UID', type_id: 10, value: 'arn:aws:iam::111122223333:role/Admin' },
    ]);
  });

  it('unmapped keeps nested fields as dotted keys and arrays whole', () => {
    const e = translateOne(
      assumeRole({
        requestParameters: {
          roleArn: 'arn:x',
          roleSessionName: 's',
          tags: [{ key: 'a', value: 'b' }],
          policy: { a: { b: 1 } },
        },
      }),
    );
    expect(e.unmapped).toEqual({
      'requestParameters.tags': [{ key: 'a', value: 'b' }],
      'requestParameters.policy.a.b': 1,
    });
  });

  it('api.request is omitted without a requestID (no "\'\'" placeholder)', () => {
    const e = translateOne(consoleLogin(), '1.1.0');
    expect(e.api).toEqual({
      operation: 'ConsoleLogin',
      response: { data: { ConsoleLogin: 'Success' } },
      service: { name: 'signin.amazonaws.com' },
    });
  });
});

describe('skipped and rejected records', () => {
  it('skips every other eventName, without looking further', () => {
    expect(translate({ eventName: 'DescribeInstances', eventTime: 'not a date', userIdentity: 5 })).toEqual({
      kind: 'skipped',
      code: 'cloudtrail/not-authentication',
      reason: expect.any(String),
    });
  });

  it('skips Insights events and digest files with their own codes', () => {
    expect(translate({ eventVersion: '1.07', eventType: 'AwsCloudTrailInsight', insightDetails: {} })).toMatchObject({
      kind: 'skipped',
      code: 'cloudtrail/insight',
    });
    expect(translate({ awsAccountId: '1', digestStartTime: '2024-01-01T00:00:00Z', logFiles: [] })).toMatchObject({
      kind: 'skipped',
      code: 'cloudtrail/digest',
    });
  });

  it('rejects rows from text/CSV/Parquet readers', () => {
    const row: RowRecord = { kind: 'row', columns: null, values: ['a'], location: { file: 'x', line: 1 } };
    const translator = plugin.createTranslator({ ocsfVersion: '1.0.0-rc.2', options: {} });
    expect(translator.translate(row, { location: row.location })).toMatchObject({
      kind: 'rejected',
      code: 'cloudtrail/not-json',
    });
  });

  it.each([
    ['a non-object', 42, 'cloudtrail/not-an-object', undefined],
    ['an array', [1], 'cloudtrail/not-an-object', undefined],
    ['no eventName', { eventTime: '2024-01-01T00:00:00Z' }, 'cloudtrail/missing-event-name', 'eventName'],
    ['a numeric eventName', { eventName: 7 }, 'cloudtrail/wrong-type', 'eventName'],
    ['no eventTime', { eventName: 'ConsoleLogin' }, 'cloudtrail/missing-event-time', 'eventTime'],
    [
      'eventTime not a date',
      { eventName: 'ConsoleLogin', eventTime: 'yesterday' },
      'cloudtrail/invalid-event-time',
      'eventTime',
    ],
    ['eventTime a number', { eventName: 'ConsoleLogin', eventTime: 1700000000 }, 'cloudtrail/wrong-type', 'eventTime'],
    [
      'userIdentity a string',
      { eventName: 'ConsoleLogin', eventTime: '2024-01-01T00:00:00Z', userIdentity: 'root' },
      'cloudtrail/wrong-type',
      'userIdentity',
    ],
    [
      'userName a number',
      { eventName: 'ConsoleLogin', eventTime: '2024-01-01T00:00:00Z', userIdentity: { userName: 5 } },
      'cloudtrail/wrong-type',
      'userIdentity.userName',
    ],
  ])('rejects %s', (_what, value, code, field) => {
    const outcome = translate(value);
    expect(outcome).toMatchObject({ kind: 'rejected', code });
    if (field !== undefined) expect(outcome).toMatchObject({ field });
  });

  // Found by `pnpm fuzz`: a 100,000-character eventSource came out in dst_endpoint.svc_name and
  // api.service.name, which OCSF (string_t, 65,535 characters at most) calls invalid.
  it.each([
    ['eventSource', { eventSource: 'a'.repeat(100_000) }, 'dst_endpoint.svc_name'],
    ['errorMessage', { errorMessage: 'e'.repeat(65_536) }, 'status_detail'],
    ['a verdict', { responseElements: { ConsoleLogin: 'v'.repeat(70_000) } }, 'status'],
    ['sourceIPAddress naming a service', { sourceIPAddress: `${'s'.repeat(70_000)}.amazonaws.com` }, 'src_endpoint'],
  ])('rejects %s longer than an OCSF string, naming the attribute', (_what, overrides, attribute) => {
    for (const version of ['1.0.0-rc.2', '1.1.0']) {
      const outcome = translate(consoleLogin(overrides), version);
      expect(outcome).toMatchObject({ kind: 'rejected', code: 'cloudtrail/value-too-long' });
      expect(outcome.kind === 'rejected' && outcome.reason).toContain(attribute);
    }
  });

  it('keeps a string of exactly 65,535 characters, and long free-form values', () => {
    expect(translateOne(consoleLogin({ eventSource: 'a'.repeat(65_535) }))).toMatchObject({
      api: { service: { name: 'a'.repeat(65_535) } },
    });
    const raw = consoleLogin({ responseElements: { ConsoleLogin: 'Success', note: 'n'.repeat(70_000) } });
    expect(translate(raw)).toMatchObject({ kind: 'emitted' });
    expect(translateOne(consoleLogin({ notMapped: 'x'.repeat(70_000) }))).toMatchObject({
      unmapped: { notMapped: 'x'.repeat(70_000) },
    });
  });

  it('rejects an authentication event that identifies no user', () => {
    const raw = consoleLogin({ userIdentity: { type: 'IAMUser' } });
    expect(translate(raw)).toMatchObject({
      kind: 'rejected',
      code: 'cloudtrail/missing-identity',
      field: 'userIdentity',
    });
    expect(translate(raw, '1.1.0')).toMatchObject({ kind: 'rejected', code: 'cloudtrail/missing-identity' });
  });

  it('rejects an eventTime past the year 9999 in UTC (its time_dt would be "+010000-…")', () => {
    const raw = consoleLogin({ eventTime: '9999-12-31T23:30:00-01:00' });
    for (const version of ['1.0.0-rc.2', '1.1.0']) {
      expect(translate(raw, version)).toMatchObject({
        kind: 'rejected',
        code: 'cloudtrail/invalid-event-time',
        field: 'eventTime',
      });
    }
  });

  it('keeps a session creationDate past the year 9999 in unmapped instead of writing a bad created_time_dt', () => {
    const identity = {
      ...(consoleLogin().userIdentity as object),
      sessionContext: { attributes: { creationDate: '9999-12-31T23:30:00-01:00' } },
    };
    const e = translateOne(consoleLogin({ userIdentity: identity }), '1.1.0');
    expect(e.actor).not.toHaveProperty('session.created_time_dt');
    expect(e.unmapped).toMatchObject({
      'userIdentity.sessionContext.attributes.creationDate': '9999-12-31T23:30:00-01:00',
    });
  });

  it('rejects an authentication event without eventSource or LoginTo', () => {
    const raw = consoleLogin({ eventSource: undefined, additionalEventData: {} });
    expect(translate(raw)).toMatchObject({
      kind: 'rejected',
      code: 'cloudtrail/missing-event-source',
      field: 'eventSource',
    });
  });

  it('accepts Logstash exports that carry only @timestamp', () => {
    const raw = consoleLogin({ eventTime: undefined, '@timestamp': '2020-09-14T00:44:23.000Z' });
    expect(translateOne(raw).time).toBe(Date.parse('2020-09-14T00:44:23.000Z'));
  });
});

describe('a userIdentity with an ARN but no principalId or userName', () => {
  const identity = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/division/anaya' };

  it('1.0.0-rc.2: the user and the actor take their name and account from the ARN', () => {
    const e = translateOne(consoleLogin({ userIdentity: identity }));
    expect(e.user).toEqual({
      uuid: 'arn:aws:iam::111122223333:user/division/anaya',
      name: 'anaya',
      account_uid: '111122223333',
    });
    expect(e.actor).toMatchObject({ user: { uuid: identity.arn, name: 'anaya' } });
  });

  it('1.1.0: the ARN is the uid already; nothing else is guessed', () => {
    const e = translateOne(consoleLogin({ userIdentity: identity }), '1.1.0');
    expect(e.user).toEqual({ uid: identity.arn });
  });

  it.each([
    ['arn:aws:sts::111122223333:assumed-role/Admin/ana-session', 'ana-session'],
    ['arn:aws:sts::111122223333:federated-user/bob', 'bob'],
    ['arn:aws:iam::111122223333:root', 'root'],
  ])('%s names %s', (arn, name) => {
    const e = translateOne(consoleLogin({ userIdentity: { type: 'AssumedRole', arn } }));
    expect(e.user).toMatchObject({ name, account_uid: '111122223333' });
  });

  it('an ARN that is not one still leaves the user unidentified', () => {
    const raw = consoleLogin({ userIdentity: { type: 'IAMUser', arn: 'not-an-arn' } });
    expect(translate(raw)).toMatchObject({ kind: 'rejected', code: 'cloudtrail/missing-identity' });
  });
});

describe('the cloud account is the recording account (recipientAccountId)', () => {
  const samlCaller = {
    type: 'SAMLUser',
    principalId: 'SAMPLE:ana@example.com',
    userName: 'ana@example.com',
    identityProvider: 'arn:aws:iam::444455556666:saml-provider/Corp',
  };

  it.each([
    [
      'cross-account AssumeRole',
      assumeRole({
        requestParameters: { roleArn: 'arn:aws:iam::444455556666:role/Admin', roleSessionName: 'ana' },
        recipientAccountId: '444455556666',
      }),
    ],
    [
      'AssumeRoleWithSAML (the caller has no account)',
      assumeRole({
        eventName: 'AssumeRoleWithSAML',
        userIdentity: samlCaller,
        requestParameters: { roleArn: 'arn:aws:iam::444455556666:role/Corp', roleSessionName: 'ana' },
        recipientAccountId: '444455556666',
      }),
    ],
    [
      'AssumeRoleWithWebIdentity (the caller has no account)',
      assumeRole({
        eventName: 'AssumeRoleWithWebIdentity',
        userIdentity: { type: 'WebIdentityUser', principalId: 'accounts.google.com:1', userName: '1' },
        requestParameters: { roleArn: 'arn:aws:iam::444455556666:role/Web', roleSessionName: 'app' },
        recipientAccountId: '444455556666',
      }),
    ],
  ])("%s lands in the recording account's Security Lake partition", (_what, raw) => {
    const rc2 = translateOne(raw);
    expect(rc2.cloud).toMatchObject({ account_uid: '444455556666' });
    expect(partitionOf(rc2).accountId).toBe('444455556666');
    const v110 = translateOne(raw, '1.1.0');
    expect(v110.cloud).toMatchObject({ account: { uid: '444455556666' } });
    expect(partitionOf(v110).accountId).toBe('444455556666');
  });
});
