/**
 * Several plugins claiming one file, through the real binary: the installed CloudTrail authentication
 * plugin and a second plugin (given with --plugin) that takes every other CloudTrail event. Each record is
 * translated once, by the first claimant that does not skip it, whichever thread translates the file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack, jsonLines, REPO_DIR, runCli, tempDir } from './helpers.js';

const CLOUDTRAIL_PLUGIN = join(REPO_DIR, 'packages', 'plugin-cloudtrail');
const EXAMPLE_TRAIL = join(REPO_DIR, 'examples', 'logs', 'cloudtrail-signin.json');

/** Takes every CloudTrail event that is not a sign-in; skips sign-ins as "not mine". */
const OTHER_PLUGIN = `
const SIGN_IN = new Set(['ConsoleLogin', 'AssumeRole']);
export default {
  id: 'trail-rest', title: 'Every other CloudTrail event', apiVersion: 1,
  ocsf: { classUid: 6003, className: 'API Activity', versions: ['1.1.0'], defaultVersion: '1.1.0' },
  inputs: ['json'],
  detect: (s) => (s.head.includes('"eventName"') ? 0.7 : 0),
  createTranslator: () => ({
    translate(record) {
      const name = record.value?.eventName;
      if (SIGN_IN.has(name)) return { kind: 'skipped', code: 'rest/authentication', reason: 'a sign-in' };
      if (name === 'Broken') return { kind: 'rejected', code: 'rest/broken', reason: 'broken on purpose' };
      return { kind: 'emitted', events: [{ class_uid: 6003, api: { operation: name } }] };
    },
  }),
};
`;

const identity = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLE',
  arn: 'arn:aws:iam::111122223333:user/ana',
  accountId: '111122223333',
  userName: 'ana',
};
const event = (eventName: string, eventSource: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.09',
  userIdentity: identity,
  eventTime: '2024-11-24T08:00:05Z',
  eventSource,
  eventName,
  awsRegion: 'eu-west-1',
  sourceIPAddress: '198.51.100.23',
  eventID: `id-${eventName}`,
  ...extra,
});

const MIXED = {
  Records: [
    event('ConsoleLogin', 'signin.amazonaws.com', { responseElements: { ConsoleLogin: 'Success' } }),
    event('DescribeInstances', 'ec2.amazonaws.com'),
    event('AssumeRole', 'sts.amazonaws.com', { requestID: 'r-1' }),
    event('PutObject', 's3.amazonaws.com'),
    event('Broken', 'ec2.amazonaws.com'),
  ],
};

let dir: ReturnType<typeof tempDir>;
let plugin: string;
let trail: string;
let trail2: string;
beforeAll(() => {
  dir = tempDir('routing');
  plugin = join(dir.dir, 'trail-rest.mjs');
  writeFileSync(plugin, OTHER_PLUGIN);
  trail = join(dir.dir, 'trail.json');
  writeFileSync(trail, JSON.stringify(MIXED));
  trail2 = join(dir.dir, 'trail2.json');
  writeFileSync(trail2, JSON.stringify(MIXED));
});
afterAll(() => dir.remove());

const classes = (stdout: string) =>
  jsonLines(stdout).map((e) => `${e.class_uid}:${(e.api as { operation: string }).operation}`);

describe.concurrent('one file, several claimants', () => {
  it('auto-detected: sign-ins go to cloudtrail-auth, the rest to the other plugin, nothing skipped', async () => {
    const result = await runCli(['translate', '--plugin', plugin, trail]);
    expect(result.code).toBe(0);
    expect(classes(result.stdout)).toEqual([
      '3002:ConsoleLogin',
      '6003:DescribeInstances',
      '3002:AssumeRole',
      '6003:PutObject',
    ]);
    expect(result.stderr).toMatch(/5 records in: 4 translated \(4 events\), 0 skipped, 1 rejected/);
    expect(result.stderr).toMatch(/rejected +1 +rest\/broken/);
    expectNoStack(result);
  });

  it('--source with one id keeps that plugin alone: the other records are skipped', async () => {
    const result = await runCli(['translate', '--plugin', plugin, '--source', 'cloudtrail-auth', trail]);
    expect(result.code).toBe(0);
    expect(classes(result.stdout)).toEqual(['3002:ConsoleLogin', '3002:AssumeRole']);
    expect(result.stderr).toMatch(/5 records in: 2 translated \(2 events\), 3 skipped, 0 rejected/);
  });

  it('--source a,b names the claimants and their order; a record both skip keeps the first reason', async () => {
    const result = await runCli(['translate', '--plugin', plugin, '--source', 'trail-rest,cloudtrail-auth', trail]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toHaveLength(4);
    expect(result.stderr).toMatch(/0 skipped, 1 rejected/);
    const unknown = await runCli(['translate', '--plugin', plugin, '--source', 'trail-rest,nope', trail]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown source "nope"/);
  });

  it('worker threads route the same way (--jobs 2, two files)', async () => {
    const result = await runCli(['translate', '--plugin', plugin, '--jobs', '2', trail, trail2]);
    expect(result.code).toBe(0);
    expect(classes(result.stdout)).toHaveLength(8);
    expect(result.stderr).toMatch(/10 records in: 8 translated \(8 events\), 0 skipped, 2 rejected/);
    expectNoStack(result);
  });

  it('with @ocsfx/plugin-cloudtrail: one trail, 3002 and 6003 events, each validated as its own class', async () => {
    const result = await runCli([
      'translate',
      '--plugin',
      CLOUDTRAIL_PLUGIN,
      '--ocsf-version',
      '1.1.0',
      '--validate',
      EXAMPLE_TRAIL,
    ]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((e) => `${e.class_uid}:${(e.api as { operation: string }).operation}`)).toEqual(
      ['3002:ConsoleLogin', '3002:AssumeRole', '6003:ListBuckets'],
    );
    expect(result.stderr).toMatch(/3 records in: 3 translated \(3 events\), 0 skipped, 0 rejected/);
    const plugins = await runCli(['plugins', '--plugin', CLOUDTRAIL_PLUGIN]);
    expect(plugins.stdout).toMatch(/6003 API Activity, 3001 Account Change; versions 1\.1\.0 \(default\)/);
  });
});
