/**
 * End to end, against real servers: the real fixtures are uploaded to s3rver with awscli, S3's notifications
 * go through the SQS server, a poller invokes the handler as Lambda does, and the lake is read back with
 * awscli (JSONL) and DuckDB (Parquet) and compared with the CLI's translation of the same files.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { partitionOf } from '@ocsfx/core';
import cloudtrail from '@ocsfx/plugin-cloudtrail-auth';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import { hasShared } from '@ocsfx/vitest-config/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, createSqsHandler } from '../src/index.js';
import { aws, hasAwsCli } from './helpers/aws-cli.js';
import { canonical, cliTranslate, REAL, translatableFixtures, UNTRANSLATABLE } from './helpers/fixtures.js';
import { LAKE_BUCKET, type Lake, SOURCE_BUCKET, startLake } from './helpers/lake.js';
import { testEvent } from './helpers/notify.js';
import { poll } from './helpers/poller.js';
import { download, duckdbRows, readJsonl, readJsonlGz } from './helpers/read-back.js';

const SOURCES = '4001=vpc-flow,3002=cloudtrail-auth';
/** Keys S3 encodes in notifications: a space (`+`), a literal `+` (`%2B`), `=` and non-ASCII (`%xx`). */
const ODD_KEYS = [
  [
    'aws-docs/vpc-user-guide/flow-log-record-examples/01-default-format-accepted-rejected-icmp-ipv6.log',
    'odd keys/vpc flow+v2 (copy) é.log',
  ],
  ['grafana-loki/tools/lambda-promtail/testdata/vpcflowlog.log.gz', 'odd keys/year=2024/flow%logs.log.gz'],
] as const;

interface Line {
  object?: string;
  outcome?: string;
  source?: string;
  RecordsIn?: number;
  Translated?: number;
  Skipped?: number;
  Rejected?: number;
  outputs?: string[];
}

describe.skipIf(!hasShared || !hasAwsCli)('S3 → SQS → handler → lake, against s3rver and local-aws-sqs', () => {
  let lake: Lake;
  let work: string;
  const fixtures = hasShared ? translatableFixtures() : [];
  let notifications: string[] = [];

  beforeAll(async () => {
    lake = await startLake();
    work = mkdtempSync(join(tmpdir(), 'ocsfx-e2e-'));
    const excludes = ['SOURCES.md', '*expected.json', ...UNTRANSLATABLE].flatMap((p) => ['--exclude', p]);
    await aws(lake.s3.endpoint, [
      's3',
      'cp',
      REAL,
      `s3://${SOURCE_BUCKET}/real/`,
      '--recursive',
      '--only-show-errors',
      ...excludes,
    ]);
    // One upload in several parts: s3rver reports it as ObjectCreated:Post, S3 as :CompleteMultipartUpload.
    for (const [from, key] of ODD_KEYS) {
      const copy = join(work, 'copy');
      copyFileSync(join(REAL, from), copy);
      await aws(lake.s3.endpoint, ['s3', 'cp', copy, `s3://${SOURCE_BUCKET}/${key}`, '--only-show-errors']);
    }
    await lake.delivered();
    // The test event S3 sends when the notification is configured, and one object through EventBridge.
    await lake.send([JSON.stringify(testEvent(SOURCE_BUCKET))]);
    notifications = [...lake.sent];
  }, 120_000);

  afterAll(async () => {
    await lake?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function runHandler(format: 'jsonl' | 'parquet', prefix: string): Promise<Line[]> {
    const lines: Line[] = [];
    const handler = createSqsHandler({
      plugins: [vpc, cloudtrail],
      config: configFromEnv({
        OCSFX_OUTPUT_BUCKET: LAKE_BUCKET,
        OCSFX_OUTPUT_PREFIX: prefix,
        OCSFX_FORMAT: format,
        OCSFX_SOURCE_NAME: SOURCES,
      }),
      s3: lake.s3Client,
      log: (line) => lines.push(JSON.parse(line) as Line),
    });
    const stats = await poll({ sqs: lake.sqs, queueUrl: lake.queueUrl, invoke: handler });
    expect(stats.crashed).toBe(0);
    expect(stats.failedMessages).toBe(0);
    return lines;
  }

  const allInputs = () => [...fixtures.map((f) => join(REAL, f)), ...ODD_KEYS.map(([from]) => join(REAL, from))];

  it('JSONL.gz: the same events and counts as the CLI, in the Security Lake layout, partitioned by the data', async () => {
    const lines = await runHandler('jsonl', 'jsonl/');
    const objects = lines.filter((l) => l.object);
    expect(objects).toHaveLength(fixtures.length + ODD_KEYS.length);
    expect(objects.every((l) => l.outcome === 'translated')).toBe(true);
    expect(lines.filter((l) => l.outcome === 'ignored')).toHaveLength(1);
    for (const [, key] of ODD_KEYS) expect(objects.map((l) => l.object)).toContain(`s3://${SOURCE_BUCKET}/${key}`);

    const cli = await cliTranslate(allInputs());
    const sum = (k: keyof Line) => objects.reduce((n, l) => n + (l[k] as number), 0);
    expect({
      in: sum('RecordsIn'),
      translated: sum('Translated'),
      skipped: sum('Skipped'),
      rejected: sum('Rejected'),
    }).toEqual({
      in: cli.recordsIn,
      translated: cli.translated,
      skipped: cli.skipped,
      rejected: cli.rejected,
    });

    const got = await download(lake.s3.endpoint, `s3://${LAKE_BUCKET}/jsonl/`);
    try {
      const events: Record<string, unknown>[] = [];
      for (const file of got.files.filter((f) => f.startsWith('ext/'))) {
        const m =
          /^ext\/(vpc-flow|cloudtrail-auth)\/region=([^/]+)\/accountId=([^/]+)\/eventDay=([^/]+)\/ocsfx-[0-9a-f]{32}-0\.ocsf\.jsonl\.gz$/.exec(
            file,
          );
        expect(m, file).not.toBeNull();
        const fileEvents = readJsonlGz(join(got.dir, file));
        for (const e of fileEvents) {
          // One class per source location; partitions from the event itself.
          expect(e['class_uid']).toBe(m?.[1] === 'vpc-flow' ? 4001 : 3002);
          expect(partitionOf(e)).toEqual({ region: m?.[2], accountId: m?.[3], eventDay: m?.[4] });
        }
        events.push(...fileEvents);
      }
      expect(events.length).toBe(cli.events.length);
      expect(canonical(events)).toEqual(canonical(cli.events));
      // VPC partitions carry the flow log's account-id, not the function's account.
      expect(got.files.some((f) => f.startsWith('ext/vpc-flow/') && f.includes('accountId=123456789010/'))).toBe(true);
      const rejectFiles = got.files.filter((f) => f.startsWith('rejects/'));
      const rejects = rejectFiles.flatMap((f) => readJsonl(join(got.dir, f)));
      expect(rejects.length).toBe(cli.rejected);
      for (const r of rejects) {
        expect(String((r['location'] as { file: string }).file)).toMatch(/^s3:\/\/raw-logs\//);
        expect(typeof r['reason']).toBe('string');
      }
    } finally {
      got.remove();
    }
  }, 120_000);

  it('Parquet: DuckDB reads the same rows from the handler’s files as from the CLI’s, per source', async () => {
    // The same notifications again (as a replay would deliver them), this time for the Parquet output.
    await lake.send(notifications);
    const lines = await runHandler('parquet', 'parquet/');
    expect(lines.filter((l) => l.object && l.outcome === 'translated')).toHaveLength(fixtures.length + ODD_KEYS.length);
    const got = await download(lake.s3.endpoint, `s3://${LAKE_BUCKET}/parquet/`);
    try {
      for (const [plugin, source] of [
        ['vpc-flowlogs', 'vpc-flow'],
        ['cloudtrail-auth', 'cloudtrail-auth'],
      ] as const) {
        const cliDir = join(work, `cli-${source}`);
        const inputs = allInputs().filter((f) =>
          plugin === 'vpc-flowlogs'
            ? !/CloudTrail|sign-in|smartcard/i.test(f)
            : /CloudTrail|sign-in|smartcard/i.test(f),
        );
        await cliTranslate(inputs, [
          '--source',
          plugin,
          '-f',
          'parquet',
          '--layout',
          'security-lake',
          '--source-name',
          source,
          '-o',
          cliDir,
        ]);
        const theirs = walkFiles(cliDir).filter((f) => f.endsWith('.gz.parquet'));
        const mine = got.files.filter((f) => f.startsWith(`ext/${source}/`));
        for (const f of mine)
          expect(f).toMatch(
            /^ext\/[a-z-]+\/region=[^/]+\/accountId=[^/]+\/eventDay=[^/]+\/ocsfx-[0-9a-f]{32}-\d+\.gz\.parquet$/,
          );
        // The same partitions (directories) as the CLI's Security Lake layout.
        const dirs = (files: string[]) => [...new Set(files.map((f) => f.slice(0, f.lastIndexOf('/'))))].sort();
        expect(dirs(mine)).toEqual(dirs(theirs.map((f) => relative(cliDir, f))));
        const rows = await duckdbRows(mine.map((f) => join(got.dir, f)));
        const expected = await duckdbRows(theirs);
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.length).toBe(expected.length);
        expect(canonical(rows)).toEqual(canonical(expected));
      }
    } finally {
      got.remove();
    }
  }, 120_000);
});

function walkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walkFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}
