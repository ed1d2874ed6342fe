/**
 * Deterministic CloudTrail data: one `{"Records":[…]}` document, gzip, as CloudTrail delivers to S3.
 * About 10% of the events are sign-in and role-assumption events (ConsoleLogin, AssumeRole, …) that the
 * cloudtrail-auth plugin translates; the rest are the everyday API calls it skips.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { createRandom } from './prng.mjs';

export const AUTH_SHARE = 0.1;

const OTHER_CALLS = [
  ['ec2.amazonaws.com', 'DescribeInstances'],
  ['ec2.amazonaws.com', 'DescribeSecurityGroups'],
  ['s3.amazonaws.com', 'GetObject'],
  ['s3.amazonaws.com', 'PutObject'],
  ['s3.amazonaws.com', 'ListBuckets'],
  ['kms.amazonaws.com', 'Decrypt'],
  ['kms.amazonaws.com', 'GenerateDataKey'],
  ['logs.amazonaws.com', 'CreateLogStream'],
  ['lambda.amazonaws.com', 'Invoke'],
  ['dynamodb.amazonaws.com', 'DescribeTable'],
  ['iam.amazonaws.com', 'GetRole'],
  ['sts.amazonaws.com', 'GetCallerIdentity'],
  ['cloudformation.amazonaws.com', 'DescribeStacks'],
  ['ssm.amazonaws.com', 'GetParameter'],
];
const AUTH_CALLS = [
  'ConsoleLogin',
  'ConsoleLogin',
  'ConsoleLogin',
  'AssumeRole',
  'AssumeRole',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'CheckMfa',
  'SwitchRole',
];
const AUTH_EVENT_NAMES = new Set(AUTH_CALLS);
const REGIONS = ['us-east-1', 'us-east-2', 'eu-west-1', 'ap-southeast-2'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'aws-cli/2.15.10 Python/3.11.6 Linux/6.1.66-91.160.amzn2023.x86_64 exe/x86_64.amzn.2023 prompt/off command/s3.cp',
  'Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.11.6',
  'aws-sdk-java/2.21.10 Linux/5.10.201 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS',
];

function uuid(r) {
  return `${r.hex(8)}-${r.hex(4)}-4${r.hex(3)}-${r.pick(['8', '9', 'a', 'b'])}${r.hex(3)}-${r.hex(12)}`;
}

/** A generator of CloudTrail events (plain objects), `count` of them. */
export function* cloudTrailEvents(count, seed = 3002) {
  const r = createRandom(seed);
  const accounts = Array.from({ length: 4 }, () => String(r.int(100_000_000_000, 999_999_999_999)));
  const users = Array.from({ length: 40 }, (_, i) => ({
    account: r.pick(accounts),
    name: `user${i}`,
    principal: `AIDA${r.hex(16).toUpperCase()}`,
    ip: `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
  }));
  const roles = ['Admin', 'ReadOnly', 'Deploy', 'DataEngineer', 'Auditor'];
  let time = Date.UTC(2024, 10, 24, 8, 0, 0);
  for (let i = 0; i < count; i++) {
    time += r.int(0, 2000);
    const user = r.pick(users);
    const region = r.pick(REGIONS);
    const base = {
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: user.principal,
        arn: `arn:aws:iam::${user.account}:user/${user.name}`,
        accountId: user.account,
        accessKeyId: `AKIA${r.hex(16).toUpperCase()}`,
        userName: user.name,
      },
      eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource: '',
      eventName: '',
      awsRegion: region,
      sourceIPAddress: r.chance(0.1) ? 'AWS Internal' : user.ip,
      userAgent: r.pick(AGENTS),
      requestParameters: null,
      responseElements: null,
      requestID: uuid(r),
      eventID: uuid(r),
      readOnly: true,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: user.account,
      eventCategory: 'Management',
    };
    if (!r.chance(AUTH_SHARE)) {
      const [source, name] = r.pick(OTHER_CALLS);
      base.eventSource = source;
      base.eventName = name;
      base.requestParameters =
        source === 's3.amazonaws.com'
          ? { bucketName: `logs-${user.account}`, key: `app/${r.hex(8)}/part-${r.int(0, 999)}.json` }
          : { maxResults: r.int(10, 1000), filter: r.pick(['running', 'stopped', 'all']) };
      if (r.chance(0.03)) {
        base.errorCode = 'AccessDenied';
        base.errorMessage = `User: arn:aws:iam::${user.account}:user/${user.name} is not authorized to perform this action`;
      }
      yield base;
      continue;
    }
    const name = r.pick(AUTH_CALLS);
    base.eventName = name;
    if (name === 'ConsoleLogin' || name === 'CheckMfa' || name === 'SwitchRole') {
      const ok = r.chance(0.85);
      const mfa = r.chance(0.6);
      base.eventSource = 'signin.amazonaws.com';
      base.eventType = 'AwsConsoleSignIn';
      base.readOnly = false;
      base.additionalEventData = {
        LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
        MobileVersion: 'No',
        MFAUsed: mfa ? 'Yes' : 'No',
        ...(mfa ? { MFAIdentifier: `arn:aws:iam::${user.account}:mfa/${user.name}` } : {}),
      };
      base.responseElements = { [name]: ok ? 'Success' : 'Failure' };
      if (!ok) base.errorMessage = 'Failed authentication';
      base.userAgent = AGENTS[0];
    } else {
      const role = r.pick(roles);
      base.eventSource = 'sts.amazonaws.com';
      base.readOnly = true;
      base.requestParameters = {
        roleArn: `arn:aws:iam::${r.pick(accounts)}:role/${role}`,
        roleSessionName: `${user.name}-${r.hex(6)}`,
        durationSeconds: 3600,
      };
      base.responseElements = {
        credentials: {
          accessKeyId: `ASIA${r.hex(16).toUpperCase()}`,
          expiration: new Date(time + 3_600_000).toUTCString(),
          sessionToken: r.hex(120),
        },
        assumedRoleUser: {
          assumedRoleId: `AROA${r.hex(16).toUpperCase()}:${user.name}`,
          arn: `arn:aws:sts::${user.account}:assumed-role/${role}/${user.name}`,
        },
      };
      if (r.chance(0.05)) {
        base.errorCode = 'AccessDenied';
        base.errorMessage = 'Not authorized to perform sts:AssumeRole';
        base.responseElements = null;
      }
      base.resources = [{ accountId: user.account, type: 'AWS::IAM::Role', ARN: base.requestParameters.roleArn }];
    }
    yield base;
  }
}

/**
 * Writes `{"Records":[…]}` with `count` events, gzip when the path ends in `.gz`.
 * @returns {Promise<{ authEvents: number; jsonBytes: number }>} how many sign-in/role events, and the
 *   size of the uncompressed JSON
 */
export async function writeCloudTrail(path, count, seed = 3002) {
  const file = createWriteStream(path);
  const out = path.endsWith('.gz') ? createGzip({ level: 6 }) : file;
  if (out !== file) out.pipe(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"Records":[');
  let parts = [];
  let first = true;
  let authEvents = 0;
  let jsonBytes = 15;
  for (const event of cloudTrailEvents(count, seed)) {
    const json = (first ? '' : ',') + JSON.stringify(event);
    parts.push(json);
    jsonBytes += Buffer.byteLength(json);
    if (AUTH_EVENT_NAMES.has(event.eventName)) authEvents++;
    first = false;
    if (parts.length === 2000) {
      await write(parts.join(''));
      parts = [];
    }
  }
  await write(`${parts.join('')}]}\n`);
  out.end();
  await once(file, 'close');
  return { authEvents, jsonBytes };
}
