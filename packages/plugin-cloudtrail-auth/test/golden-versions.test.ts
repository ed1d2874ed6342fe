/**
 * Golden tests for OCSF 1.5.0 and 1.8.0. No Security Lake output exists for them: the expectations are
 * written out here by hand from the raw events and each version's schema, every attribute with its reason,
 * and each difference from the older version is a row of the README's per-version table.
 */
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { readJson, record } from './helpers.js';
import { deprecationsFor, validatorFor } from './validate.js';

type Json = Record<string, unknown>;

const sample = (name: string) => shared('dossiers', 'samples', name);

function translateAt(raw: unknown, version: string, file = 'test.json', format?: 'json'): Json {
  const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
  const rec = record(raw, file);
  const outcome = translator.translate(rec, { location: rec.location, ...(format ? { format } : {}) });
  if (outcome.kind !== 'emitted' || outcome.events.length !== 1) throw new Error(JSON.stringify(outcome));
  return outcome.events[0] as Json;
}

/**
 * The Identity Center CredentialChallenge sample (ocsf/examples' v1.5.0 mapping input) in OCSF 1.5.0,
 * derived attribute by attribute.
 */
function credentialChallenge150(): Json {
  return {
    // CredentialChallenge asks the user for a credential before the sign-in decides: 1.5.0's Preauth (6),
    // "a preauthentication stage was engaged".
    activity_id: 6,
    activity_name: 'Preauth',
    category_uid: 3,
    category_name: 'Identity & Access Management',
    class_uid: 3002,
    class_name: 'Authentication',
    type_uid: 300206,
    type_name: 'Authentication: Preauth',
    severity_id: 1,
    severity: 'Informational',
    // serviceEventDetails.CredentialChallenge "Success".
    status_id: 1,
    status: 'Success',
    // eventTime 2024-09-19T16:32:46Z.
    time: Date.parse('2024-09-19T16:32:46Z'),
    time_dt: '2024-09-19T16:32:46.000Z',
    // additionalEventData.CredentialType PASSWORD → factor_type_id 11 Password (auth_factor, 1.5.0).
    auth_factors: [{ factor_type_id: 11, factor_type: 'Password' }],
    actor: {
      user: {
        // userIdentity.credentialId: credential_uid is not deprecated before 1.6.0.
        credential_uid: 'da3f6703-d424-sasf-848d-b0f3384681d64',
        // additionalEventData.UserName (this userIdentity has no userName).
        name: 'test',
        type: 'IdentityCenterUser',
        account: { uid: '123456789012' },
        // The Identity Center user id (onBehalfOf.userId): the alternate uid, there is no ARN.
        uid_alt: 'e3644802-3061-7018-86c3-USERID',
      },
    },
    // The user signing in: the same person, named by UserName and the Identity Center user id.
    user: { name: 'test', uid_alt: 'e3644802-3061-7018-86c3-USERID' },
    src_endpoint: { ip: '0.0.0.0' },
    // No LoginTo: the target is the sign-in service.
    dst_endpoint: { svc_name: 'signin.amazonaws.com' },
    // requestParameters and responseElements are null: no api.request.data / api.response.
    api: {
      operation: 'CredentialChallenge',
      request: { uid: '1f9bc62c-58d5-4abc-aeb3-fafa2e27d719' },
      service: { name: 'signin.amazonaws.com' },
    },
    http_request: {
      user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:129.0) Gecko/20100101 Firefox/129.0',
    },
    // recipientAccountId is the recording account.
    cloud: { provider: 'AWS', region: 'eu-central-1', account: { uid: '123456789012' } },
    metadata: {
      version: '1.5.0',
      profiles: ['cloud', 'datetime'],
      product: { name: 'CloudTrail', vendor_name: 'AWS', version: '1.08', feature: { name: 'Management' } },
      uid: '09dc33de-9ddb-4fae-b81b-92465dbf6b61',
      event_code: 'AwsServiceEvent',
    },
    // What no attribute holds, flattened (nulls are no values).
    unmapped: {
      'userIdentity.onBehalfOf.identityStoreArn': 'arn:aws:identitystore::123456789012:identitystore/d-9911111111',
      'additionalEventData.AuthWorkflowID': 'da3f6703-d4a3-4aa9-848d-b0f333b81d64',
      readOnly: false,
      managementEvent: true,
    },
    observables: [
      { name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: '0.0.0.0' },
      { name: 'actor.user.name', type: 'User Name', type_id: 4, value: 'test' },
      { name: 'user.name', type: 'User Name', type_id: 4, value: 'test' },
    ],
  };
}

describe.skipIf(!hasShared)('golden: OCSF 1.5.0 and 1.8.0', () => {
  const challenge = () => readJson(sample('cloudtrail_credentialchallenge_idc.ocsf-1.5.0.raw.json'));

  it('the Identity Center CredentialChallenge in 1.5.0 equals its derived expectation, valid, nothing deprecated', () => {
    const actual = translateAt(challenge(), '1.5.0');
    expect(actual).toEqual(credentialChallenge150());
    expect(validatorFor('1.5.0')(actual)).toEqual([]);
    expect(deprecationsFor('1.5.0')(actual)).toEqual([]);
  });

  it('in 1.8.0: the 1.5.0 expectation with 1.8.0’s changes, valid, nothing deprecated', () => {
    const actual = translateAt(challenge(), '1.8.0', 'trail/idc.json', 'json');
    const want = credentialChallenge150();
    const metadata = want.metadata as Json;
    metadata.version = '1.8.0';
    // 1. metadata.log_source / log_format (1.8.0): the input file and the format it was read as.
    metadata.log_source = 'trail/idc.json';
    metadata.log_format = 'JSON';
    // 2. credential_uid is deprecated from 1.6.0 for programmatic_credentials; an Identity Center
    //    credential id is the sign-in credential, not a programmatic one, so it moves to `unmapped`.
    const actor = (want.actor as Json).user as Json;
    delete actor.credential_uid;
    (want.unmapped as Json)['userIdentity.credentialId'] = 'da3f6703-d424-sasf-848d-b0f3384681d64';
    expect(actual).toEqual(want);
    expect(validatorFor('1.8.0')(actual)).toEqual([]);
    expect(deprecationsFor('1.8.0')(actual)).toEqual([]);
  });

  it('the ConsoleLogin sample in 1.5.0 and 1.8.0 is its 1.1.0 output with the version (and 1.8.0 log source)', () => {
    // The sample has no invokedBy, accessKeyId, CredentialType or MfaType: no other difference applies.
    const raw = readJson(sample('cloudtrail_consolelogin_success.ocsf-1.1.0.raw.json'));
    const v110 = translateAt(raw, '1.1.0');
    for (const version of ['1.5.0', '1.8.0']) {
      const actual = translateAt(raw, version);
      const metadata = {
        ...(v110.metadata as Json),
        version,
        ...(version === '1.8.0' ? { log_source: 'test.json' } : {}),
      };
      expect(actual).toEqual({ ...v110, metadata });
      expect(validatorFor(version)(actual)).toEqual([]);
      expect(deprecationsFor(version)(actual)).toEqual([]);
    }
  });

  it('an STS call by a service with an access key: app_name from 1.2.0, programmatic_credentials from 1.6.0', () => {
    const raw = {
      eventVersion: '1.08',
      userIdentity: {
        type: 'AssumedRole',
        principalId: 'AROAEXAMPLE:session',
        arn: 'arn:aws:sts::111122223333:assumed-role/App/session',
        accountId: '111122223333',
        accessKeyId: 'ASIAEXAMPLE',
        invokedBy: 'ec2.amazonaws.com',
      },
      eventTime: '2024-01-02T03:04:05Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      awsRegion: 'us-east-1',
      sourceIPAddress: 'ec2.amazonaws.com',
      requestParameters: { roleArn: 'arn:aws:iam::111122223333:role/Target', roleSessionName: 'job' },
      requestID: 'r-1',
      eventID: 'e-1',
      recipientAccountId: '111122223333',
    };
    const rc2 = translateAt(raw, '1.0.0-rc.2');
    expect((rc2.actor as Json).invoked_by).toBe('ec2.amazonaws.com');
    expect(((rc2.actor as Json).user as Json).credential_uid).toBe('ASIAEXAMPLE');
    const v150 = translateAt(raw, '1.5.0');
    expect(v150.actor).toMatchObject({ app_name: 'ec2.amazonaws.com', user: { credential_uid: 'ASIAEXAMPLE' } });
    expect(v150.actor).not.toHaveProperty('invoked_by');
    const v180 = translateAt(raw, '1.8.0');
    expect(v180.actor).toMatchObject({
      app_name: 'ec2.amazonaws.com',
      user: { programmatic_credentials: [{ uid: 'ASIAEXAMPLE', type: 'AWS Access Key' }] },
    });
    expect((v180.actor as Json).user).not.toHaveProperty('credential_uid');
    for (const [version, event] of [
      ['1.0.0-rc.2', rc2],
      ['1.5.0', v150],
      ['1.8.0', v180],
    ] as const) {
      expect(validatorFor(version)(event), version).toEqual([]);
    }
    expect(deprecationsFor('1.5.0')(v150)).toEqual([]);
    expect(deprecationsFor('1.8.0')(v180)).toEqual([]);
    // 1.1.0 still has invoked_by (deprecated in 1.2.0) and the rc.2 name of nothing else.
    expect((translateAt(raw, '1.1.0').actor as Json).invoked_by).toBe('ec2.amazonaws.com');
  });

  it('CheckMfa and CredentialChallenge are Preauth from 1.5.0 (Other before); CredentialVerification stays Other', () => {
    const base = challenge() as Json;
    const at = (eventName: string, version: string) =>
      translateAt({ ...base, eventName, serviceEventDetails: { [eventName]: 'Success' } }, version).activity_id;
    for (const version of ['1.0.0-rc.2', '1.1.0']) expect(at('CredentialChallenge', version)).toBe(99);
    for (const version of ['1.5.0', '1.8.0']) {
      expect(at('CredentialChallenge', version)).toBe(6);
      expect(at('CheckMfa', version)).toBe(6);
      expect(at('CredentialVerification', version)).toBe(99);
    }
  });

  it('MFA types: a virtual device is TOTP, U2F is U2F; unknown and multi-device types stay in unmapped', () => {
    const base = readJson(sample('cloudtrail_consolelogin_success.ocsf-1.1.0.raw.json')) as Json;
    const withType = (MfaType: string) => ({
      ...base,
      additionalEventData: { ...(base.additionalEventData as Json), MfaType },
    });
    expect(translateAt(withType('Virtual MFA'), '1.5.0').auth_factors).toEqual([
      { factor_type_id: 7, factor_type: 'OTP', is_totp: true },
    ]);
    expect(translateAt(withType('U2F MFA'), '1.8.0').auth_factors).toEqual([{ factor_type_id: 9, factor_type: 'U2F' }]);
    const multiple = translateAt(withType('Multiple MFA Devices'), '1.8.0');
    expect(multiple.auth_factors).toBeUndefined();
    expect((multiple.unmapped as Json)['additionalEventData.MfaType']).toBe('Multiple MFA Devices');
    // Before 1.5.0 there is no auth_factors: the type stays in unmapped.
    expect((translateAt(withType('U2F MFA'), '1.1.0').unmapped as Json)['additionalEventData.MfaType']).toBe('U2F MFA');
  });
});

describe('identity', () => {
  it('an actor with only an identity provider is a missing-identity reject in every version', () => {
    const raw = {
      eventName: 'ConsoleLogin',
      eventTime: '1970-01-01T00:00:00.000Z',
      eventSource: 'signin.amazonaws.com',
      userIdentity: { identityProvider: ' ' },
      requestParameters: { roleSessionName: ' ' },
    };
    for (const version of plugin.ocsf.versions) {
      const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
      const rec = record(raw);
      expect(translator.translate(rec, { location: rec.location }), version).toMatchObject({
        kind: 'rejected',
        code: 'cloudtrail/missing-identity',
      });
    }
  });
});
