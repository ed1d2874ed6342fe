import { describe, expect, it } from 'vitest';
import { apiCall as call, translate, translateOne } from '../test/helpers.js';
import { apiActivity, leadingVerb } from './events.js';

describe('activity from the verb', () => {
  it.each([
    ['GetObject', 2],
    ['DescribeInstances', 2],
    ['ListFunctions20150331', 2],
    ['BatchGetItem', 2],
    ['CreateBucket', 1],
    ['RunInstances', 1],
    ['PutBucketPolicy', 3],
    ['ModifyInstanceAttribute', 3],
    ['DeleteBucket', 4],
    ['TerminateInstances', 4],
    ['Invoke', 99],
    ['Encrypt', 99],
  ])('%s → %i', (name, id) => {
    expect(apiActivity(name, false)).toBe(id);
    expect(translateOne(call(name))).toMatchObject({ class_uid: 6003, activity_id: id, type_uid: 600300 + id });
  });

  it('an unknown verb of a read-only call is Read', () => {
    expect(apiActivity('Encrypt', true)).toBe(2);
    expect(leadingVerb('SendCommand')).toBe('Send');
  });
});

describe('class selection', () => {
  it('leaves sign-ins to the authentication plugin', () => {
    expect(translate(call('ConsoleLogin', { eventSource: 'signin.amazonaws.com' }))).toMatchObject({
      kind: 'skipped',
      code: 'cloudtrail/authentication',
    });
  });

  it('IAM account changes are Account Change; the same names from another service are API Activity', () => {
    const iam = { eventSource: 'iam.amazonaws.com', requestParameters: { userName: 'bob' } };
    expect(translateOne(call('CreateUser', iam))).toMatchObject({
      class_uid: 3001,
      activity_id: 1,
      user: { name: 'bob', type: 'IAMUser' },
    });
    expect(translateOne(call('DeleteRole', { ...iam, requestParameters: { roleName: 'r' } }))).toMatchObject({
      class_uid: 3001,
      activity_id: 6,
      user: { name: 'r', type: 'Role', account: { uid: '111122223333' } },
    });
    expect(translateOne(call('CreateUser', { eventSource: 'identitystore.amazonaws.com' }))).toMatchObject({
      class_uid: 6003,
    });
    // An IAM call on a group or a managed policy alone changes no account.
    expect(translateOne(call('CreateGroup', iam))).toMatchObject({ class_uid: 6003, activity_id: 1 });
  });

  it('UpdateAccessKey enables or disables by its status; an unknown status is Other', () => {
    const key = (status: string) =>
      call('UpdateAccessKey', { eventSource: 'iam.amazonaws.com', requestParameters: { userName: 'kim', status } });
    expect(translateOne(key('Active')).activity_id).toBe(2);
    expect(translateOne(key('Inactive')).activity_id).toBe(5);
    expect(translateOne(key('Paused')).activity_id).toBe(99);
  });

  it('a failed call is status Failure with the error in api.response and status_detail', () => {
    const event = translateOne(call('StopInstances', { errorCode: 'AccessDenied', errorMessage: 'no' }));
    expect(event).toMatchObject({
      status_id: 2,
      status: 'Failure',
      status_detail: 'no',
      api: { response: { error: 'AccessDenied', message: 'no' } },
    });
  });
});

describe('rejects, each with its code', () => {
  it.each([
    ['not an object', [1, 2], 'cloudtrail/not-an-object'],
    ['no eventName', { eventVersion: '1.0' }, 'cloudtrail/missing-event-name'],
    // an empty name gave an event without api.operation, which OCSF requires
    ['an empty eventName', call(''), 'cloudtrail/missing-event-name'],
    ['eventName of the wrong type', { eventName: 5 }, 'cloudtrail/wrong-type'],
    ['no eventTime', { ...call('GetObject'), eventTime: undefined }, 'cloudtrail/missing-event-time'],
    ['eventTime not a date', call('GetObject', { eventTime: 'yesterday' }), 'cloudtrail/invalid-event-time'],
    ['a string where an object belongs', call('GetObject', { userIdentity: 'ana' }), 'cloudtrail/wrong-type'],
    ['no caller at all', { ...call('GetObject'), userIdentity: {} }, 'cloudtrail/missing-identity'],
    ['no source', { ...call('GetObject'), sourceIPAddress: undefined }, 'cloudtrail/missing-source'],
    [
      'an Insights event',
      { eventVersion: '1.07', eventType: 'AwsCloudTrailInsight', insightDetails: {} },
      'cloudtrail/insight',
    ],
  ])('%s', (_name, value, code) => {
    expect(translate(value)).toMatchObject({ kind: 'rejected', code });
  });

  it('a value longer than an OCSF string holds, wherever it lands (request and response data keep any length)', () => {
    const long = 'a'.repeat(70_000);
    expect(translate(call('GetObject', { eventSource: long }))).toMatchObject({ code: 'cloudtrail/value-too-long' });
    expect(translate(call('GetObject', { resources: [{ ARN: long }] }))).toMatchObject({
      code: 'cloudtrail/value-too-long',
    });
    expect(translate(call('GetObject', { requestParameters: { q: long } })).kind).toBe('emitted');
  });

  it('skips a digest file: not an event', () => {
    expect(translate({ awsAccountId: '1', digestStartTime: 'x' })).toMatchObject({
      kind: 'skipped',
      code: 'cloudtrail/digest',
    });
  });
});
