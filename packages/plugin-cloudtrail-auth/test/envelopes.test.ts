/**
 * The same ConsoleLogin in every envelope AWS delivers CloudTrail in, read through core's openInput:
 * the translator sees the event itself each time. Digest files and Insights events are skipped.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Outcome, openInput } from '@ocsfx/core';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const event = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'Root',
    principalId: '111122223333',
    arn: 'arn:aws:iam::111122223333:root',
    accountId: '111122223333',
  },
  eventTime: '2024-05-06T07:08:09Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.9',
  responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MFAUsed: 'Yes', LoginTo: 'https://console.aws.amazon.com/' },
  eventID: 'ev-1',
};
const other = { ...event, eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', eventID: 'ev-2' };

const dir = mkdtempSync(join(tmpdir(), 'ocsfx-ct-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function outcomesOf(name: string, content: string | Buffer): Promise<Outcome[]> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const input = await openInput(path);
  const translator = plugin.createTranslator({ ocsfVersion: '1.0.0-rc.2', options: {} });
  const out: Outcome[] = [];
  try {
    for await (const batch of input.records()) {
      for (const item of batch) {
        out.push(
          item.kind === 'issue'
            ? { kind: item.outcome, code: item.code, reason: item.reason }
            : translator.translate(item, { location: item.location }),
        );
      }
    }
  } finally {
    await input.close();
  }
  return out;
}

const kinds = (outcomes: Outcome[]) => outcomes.map((o) => (o.kind === 'emitted' ? 'emitted' : o.code));

describe('envelopes', () => {
  it.each([
    ['{"Records":[…]}', 'records.json', JSON.stringify({ Records: [event, other] })],
    ['{"Records":[…]} gzip', 'records.json.gz', gzipSync(JSON.stringify({ Records: [event, other] }))],
    ['JSON array', 'array.json', JSON.stringify([event, other])],
    ['NDJSON', 'lines.ndjson', `${JSON.stringify(event)}\n${JSON.stringify(other)}\n`],
    [
      'CloudWatch Logs subscription',
      'cwl.json',
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '111122223333',
        logGroup: 'aws-cloudtrail-logs',
        logStream: '111122223333_CloudTrail_us-east-1',
        subscriptionFilters: ['f'],
        logEvents: [
          { id: '1', timestamp: 1, message: JSON.stringify(event) },
          { id: '2', timestamp: 2, message: JSON.stringify(other) },
        ],
      }),
    ],
    [
      'aws logs filter-log-events output',
      'filter-log-events.json',
      JSON.stringify(
        {
          events: [event, other].map((e, i) => ({
            logStreamName: '111122223333_CloudTrail_us-east-1',
            timestamp: 1715000000000 + i,
            message: JSON.stringify(e),
            ingestionTime: 1715000001000 + i,
            eventId: `3796${i}`,
          })),
          searchedLogStreams: [{ logStreamName: '111122223333_CloudTrail_us-east-1', searchedCompletely: true }],
        },
        null,
        2,
      ),
    ],
    [
      'EventBridge',
      'eventbridge.ndjson',
      [event, other]
        .map((detail) =>
          JSON.stringify({
            version: '0',
            id: 'x',
            'detail-type': 'AWS Console Sign In via CloudTrail',
            source: 'aws.signin',
            detail,
          }),
        )
        .join('\n'),
    ],
  ])('%s', async (_what, name, content) => {
    const outcomes = await outcomesOf(name, content);
    expect(kinds(outcomes)).toEqual(['emitted', 'cloudtrail/not-authentication']);
    const first = outcomes[0];
    expect(first?.kind === 'emitted' && first.events[0]).toMatchObject({
      mfa: true,
      metadata: { uid: 'ev-1' },
      src_endpoint: { ip: '203.0.113.9' },
    });
  });

  it('a single pretty-printed event object', async () => {
    expect(kinds(await outcomesOf('single.json', JSON.stringify(event, null, 2)))).toEqual(['emitted']);
  });

  it('a digest file is skipped as cloudtrail/digest', async () => {
    const digest = {
      awsAccountId: '111122223333',
      digestStartTime: '2024-05-06T06:00:00Z',
      digestEndTime: '2024-05-06T07:00:00Z',
      digestS3Bucket: 'b',
      digestS3Object: 'o',
      logFiles: [],
    };
    expect(kinds(await outcomesOf('digest.json', JSON.stringify(digest)))).toEqual(['cloudtrail/digest']);
  });

  it('Insights events are skipped as cloudtrail/insight', async () => {
    const insight = {
      eventVersion: '1.07',
      eventTime: '2024-05-06T07:00:00Z',
      eventType: 'AwsCloudTrailInsight',
      eventCategory: 'Insight',
      insightDetails: {},
    };
    expect(kinds(await outcomesOf('insight.json', JSON.stringify({ Records: [insight] })))).toEqual([
      'cloudtrail/insight',
    ]);
  });
});
