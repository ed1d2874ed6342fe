/**
 * Property tests: whatever JSON arrives (inside a real envelope, through core's reader), the translator
 * never throws, accounts for every record, and what it emits is valid OCSF.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openInput } from '@ocsfx/core';
import { hasShared } from '@ocsfx/vitest-config/shared';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { validatorFor } from './validate.js';

const NAMES = [
  'ConsoleLogin',
  'CheckMfa',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'CredentialVerification',
  'ExitRole',
  'DescribeInstances',
];

const isoDate = fc.integer({ min: 0, max: 4102444800000 }).map((ms) => new Date(ms).toISOString());

/** CloudTrail-shaped records with every field optional and any field possibly of the wrong type. */
const cloudTrailish = fc.record(
  {
    eventVersion: fc.oneof(fc.constant('1.08'), fc.jsonValue()),
    eventName: fc.oneof(fc.constantFrom(...NAMES), fc.jsonValue()),
    eventTime: fc.oneof(isoDate, fc.string(), fc.jsonValue()),
    eventSource: fc.oneof(fc.constantFrom('signin.amazonaws.com', 'sts.amazonaws.com'), fc.jsonValue()),
    sourceIPAddress: fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('AWS Internal', 'ec2.amazonaws.com'),
      fc.jsonValue(),
    ),
    userIdentity: fc.oneof(
      fc.record(
        {
          type: fc.constantFrom('IAMUser', 'Root', 'AssumedRole', 'AWSService', 'Unknown'),
          principalId: fc.string(),
          arn: fc.string(),
          accountId: fc.string(),
          userName: fc.oneof(fc.string(), fc.jsonValue()),
          invokedBy: fc.string(),
          sessionContext: fc.oneof(
            fc.record({
              attributes: fc.record({
                mfaAuthenticated: fc.jsonValue(),
                creationDate: fc.oneof(isoDate, fc.jsonValue()),
              }),
            }),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
    ),
    responseElements: fc.oneof(fc.record({ ConsoleLogin: fc.constantFrom('Success', 'Failure') }), fc.jsonValue()),
    additionalEventData: fc.oneof(
      fc.record({ MFAUsed: fc.jsonValue(), LoginTo: fc.string() }, { requiredKeys: [] }),
      fc.jsonValue(),
    ),
    requestParameters: fc.oneof(
      fc.record({ roleArn: fc.string(), roleSessionName: fc.string() }, { requiredKeys: [] }),
      fc.jsonValue(),
    ),
    serviceEventDetails: fc.jsonValue(),
    requestID: fc.oneof(fc.string(), fc.jsonValue()),
    errorCode: fc.jsonValue(),
    errorMessage: fc.jsonValue(),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/** Well-typed records with random content: these reach the mapping (and the validator). */
const wellFormed = fc.record(
  {
    eventVersion: fc.constant('1.08'),
    eventName: fc.constantFrom(...NAMES),
    eventTime: isoDate,
    eventSource: fc.constantFrom('signin.amazonaws.com', 'sts.amazonaws.com'),
    awsRegion: fc.string(),
    sourceIPAddress: fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()),
    userAgent: fc.string(),
    userIdentity: fc.record(
      {
        type: fc.string(),
        principalId: fc.string(),
        arn: fc.string(),
        accountId: fc.string(),
        userName: fc.string(),
        invokedBy: fc.string(),
        identityProvider: fc.string(),
        sessionContext: fc.record(
          {
            attributes: fc.record(
              { mfaAuthenticated: fc.constantFrom('true', 'false', 'x'), creationDate: fc.oneof(isoDate, fc.string()) },
              { requiredKeys: [] },
            ),
            sessionIssuer: fc.record({ arn: fc.string(), type: fc.string() }, { requiredKeys: [] }),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    responseElements: fc.oneof(
      fc.constant(null),
      fc.dictionary(fc.constantFrom(...NAMES, 'credentials'), fc.jsonValue()),
    ),
    additionalEventData: fc.record(
      { MFAUsed: fc.constantFrom('Yes', 'YES', 'No', 'true', 'maybe'), LoginTo: fc.string(), UserName: fc.string() },
      { requiredKeys: [] },
    ),
    requestParameters: fc.oneof(
      fc.constant(null),
      fc.record(
        { roleArn: fc.string(), roleSessionName: fc.string(), durationSeconds: fc.integer() },
        { requiredKeys: [] },
      ),
    ),
    serviceEventDetails: fc.dictionary(fc.constantFrom(...NAMES), fc.string()),
    requestID: fc.string(),
    eventID: fc.string(),
    errorCode: fc.string(),
    errorMessage: fc.string(),
    extra: fc.jsonValue(),
  },
  { requiredKeys: ['eventName', 'eventTime'] },
);

const anyRecord = fc.oneof(
  { arbitrary: wellFormed, weight: 3 },
  { arbitrary: cloudTrailish, weight: 1 },
  { arbitrary: fc.jsonValue(), weight: 1 },
);

describe('translator properties', () => {
  for (const version of plugin.ocsf.versions) {
    it(`never throws; outcomes are well formed; events are valid OCSF ${version}`, () => {
      const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
      const validate = hasShared ? validatorFor(version) : undefined;
      let emitted = 0;
      fc.assert(
        fc.property(anyRecord, (value) => {
          const location = { file: 'prop.json' };
          const outcome = translator.translate({ kind: 'json', value, location }, { location });
          if (outcome.kind === 'emitted') {
            emitted++;
            expect(outcome.events).toHaveLength(1);
            const event = outcome.events[0] as Record<string, unknown>;
            // Serialisable as JSON (writers stringify it); -0 vs 0 is the only difference a round trip may show.
            expect(JSON.stringify(JSON.parse(JSON.stringify(event)))).toBe(JSON.stringify(event));
            if (validate) expect(validate(event)).toEqual([]);
          } else {
            expect(outcome.code).toMatch(/^cloudtrail\/[a-z-]+$/);
            expect(outcome.reason.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 400 },
      );
      // The generator must reach the emitting path often enough for the property to mean something.
      expect(emitted).toBeGreaterThan(20);
    });
  }
});

describe('through core envelopes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-ct-prop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;

  it('records in = emitted + skipped + rejected, whatever the records hold ({"Records"} gzip)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyRecord, { maxLength: 12 }), async (records) => {
        const path = join(dir, `p${n++}.json.gz`);
        writeFileSync(path, gzipSync(JSON.stringify({ Records: records })));
        const translator = plugin.createTranslator({ ocsfVersion: '1.0.0-rc.2', options: {} });
        const input = await openInput(path);
        let seen = 0;
        let counted = 0;
        try {
          for await (const batch of input.records()) {
            for (const item of batch) {
              seen++;
              if (item.kind === 'issue') {
                counted++;
                continue;
              }
              const outcome = translator.translate(item, { location: item.location });
              if (outcome.kind === 'emitted' || outcome.kind === 'skipped' || outcome.kind === 'rejected') counted++;
            }
          }
        } finally {
          await input.close();
        }
        expect(seen).toBe(records.length);
        expect(counted).toBe(seen);
      }),
      { numRuns: 40 },
    );
  });
});
