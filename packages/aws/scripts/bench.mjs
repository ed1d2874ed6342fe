#!/usr/bin/env node
// Scale benchmark (not a test): 1, 2 and 4 concurrent handler processes, each polling one SQS queue as
// Lambda's event source mapping does, over OBJECTS gzip VPC Flow Log objects in s3rver, on loopback. Prints
// objects/s and MB/s per process, the CLI's MB/s over the same files, and a Lambda sizing and cost table
// derived from the measured GB-seconds per GB.
// Usage: pnpm --filter @ocsfx/aws bench [-- --objects 100 --records 20000 --format parquet|jsonl]
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';

const { values } = parseArgs({
  options: {
    objects: { type: 'string', default: '100' },
    records: { type: 'string', default: '20000' },
    format: { type: 'string', default: 'parquet' },
  },
});
const FORMAT = values.format === 'jsonl' ? 'jsonl' : 'parquet';
const OBJECTS = Number(values.objects);
const RECORDS = Number(values.records);
const CONCURRENCY = [1, 2, 4];
const here = new URL('..', import.meta.url).pathname;
const cliBin = join(here, '..', '..', 'apps', 'cli', 'bin', 'ocsfx.js');

// Assumptions of the cost table (us-east-1 list prices, December 2026).
const MEMORY_GB = 1.769; // 1,769 MB: one full vCPU, what one benchmark process uses
const PRICE_GB_S = 0.0000133334; // Lambda arm64, per GB-second (first tier)
const PRICE_REQUEST = 0.2 / 1e6; // Lambda, per invocation
const PRICE_S3_GET = 0.0004 / 1000;
const PRICE_S3_PUT = 0.005 / 1000;
const PRICE_SQS = 0.4 / 1e6; // per request (send, receive, delete; 64 KiB chunks)
const OBJECT_MB = 10; // uncompressed MB per log object (a busy account's 5-minute flow log file)
const PUTS_PER_OBJECT = 2; // output file(s) per partition; rejects only when there are rejects

const env = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
};
Object.assign(process.env, env);

function flowLog(n) {
  const lines = [
    'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
  ];
  for (let i = 0; i < RECORDS; i++) {
    const t = 1700000000 + n * 600 + (i % 600);
    lines.push(
      `2 123456789010 eni-0${(n % 16).toString(16)}35b8ca123456789 10.0.${i % 250}.${(i * 7) % 250} 172.31.${n % 250}.${i % 200} ${1024 + (i % 60000)} ${i % 5 ? 443 : 22} 6 ${1 + (i % 40)} ${60 + i} ${t} ${t + 60} ${i % 9 ? 'ACCEPT' : 'REJECT'} OK`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'ocsfx-bench-'));
const s3dir = join(work, 's3');
const s3rver = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: s3dir,
  configureBuckets: [
    { name: 'raw', configs: [] },
    { name: 'lake', configs: [] },
  ],
});
let sqsServer;
try {
  const { port } = await s3rver.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  sqsServer = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const sqsEndpoint = `http://127.0.0.1:${sqsServer.address().port}`;
  const s3 = new S3Client({ endpoint: s3Endpoint, forcePathStyle: true });
  const sqs = new SQSClient({ endpoint: sqsEndpoint });

  console.log(`handler output: ${FORMAT}`);
  console.log(`generating ${OBJECTS} objects of ${RECORDS} VPC flow log records (gzip) …`);
  const files = [];
  let rawBytes = 0;
  let gzBytes = 0;
  for (let n = 0; n < OBJECTS; n++) {
    const text = flowLog(n);
    const gz = gzipSync(text);
    rawBytes += Buffer.byteLength(text);
    gzBytes += gz.length;
    const file = join(work, `flow-${n}.log.gz`);
    writeFileSync(file, gz);
    files.push(file);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'raw',
        Key: `AWSLogs/123456789010/vpcflowlogs/us-east-1/flow-${n}.log.gz`,
        Body: gz,
      }),
    );
  }
  const ratio = rawBytes / gzBytes;
  console.log(
    `  ${(rawBytes / 1e6).toFixed(1)} MB of text, ${(gzBytes / 1e6).toFixed(1)} MB gzip (${ratio.toFixed(1)}:1)`,
  );

  const rows = [];
  for (const procs of CONCURRENCY) {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${procs}` }));
    for (let n = 0; n < OBJECTS; n += 10) {
      const entries = [];
      for (let k = n; k < Math.min(OBJECTS, n + 10); k++) {
        const key = `AWSLogs/123456789010/vpcflowlogs/us-east-1/flow-${k}.log.gz`;
        const body = {
          Records: [
            { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'raw' }, object: { key } } },
          ],
        };
        entries.push({ Id: String(k), MessageBody: JSON.stringify(body) });
      }
      await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
    }
    const started = performance.now();
    const results = await Promise.all(
      Array.from(
        { length: procs },
        () =>
          new Promise((resolve, reject) => {
            const child = spawn(
              process.execPath,
              ['--no-warnings', join(here, 'scripts', 'bench-worker.mjs'), QueueUrl, sqsEndpoint],
              {
                env: {
                  ...process.env,
                  AWS_ENDPOINT_URL_S3: s3Endpoint,
                  OCSFX_S3_FORCE_PATH_STYLE: 'true',
                  OCSFX_OUTPUT_BUCKET: 'lake',
                  OCSFX_OUTPUT_PREFIX: `c${procs}/`,
                  OCSFX_SOURCE_NAME: '4001=vpc-flow,3002=cloudtrail-auth',
                  OCSFX_PLUGINS: 'vpc-flowlogs',
                  OCSFX_FORMAT: FORMAT,
                },
                stdio: ['ignore', 'pipe', 'inherit'],
              },
            );
            let out = '';
            child.stdout.on('data', (c) => {
              out += c;
            });
            child.on('close', (code) =>
              code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop())) : reject(new Error(`worker exit ${code}`)),
            );
          }),
      ),
    );
    const wall = (performance.now() - started) / 1000;
    const objects = results.reduce((n, r) => n + r.objects, 0);
    const failed = results.reduce((n, r) => n + r.failed, 0);
    // Per process: its objects' bytes over the time its handler spent on them.
    const perProc = results.map((r) => ({
      objPerS: r.objects / (r.handlerMs / 1000),
      gzMBps: r.bytesIn / 1e6 / (r.handlerMs / 1000),
    }));
    const avg = (k) => perProc.reduce((n, p) => n + p[k], 0) / perProc.length;
    rows.push({
      procs,
      objects,
      failed,
      wall,
      objPerS: avg('objPerS'),
      gzMBps: avg('gzMBps'),
      textMBps: avg('gzMBps') * ratio,
      totalObjPerS: objects / wall,
    });
    console.log(
      `  ${procs} process${procs > 1 ? 'es' : ''}: ${objects} objects (${failed} failed) in ${wall.toFixed(1)} s; per process ${avg('objPerS').toFixed(1)} objects/s, ${avg('gzMBps').toFixed(2)} MB/s gzip = ${(avg('gzMBps') * ratio).toFixed(1)} MB/s text`,
    );
  }

  // The CLI on the same files, one job: its MB/s per process.
  const cliOut = join(work, 'cli-out');
  const t0 = performance.now();
  await run(process.execPath, [cliBin, 'translate', ...files, '--jobs', '1', '-q', '-o', `${cliOut}/`], {
    cwd: here,
    maxBuffer: 1 << 26,
  });
  const cliSecs = (performance.now() - t0) / 1000;
  const cliText = rawBytes / 1e6 / cliSecs;
  // The handler writes Parquet; the CLI the same events as JSONL: both are reported.
  const t1 = performance.now();
  await run(
    process.execPath,
    [
      cliBin,
      'translate',
      ...files,
      '--jobs',
      '1',
      '-q',
      '-f',
      'parquet',
      '--layout',
      'security-lake',
      '--source-name',
      'vpc-flow',
      '-o',
      `${cliOut}-pq/`,
    ],
    { cwd: here, maxBuffer: 1 << 26 },
  );
  const cliPqSecs = (performance.now() - t1) / 1000;
  const cliPqText = rawBytes / 1e6 / cliPqSecs;
  console.log(
    `  CLI, 1 job, same files: JSONL ${cliText.toFixed(1)} MB/s text, Parquet ${cliPqText.toFixed(1)} MB/s text (incl. its start)`,
  );

  const one = rows[0];
  const gbSecondsPerGb = (MEMORY_GB * 1000) / one.textMBps;
  console.log(
    `\nmeasured: ${gbSecondsPerGb.toFixed(0)} GB-s per GB of log text at ${MEMORY_GB * 1000} MB (1 vCPU), ${one.textMBps.toFixed(1)} MB/s per function\n`,
  );
  console.log(
    '| TB/day (text) | average concurrency | peak (×3) | GB-s/day | Lambda $/day | S3+SQS requests $/day | total $/month |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const tb of [1, 10, 100]) {
    const mbPerS = (tb * 1e6) / 86400;
    const concurrency = mbPerS / one.textMBps;
    const gbs = tb * 1000 * gbSecondsPerGb;
    const objects = (tb * 1e6) / OBJECT_MB;
    const lambda = gbs * PRICE_GB_S + (objects / 10) * PRICE_REQUEST;
    const requests = objects * (PRICE_S3_GET + PUTS_PER_OBJECT * PRICE_S3_PUT + 3 * PRICE_SQS);
    console.log(
      `| ${tb} | ${concurrency.toFixed(1)} | ${Math.ceil(concurrency * 3)} | ${Math.round(gbs).toLocaleString('en-US')} | ${lambda.toFixed(2)} | ${requests.toFixed(2)} | ${((lambda + requests) * 30).toFixed(0)} |`,
    );
  }
  console.log(
    `\nassumptions: arm64 Lambda $${PRICE_GB_S}/GB-s and $0.20 per million invocations (batches of 10), ${MEMORY_GB * 1000} MB functions; S3 GET $0.0004/1000, PUT $0.005/1000 (${PUTS_PER_OBJECT} per object), SQS $0.40 per million (3 per message); ${OBJECT_MB} MB text per object; this machine's per-process speed taken as one Lambda vCPU's. Not included: S3 storage, data transfer (none within a region), CloudWatch Logs (~1 line per object), Security Lake's own charges.`,
  );
} finally {
  await s3rver.close().catch(() => {});
  await new Promise((r) => (sqsServer ? sqsServer.close(r) : r()));
  rmSync(work, { recursive: true, force: true });
}
