import type { InputFormat, InputSample, RawRecord } from '@ocsfx/core';
import { describe, expect, test } from 'vitest';
import { row, textRow } from '../test/helpers.js';
import { detectVpcFlowLogs } from './detect.js';
import { DEFAULT_FORMAT } from './fields.js';

function sample(format: InputFormat, records: RawRecord[], head = ''): InputSample {
  return { file: 'x', format, head, records };
}

const ACCEPT =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

describe('detect', () => {
  test('a header of VPC field names (text, CSV or Parquet columns)', () => {
    expect(detectVpcFlowLogs(sample('text', [textRow([...DEFAULT_FORMAT], ACCEPT)]))).toBeGreaterThanOrEqual(0.9);
    const underscored = DEFAULT_FORMAT.map((n) => n.replaceAll('-', '_'));
    expect(detectVpcFlowLogs(sample('parquet', [row(underscored, [])]))).toBeGreaterThanOrEqual(0.9);
  });

  test('headerless records in the default format (CloudWatch Logs)', () => {
    expect(detectVpcFlowLogs(sample('json', [textRow(null, ACCEPT)]))).toBeGreaterThanOrEqual(0.9);
  });

  test('headerless custom-format records still point at VPC (so the user is told to pass --vpc-format)', () => {
    const score = detectVpcFlowLogs(sample('text', [textRow(null, `5 ${ACCEPT.slice(2)} vpc-1 ingress`)]));
    expect(score).toBeGreaterThanOrEqual(0.5);
    expect(score).toBeLessThan(0.9);
  });

  test('a header-only sample (no records) is judged by its first line', () => {
    expect(detectVpcFlowLogs(sample('text', [], `\n${DEFAULT_FORMAT.join(' ')}\n`))).toBeGreaterThanOrEqual(0.9);
  });

  test('CloudTrail JSON and unrelated tables score 0', () => {
    const trail: RawRecord = {
      kind: 'json',
      value: { eventVersion: '1.08', eventName: 'ConsoleLogin' },
      location: { file: 'x' },
    };
    expect(detectVpcFlowLogs(sample('json', [trail], '{"Records":[{"eventVersion":"1.08"}]}'))).toBe(0);
    expect(detectVpcFlowLogs(sample('csv', [row(['name', 'email', 'age'], ['a', 'b', '1'])]))).toBe(0);
    expect(detectVpcFlowLogs(sample('text', [textRow(null, 'hello world this is text')]))).toBe(0);
  });
});
