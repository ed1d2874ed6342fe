/**
 * Behaviour on the AWS documentation's example events (../shared/fixtures/real/aws-docs and
 * elastic-integrations): one test per sign-in situation the plugin must get right.
 */
import type { OcsfEvent } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { jsonEvents, translateOne } from './helpers.js';

const docs = (...parts: string[]) => shared('fixtures', 'real', 'aws-docs', ...parts);
const signin = (name: string) => docs('cloudtrail-user-guide', 'console-sign-in-events', `${name}.json`);
const iam = (name: string) => docs('iam-user-guide', 'cloudtrail-integration', `${name}.json`);
const idc = (name: string) => docs('iam-identity-center-user-guide', 'sign-in-events', `${name}.json`);
const smartcard = (name: string) => docs('workspaces-admin-guide', 'smartcard-sign-in-events', `${name}.json`);

function one(path: string, version?: string): OcsfEvent {
  const [raw] = jsonEvents(path);
  return translateOne(raw, version);
}

describe.skipIf(!hasShared)('console sign-in', () => {
  it('IAM user success: Logon, Success, mfa false, LoginTo as dst_endpoint', () => {
    const e = one(signin('cloudtrail-aws-console-sign-in-events-iam-user-success'));
    expect(e).toMatchObject({ activity_id: 1, type_uid: 300201, status_id: 1, status: 'Success', mfa: false });
    expect(e.actor).toMatchObject({ user: { type: 'IAMUser', name: expect.any(String) } });
    expect((e.dst_endpoint as { svc_name: string }).svc_name).toMatch(/^https:\/\/console\.aws\.amazon\.com/);
  });

  it('IAM user failure: Failure with the error message as status_detail', () => {
    const e = one(signin('cloudtrail-aws-console-sign-in-events-iam-user-failure'));
    expect(e).toMatchObject({ status_id: 2, status: 'Failure', status_detail: 'Failed authentication' });
    expect(e.api).toMatchObject({ response: { message: 'Failed authentication' } });
    // The sample has no ARN: user keeps the principal id.
    expect(e.user).toEqual({ uid: 'AIDACKCEVSQ6C2EXAMPLE' });
  });

  it('IAM user failure in 1.1.0: the user falls back to name and account (OCSF needs one of them)', () => {
    const e = one(signin('cloudtrail-aws-console-sign-in-events-iam-user-failure'), '1.1.0');
    expect(e.user).toEqual({ uid_alt: 'AIDACKCEVSQ6C2EXAMPLE', name: 'anaya', account: { uid: '111122223333' } });
  });

  it('IAM user with MFA: mfa true and the MFA device kept in unmapped', () => {
    const e = one(signin('cloudtrail-aws-console-sign-in-events-iam-user-mfa'));
    expect(e.mfa).toBe(true);
    expect(e.unmapped).toHaveProperty(['additionalEventData.MFAIdentifier']);
  });

  it('root without MFA: Root user, mfa false; in 1.1.0 is_mfa false', () => {
    const e = one(signin('cloudtrail-signin-root'));
    expect(e).toMatchObject({ mfa: false, actor: { user: { type: 'Root', uuid: expect.stringMatching(/:root$/) } } });
    expect(one(signin('cloudtrail-signin-root'), '1.1.0')).toMatchObject({ is_mfa: false });
  });

  it('root with MFA spelled "YES": mfa true', () => {
    const e = one(signin('cloudtrail-signin-root-mfa'));
    expect(e.mfa).toBe(true);
  });

  it('root failure: Failure', () => {
    expect(one(signin('cloudtrail-unsuccessful-signin-root'))).toMatchObject({
      status_id: 2,
      status_detail: 'Failed authentication',
    });
  });

  it('hidden user name ("No username found"): Failure, user named by the caller fallback', () => {
    const e = one(iam('hiddensecurity'));
    expect(e).toMatchObject({
      status_id: 2,
      user: { name: 'HIDDEN_DUE_TO_SECURITY_REASONS', account_uid: '123456789012' },
    });
  });

  it('assumed-role console login: session issuer, session mfa, creation date kept when not ISO', () => {
    const events = jsonEvents(
      shared('fixtures', 'real', 'elastic-integrations', 'cloudtrail', 'test-console-login-json.log'),
    );
    const assumed = events.find((ev) => (ev.userIdentity as { type: string }).type === 'AssumedRole');
    const e = translateOne(assumed);
    expect(e).toMatchObject({
      status_id: 2,
      actor: {
        user: { type: 'AssumedRole', credential_uid: 'AKIAIOSFODNN7EXAMPLE' },
        session: { issuer: 'arn:aws:iam::123456789012:role/RoleToBeAssumed', mfa: false },
      },
    });
    // "20131102T010628Z" (basic ISO form) is not a date OCSF can carry: it stays in unmapped.
    expect(e.unmapped).toMatchObject({ 'userIdentity.sessionContext.attributes.creationDate': '20131102T010628Z' });
  });

  it('CheckMfa: activity Other (99), status from responseElements.CheckMfa', () => {
    const e = one(signin('cloudtrail-aws-console-sign-in-requires-mfa'));
    expect(e).toMatchObject({ activity_id: 99, activity_name: 'Other', type_uid: 300299, status_id: 1 });
    expect(e.unmapped).toMatchObject({ 'additionalEventData.MfaType': 'U2F MFA' });
    expect(e.unmapped).not.toHaveProperty(['responseElements.CheckMfa']);
  });
});

describe.skipIf(!hasShared)('role assumption (STS)', () => {
  it('AssumeRole: user is the assumed role and its session; no errorCode means Success', () => {
    const e = one(iam('stscloudtrailexample-assumerole'));
    expect(e).toMatchObject({ activity_id: 1, status_id: 1, status: 'Success' });
    expect(e.user).toEqual({
      uid: 'AROAIFR7WHDTSOYQYHFUE:Role2WithTags',
      uuid: 'arn:aws:iam::111111111111:role/JohnRole2',
      name: 'Role2WithTags',
    });
    expect(e.api).toMatchObject({
      operation: 'AssumeRole',
      service: { name: 'sts.amazonaws.com' },
      request: { uid: expect.any(String) },
    });
    expect(e.dst_endpoint).toEqual({ svc_name: 'sts.amazonaws.com' });
    expect(e.unmapped).toMatchObject({
      'requestParameters.durationSeconds': 3600,
      'requestParameters.transitiveTagKeys': ['Email', 'CostCenter'],
    });
  });

  it('AssumeRole in 1.1.0: request and response data as json_t, ARN as user.uid', () => {
    const e = one(iam('stscloudtrailexample-assumerole'), '1.1.0');
    expect(e.user).toEqual({
      uid: 'arn:aws:iam::111111111111:role/JohnRole2',
      uid_alt: 'AROAIFR7WHDTSOYQYHFUE:Role2WithTags',
      name: 'Role2WithTags',
    });
    expect(e.api).toMatchObject({
      request: { data: { durationSeconds: 3600 } },
      response: { data: { assumedRoleUser: expect.any(Object) } },
    });
    expect(e.unmapped).not.toHaveProperty(['requestParameters.durationSeconds']);
  });

  it('AssumeRoleWithSAML: identity provider from userIdentity.identityProvider', () => {
    const e = one(iam('stscloudtrailexample_saml'));
    expect(e).toMatchObject({
      status_id: 1,
      actor: { user: { type: 'SAMLUser' }, idp: { name: 'bdGOnTesti4+ExamplexL/jEvs=' } },
    });
    expect(e.user).toMatchObject({
      uuid: 'arn:aws:iam::444455556666:role/SAMLTestRoleShibboleth',
      name: 'MyAssignedRoleSessionName',
    });
  });

  it('AssumeRoleWithWebIdentity: identity provider and web identity user', () => {
    const e = one(iam('stscloudtrailexample_web-identity'));
    expect(e).toMatchObject({ actor: { user: { type: 'WebIdentityUser' }, idp: { name: 'accounts.google.com' } } });
    expect(e.user).toMatchObject({ uuid: 'arn:aws:iam::444455556666:role/FederatedWebIdentityRole' });
  });

  it('AssumeRole by an AWS service: the service names the actor and the source endpoint', () => {
    const [raw] = jsonEvents(
      shared('fixtures', 'real', 'elastic-integrations', 'cloudtrail', 'test-assume-role-aws-service-json.log'),
    );
    const e = translateOne(raw);
    expect(e.actor).toMatchObject({
      user: { type: 'AWSService', name: 'ec2.amazonaws.com' },
      invoked_by: 'ec2.amazonaws.com',
    });
    expect(e.src_endpoint).toEqual({ domain: 'ec2.amazonaws.com', svc_name: 'ec2.amazonaws.com' });
  });
});

describe.skipIf(!hasShared)('IAM Identity Center and WorkSpaces', () => {
  it('CredentialChallenge: Other, Success from serviceEventDetails', () => {
    const e = one(idc('01-sign-in-events-examples-1-credentialchallenge-password'));
    expect(e).toMatchObject({ activity_id: 99, status_id: 1, api: { operation: 'CredentialChallenge' } });
    expect(e.unmapped).toMatchObject({ 'additionalEventData.CredentialType': 'PASSWORD' });
  });

  it('UserAuthentication success: Logon, Success, portal as dst_endpoint', () => {
    const e = one(idc('03-sign-in-events-examples-1-successful-userauthentication-password-only'));
    expect(e).toMatchObject({ activity_id: 1, status_id: 1, user: { uid: '111122223333' } });
    expect((e.dst_endpoint as { svc_name: string }).svc_name).toMatch(/awsapps\.com\/start/);
  });

  it('CredentialVerification failure: Failure', () => {
    const e = one(idc('14-sign-in-events-examples-5-failed-credentialverification-password'));
    expect(e).toMatchObject({ status_id: 2, status: 'Failure' });
  });

  it('WorkSpaces smart card from "AWS Internal": domain, not ip; failure verdict', () => {
    const e = one(smartcard('05-failed-signin-failed-credentialverification'));
    expect(e.src_endpoint).toEqual({ domain: 'AWS Internal', svc_name: 'AWS Internal' });
    expect(e).toMatchObject({ status_id: 2 });
    expect(e.unmapped).toMatchObject({ 'additionalEventData.CredentialType': 'SMARTCARD' });
  });

  it('WorkSpaces file with the "awaRegion" typo: no cloud.region, the typo kept in unmapped', () => {
    const e = one(smartcard('04-failed-signin-credentialchallenge'));
    // cloud.account_uid is the recording account (recipientAccountId); no region.
    expect(e.cloud).toEqual({ provider: 'AWS', account_uid: expect.any(String) });
    expect(e.unmapped).toMatchObject({ awaRegion: 'us-east-1' });
  });
});
