/**
 * Auto-detection through the real binary on every input family of the real AWS fixtures: no --source,
 * no --input-format. Each file must go to the right plugin (seen in the events' class_uid), exit 0, and
 * keep stdout pure data.
 */
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { expectNoStack, jsonLines, runCli } from './helpers.js';

const real = (...parts: string[]) => shared('fixtures', 'real', ...parts);

interface Family {
  name: string;
  file: string;
  classUid: number;
  /** Events expected at least (some families are mostly non-authentication events, which are skipped). */
  minEvents: number;
}

const FAMILIES: Family[] = [
  {
    name: 'VPC text with a header line',
    file: real(
      'aws-docs',
      'vpc-user-guide',
      'flow-log-record-examples',
      '01-default-format-accepted-rejected-icmp-ipv6.log',
    ),
    classUid: 4001,
    minEvents: 3,
  },
  {
    name: 'VPC custom v5 format, fields in a non-default order',
    file: real(
      'aws-docs',
      'vpc-user-guide',
      'flow-log-record-examples',
      '06-custom-v5-service-name-traffic-path-flow-direction.log',
    ),
    classUid: 4001,
    minEvents: 1,
  },
  {
    name: 'VPC gzip as delivered to S3',
    file: real('grafana-loki', 'tools', 'lambda-promtail', 'testdata', 'vpcflowlog.log.gz'),
    classUid: 4001,
    minEvents: 3,
  },
  {
    name: 'VPC default format without a header',
    file: real('elastic-integrations', 'vpcflow', 'test-extra-samples.log'),
    classUid: 4001,
    minEvents: 2,
  },
  {
    name: 'VPC Parquet as delivered to S3',
    file: real(
      'sekoia-automation-library',
      'AWS',
      'tests',
      'data',
      '111111111111_vpcflowlogs_eu-west-3_fl-032a163fae170ae52_20220831T1255Z_2ad4bef5.parquet',
    ),
    classUid: 4001,
    minEvents: 1,
  },
  {
    name: 'VPC CloudWatch Logs message form',
    file: real('elastic-integrations', 'vpcflow', 'test-with-message-field.log'),
    classUid: 4001,
    minEvents: 1,
  },
  {
    name: 'CloudTrail {"Records":[…]} delivery file',
    file: real(
      'invictus-ir-aws_dataset',
      'CloudTrail',
      '218007301253_CloudTrail_us-east-1_20230710T1230Z_AvIajGd5rkz6vTy4.json',
    ),
    classUid: 3002,
    minEvents: 2,
  },
  {
    name: 'CloudTrail gzip',
    file: real('grafana-loki', 'tools', 'lambda-promtail', 'testdata', 'cloudtrail-log-file.json.gz'),
    classUid: 3002,
    minEvents: 1,
  },
  {
    name: 'CloudTrail NDJSON',
    file: real('elastic-integrations', 'cloudtrail', 'test-console-login-json.log'),
    classUid: 3002,
    minEvents: 3,
  },
  {
    name: 'CloudTrail single event object',
    file: real('aws-docs', 'cloudtrail-user-guide', 'console-sign-in-events', 'cloudtrail-signin-root.json'),
    classUid: 3002,
    minEvents: 1,
  },
];

describe.skipIf(!hasShared).concurrent('auto-detection on the real fixtures', () => {
  it.each(FAMILIES)('$name goes to class $classUid', async ({ file, classUid, minEvents }) => {
    const result = await runCli(['translate', file]);
    expect(result.stderr).not.toMatch(/ocsfx: error/);
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.length).toBeGreaterThanOrEqual(minEvents);
    for (const event of events) expect(event.class_uid).toBe(classUid);
    // The summary on stderr accounts for the file, whichever plugin took it.
    expect(result.stderr).toMatch(/1 file, \d+ records? in/);
    expectNoStack(result);
  });

  it('detects each file of a mixed list on its own', async () => {
    const files = FAMILIES.map((f) => f.file);
    const result = await runCli(['translate', '--quiet', ...files]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const classes = new Set(jsonLines(result.stdout).map((e) => e.class_uid));
    expect(classes).toEqual(new Set([4001, 3002]));
  });
});
