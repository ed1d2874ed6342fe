/** Properties: any JSON value gives an outcome (never a throw), and every emitted event is well formed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leadingVerb } from '../src/events.js';
import { translate } from './helpers.js';

const identity = fc.record(
  {
    type: fc.constantFrom('IAMUser', 'AssumedRole', 'AWSService', 'Root'),
    arn: fc.string(),
    accountId: fc.stringMatching(/^\d{12}$/),
    userName: fc.string(),
    invokedBy: fc.string(),
  },
  { requiredKeys: [] },
);

const event = fc.record(
  {
    eventVersion: fc.constant('1.09'),
    eventTime: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
      fc.integer(),
    ),
    eventSource: fc.constantFrom('iam.amazonaws.com', 's3.amazonaws.com', 'lambda.amazonaws.com'),
    eventName: fc.oneof(
      fc.constantFrom('CreateUser', 'AttachRolePolicy', 'GetObject', 'ConsoleLogin', 'Invoke'),
      fc.string(),
    ),
    userIdentity: fc.oneof(identity, fc.string(), fc.constant(null)),
    sourceIPAddress: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
    requestID: fc.string(),
    requestParameters: fc.oneof(
      fc.jsonValue(),
      fc.record({ userName: fc.string(), roleName: fc.string() }, { requiredKeys: [] }),
    ),
    responseElements: fc.jsonValue(),
    resources: fc.oneof(
      fc.jsonValue(),
      fc.array(fc.record({ ARN: fc.string(), accountId: fc.string(), type: fc.string() })),
    ),
    errorCode: fc.string(),
    recipientAccountId: fc.string(),
  },
  { requiredKeys: [] },
);

describe('properties', () => {
  it('never throws; an emitted event has its class, type_uid and a time', () => {
    fc.assert(
      fc.property(fc.oneof(event, fc.jsonValue()), (value) => {
        const outcome = translate(value);
        expect(['emitted', 'skipped', 'rejected']).toContain(outcome.kind);
        if (outcome.kind === 'emitted') {
          const [e] = outcome.events;
          expect([6003, 3001]).toContain(e?.class_uid);
          expect(e?.type_uid).toBe((e?.class_uid as number) * 100 + (e?.activity_id as number));
          expect(typeof e?.time).toBe('number');
        } else {
          expect(outcome.code).toMatch(/^cloudtrail\//);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the leading verb is a prefix of the name (after a Batch prefix)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (name) => {
        const verb = leadingVerb(name);
        expect(name.startsWith(verb) || name.startsWith(`Batch${verb}`)).toBe(true);
      }),
    );
  });
});
