/**
 * Faults against the real servers: a handler process killed mid-batch, a poison object, S3 failing and
 * slowing down (a fault-injecting proxy in front of s3rver), a truncated gzip object.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import cloudtrail from '@ocsfx/plugin-cloudtrail-auth';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import { hasShared } from '@ocsfx/vitest-config/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, createSqsHandler } from '../src/index.js';
import { aws, hasAwsCli, listKeys } from './helpers/aws-cli.js';
import { type FaultProxy, startFaultProxy } from './helpers/fault-proxy.js';
import { canonical, cliTranslate, REAL, UNTRANSLATABLE } from './helpers/fixtures.js';
import { processInvoker } from './helpers/handler-process.js';
import { LAKE_BUCKET, type Lake, SOURCE_BUCKET, startLake } from './helpers/lake.js';
import { eventBridgeEvent } from './helpers/notify.js';
import { poll } from './helpers/poller.js';
import { download, readJsonl, readJsonlGz } from './helpers/read-back.js';
import { s3Client } from './helpers/servers.js';

const SOURCES = '4001=vpc-flow,3002=cloudtrail-auth';
const MAX_RECEIVE = 2;
const VPC_DIRS = ['aws-docs/vpc-user-guide/flow-log-record-examples', 'elastic-integrations/vpcflow'];

type Line = Record<string, unknown> & {
  object?: string;
  outcome?: string;
  S3Retries?: number;
  error?: { code: string };
};

const env = (prefix: string) => ({
  OCSFX_OUTPUT_BUCKET: LAKE_BUCKET,
  OCSFX_OUTPUT_PREFIX: prefix,
  OCSFX_FORMAT: 'jsonl',
  OCSFX_SOURCE_NAME: SOURCES,
});

describe.skipIf(!hasShared || !hasAwsCli)('faults, against s3rver and local-aws-sqs', () => {
  let lake: Lake;
  let proxy: FaultProxy;
  let work: string;

  beforeAll(async () => {
    lake = await startLake({ maxReceiveCount: MAX_RECEIVE });
    proxy = await startFaultProxy(lake.s3);
    work = mkdtempSync(join(tmpdir(), 'ocsfx-faults-'));
  });
  afterAll(async () => {
    await proxy?.close();
    await lake?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Uploads with awscli; returns the notification bodies S3 sent for them. */
  async function upload(args: string[]): Promise<string[]> {
    const before = lake.sent.length;
    await aws(lake.s3.endpoint, ['s3', 'cp', ...args, '--only-show-errors']);
    await lake.delivered();
    return lake.sent.slice(before);
  }

  function inProcess(prefix: string, lines: Line[], endpoint?: string) {
    return createSqsHandler({
      plugins: [vpc, cloudtrail],
      config: configFromEnv(env(prefix)),
      s3: endpoint ? s3Client(endpoint) : lake.s3Client,
      log: (l) => lines.push(JSON.parse(l) as Line),
    });
  }

  async function drainDlq(): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await lake.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: lake.dlqUrl, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length === 0) return bodies;
      bodies.push(...Messages.map((m) => m.Body ?? ''));
      await lake.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: lake.dlqUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
    }
  }

  it('a handler process killed mid-batch is retried, and every object has one set of outputs, no duplicates', async () => {
    const bodies: string[] = [];
    for (const dir of VPC_DIRS) {
      bodies.push(
        ...(await upload([
          join(REAL, dir),
          `s3://${SOURCE_BUCKET}/crash/${dir}/`,
          '--recursive',
          '--exclude',
          '*expected.json',
        ])),
      );
    }
    expect(bodies.length).toBeGreaterThan(10);
    const invoker = processInvoker(lake.s3.endpoint, env('crash/'));
    try {
      invoker.killAfter(3);
      const stats = await poll({
        sqs: lake.sqs,
        queueUrl: lake.queueUrl,
        invoke: invoker.invoke,
        visibilityTimeout: 4,
      });
      expect(stats.crashed).toBe(1);
      expect(stats.failedMessages).toBe(0);
      const objects = invoker.lines.filter((l) => l['object']);
      // The three objects done before the kill were done again when the batch came back.
      expect(objects.length).toBeGreaterThanOrEqual(bodies.length + 3);
    } finally {
      invoker.remove();
    }
    // The same notifications once more, in a clean run, to another prefix: the same keys must come out.
    await lake.send(bodies);
    const lines: Line[] = [];
    await poll({ sqs: lake.sqs, queueUrl: lake.queueUrl, invoke: inProcess('clean/', lines) });
    const crashed = (await listKeys(lake.s3.endpoint, LAKE_BUCKET, 'crash/')).map((k) => k.slice('crash/'.length));
    const clean = (await listKeys(lake.s3.endpoint, LAKE_BUCKET, 'clean/')).map((k) => k.slice('clean/'.length));
    expect(crashed.length).toBeGreaterThan(0);
    expect(crashed).toEqual(clean);
    const got = await download(lake.s3.endpoint, `s3://${LAKE_BUCKET}/crash/ext/`);
    try {
      const events = got.files.flatMap((f) => readJsonlGz(join(got.dir, f)));
      const files = VPC_DIRS.flatMap((d) => readdir(join(REAL, d)));
      const cli = await cliTranslate(files);
      expect(canonical(events)).toEqual(canonical(cli.events));
    } finally {
      got.remove();
    }
  }, 90_000);

  it(`a poison object goes to the dead-letter queue after maxReceiveCount (${MAX_RECEIVE}); its batch-mates succeed`, async () => {
    await drainDlq();
    const poison = UNTRANSLATABLE[1] as string;
    const bodies = [
      ...(await upload([join(REAL, poison), `s3://${SOURCE_BUCKET}/poison/result.json`])),
      ...(await upload([join(REAL, VPC_DIRS[0] as string), `s3://${SOURCE_BUCKET}/poison-mates/`, '--recursive'])),
    ];
    const lines: Line[] = [];
    const stats = await poll({
      sqs: lake.sqs,
      queueUrl: lake.queueUrl,
      invoke: inProcess('poison/', lines),
      visibilityTimeout: 4,
    });
    const poisonLines = lines.filter((l) => l.object === `s3://${SOURCE_BUCKET}/poison/result.json`);
    expect(poisonLines).toHaveLength(MAX_RECEIVE);
    expect(poisonLines.every((l) => l.outcome === 'failed' && l.error?.code === 'aws/no-plugin')).toBe(true);
    expect(stats.failedMessages).toBe(MAX_RECEIVE);
    expect(stats.deleted).toBe(bodies.length - 1);
    const dead = await drainDlq();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toContain('poison/result.json');
    const keys = await listKeys(lake.s3.endpoint, LAKE_BUCKET, 'poison/ext/vpc-flow/');
    expect(keys.length).toBeGreaterThan(0);
  }, 90_000);

  it('S3 answering 500 and 503 SlowDown, or slowly, is retried by the SDK and counted; the versionId is read', async () => {
    await upload([
      join(REAL, VPC_DIRS[0] as string, '01-default-format-accepted-rejected-icmp-ipv6.log'),
      `s3://${SOURCE_BUCKET}/flaky/a.log`,
    ]);
    await upload([
      join(REAL, VPC_DIRS[0] as string, '02-default-format-nodata-skipdata.log'),
      `s3://${SOURCE_BUCKET}/flaky/b.log`,
    ]);
    const lines: Line[] = [];
    const handler = inProcess('flaky/', lines, proxy.endpoint);
    proxy.add({ method: 'GET', path: /^\/raw-logs\/flaky\/a\.log/, times: 1, status: 500 });
    proxy.add({ method: 'GET', path: /^\/raw-logs\/flaky\/a\.log/, times: 1, delayMs: 300 });
    proxy.add({ method: 'PUT', path: /^\/security-lake\/flaky\//, times: 1, status: 503 });
    // b.log: three 500s in a row, more than the SDK's 3 attempts: the message fails and SQS brings it back.
    proxy.add({ method: 'GET', path: /^\/raw-logs\/flaky\/b\.log/, times: 3, status: 500 });
    const stats = await poll({ sqs: lake.sqs, queueUrl: lake.queueUrl, invoke: handler, visibilityTimeout: 4 });
    const a = lines.filter((l) => l.object === `s3://${SOURCE_BUCKET}/flaky/a.log`);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ outcome: 'translated', S3Retries: 2 });
    const b = lines.filter((l) => l.object === `s3://${SOURCE_BUCKET}/flaky/b.log`);
    expect(b.map((l) => [l.outcome, l.error?.code, l.S3Retries])).toEqual([
      ['failed', 's3/InternalError', 2],
      ['translated', undefined, 0],
    ]);
    expect(stats.failedMessages).toBe(1);
    expect(proxy.seen.filter((r) => r.action === '500')).toHaveLength(4);
    expect(proxy.seen.filter((r) => r.action === '503')).toHaveLength(1);
    expect(proxy.seen.filter((r) => r.action === 'delayed')).toHaveLength(1);

    // A versioned object named by EventBridge: GetObject asks for that version.
    const etag = 'e0b7d2c6a1f5';
    await lake.send([JSON.stringify(eventBridgeEvent(SOURCE_BUCKET, 'flaky/a.log', 100, etag, 'v-42'))]);
    const more: Line[] = [];
    await poll({ sqs: lake.sqs, queueUrl: lake.queueUrl, invoke: inProcess('flaky/', more, proxy.endpoint) });
    expect(
      proxy.seen.some(
        (r) => r.method === 'GET' && r.url.startsWith('/raw-logs/flaky/a.log?') && r.url.includes('versionId=v-42'),
      ),
    ).toBe(true);
  }, 90_000);

  it('a truncated gzip object yields its valid records and its rejects, and fails its own message only', async () => {
    await drainDlq();
    const lines = readFileSync(
      join(REAL, VPC_DIRS[0] as string, '01-default-format-accepted-rejected-icmp-ipv6.log'),
      'utf8',
    )
      .split('\n')
      .filter(Boolean);
    const [header, ...records] = lines;
    const body = [
      header,
      ...Array.from({ length: 4000 }, (_, i) =>
        i === 10 || i === 20 ? (records[0] as string).replace(/ 22 /, ' port22 ') : records[i % records.length],
      ),
    ].join('\n');
    const whole = gzipSync(body);
    const cut = join(work, 'truncated.log.gz');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const bodies = [
      ...(await upload([cut, `s3://${SOURCE_BUCKET}/truncated/flow.log.gz`])),
      ...(await upload([join(REAL, VPC_DIRS[0] as string), `s3://${SOURCE_BUCKET}/truncated-mates/`, '--recursive'])),
    ];
    const logged: Line[] = [];
    const stats = await poll({
      sqs: lake.sqs,
      queueUrl: lake.queueUrl,
      invoke: inProcess('truncated/', logged),
      maxBatches: 1,
      visibilityTimeout: 5,
    });
    expect(stats.failedMessages).toBe(1);
    const mates = logged.filter((l) => l.object?.startsWith(`s3://${SOURCE_BUCKET}/truncated-mates/`));
    // SQS delivers at least once: a batch-mate may come twice; each is translated, none fails.
    expect(new Set(mates.map((l) => l.object)).size).toBe(bodies.length - 1);
    expect(mates.every((l) => l.outcome === 'translated')).toBe(true);
    const line = logged.find((l) => l.object === `s3://${SOURCE_BUCKET}/truncated/flow.log.gz`) as Line;
    expect(line).toMatchObject({ outcome: 'failed', error: { code: 'input/truncated-gzip' } });

    let cli: Awaited<ReturnType<typeof cliTranslate>> | undefined;
    await cliTranslate([cut]).catch((err: { stdout: string; stderr: string }) => {
      cli = {
        events: err.stdout
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>),
        recordsIn: 0,
        translated: 0,
        skipped: 0,
        rejected: Number(/(\d+) rejected/.exec(err.stderr)?.[1]),
        stderr: err.stderr,
      };
    });
    expect(cli?.stderr).toMatch(/truncated/);
    const got = await download(lake.s3.endpoint, `s3://${LAKE_BUCKET}/truncated/`);
    try {
      const id = /ocsfx-[0-9a-f]{32}/.exec((line['outputs'] as string[])[0] as string)?.[0];
      const mine = got.files.filter((f) => f.startsWith('ext/') && f.includes(id as string));
      const events = mine.flatMap((f) => readJsonlGz(join(got.dir, f)));
      expect(events.length).toBeGreaterThan(1000);
      expect(canonical(events)).toEqual(canonical(cli?.events ?? []));
      const rejects = readJsonl(join(got.dir, `rejects/vpc-flow/${id}.rejects.jsonl`));
      // The two bad ports, and (as core reads a cut gzip stream) the partial line at the cut.
      expect(rejects.map((r) => (r['location'] as { line: number }).line).slice(0, 2)).toEqual([12, 22]);
      expect(rejects).toHaveLength(cli?.rejected ?? -1);
      expect(line['Rejected']).toBe(cli?.rejected);
    } finally {
      got.remove();
    }
    // Drain: the failing message is retried until the dead-letter queue takes it.
    await poll({ sqs: lake.sqs, queueUrl: lake.queueUrl, invoke: inProcess('truncated/', []), visibilityTimeout: 1 });
    expect((await drainDlq()).filter((b) => b.includes('truncated/flow.log.gz'))).toHaveLength(1);
  }, 90_000);
});

function readdir(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !f.endsWith('expected.json'))
    .map((f) => join(dir, f));
}
