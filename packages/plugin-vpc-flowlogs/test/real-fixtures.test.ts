/**
 * Every VPC Flow Logs file in ../shared/fixtures/real, read by core's readers (openInput) and translated to
 * each OCSF version the plugin emits: no crash, every record accounted for, every event valid against the
 * official schema of its version (and, from 1.5.0, using no deprecated attribute), and rejects only where
 * stated below, with the reason.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type OcsfEvent, type Outcome, openInput } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, test } from 'vitest';
import plugin from '../src/index.js';
import { checkEncoder } from './helpers.js';
import { deprecatedAttributes, schemaProblems } from './validate.js';

const V2 =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V5_TAIL =
  'vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';
const ECS =
  'ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id';
const TGW =
  'version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service';

/** As a user passes it: the flow log's LogFormat (`${a} ${b}`). Field lists from fixtures/real/SOURCES.md. */
function logFormat(names: string): string {
  return names
    .split(' ')
    .map((n) => `\${${n}}`)
    .join(' ');
}

interface Case {
  file: string;
  /** `--vpc-format`, for headerless files not in the default format. */
  format?: string;
  /** Expected counts; `codes` lists every skip/reject code and how often. */
  emitted: number;
  skipped?: Record<string, number>;
  rejected?: Record<string, number>;
  /** Why a file has rejects or skips. */
  why?: string;
}

const DOCS = 'aws-docs/vpc-user-guide/flow-log-record-examples';
const ELASTIC = 'elastic-integrations/vpcflow';
const SEKOIA = 'sekoia-automation-library/AWS/tests';

const CASES: Case[] = [
  { file: `${DOCS}/01-default-format-accepted-rejected-icmp-ipv6.log`, emitted: 5 },
  // NODATA / SKIPDATA are emitted (activity Unknown) unless --skip-nodata.
  { file: `${DOCS}/02-default-format-nodata-skipdata.log`, emitted: 2 },
  { file: `${DOCS}/03-custom-v3-tcp-flag-sequence.log`, emitted: 8 },
  {
    file: `${DOCS}/04-custom-nat-gateway.log`,
    emitted: 0,
    rejected: { 'vpc/missing-time': 6 },
    why: 'the doc example format (instance-id … pkt-dstaddr) has no start or end: OCSF requires time',
  },
  {
    file: `${DOCS}/05-custom-v3-transit-gateway-path.log`,
    emitted: 0,
    rejected: { 'vpc/missing-time': 4 },
    why: 'the doc example format has no start or end: OCSF requires time',
  },
  { file: `${DOCS}/06-custom-v5-service-name-traffic-path-flow-direction.log`, emitted: 2 },
  { file: `${ELASTIC}/test-extra-samples.log`, emitted: 7 },
  { file: `${ELASTIC}/test-ecs-samples.log`, format: logFormat(`${V2} ${V5_TAIL} ${ECS}`), emitted: 10 },
  {
    file: `${ELASTIC}/test-tcp-flag-sequence.log`,
    emitted: 3,
    skipped: { 'reader/repeated-header': 2 },
    why: 'the header line is repeated before every record',
  },
  { file: `${ELASTIC}/test-tgw-samples.log`, format: logFormat(TGW), emitted: 10 },
  { file: `${ELASTIC}/test-v5-all-fields.log`, format: logFormat(`${V2} ${V5_TAIL}`), emitted: 1 },
  { file: `${ELASTIC}/test-v8-samples.log`, format: logFormat(`${V2} ${V5_TAIL} ${ECS} reject-reason`), emitted: 1 },
  // CloudWatch `{"message": "…"}`: a headerless default-format NODATA record.
  { file: `${ELASTIC}/test-with-message-field.log`, emitted: 1 },
  { file: 'grafana-loki/tools/lambda-promtail/testdata/vpcflowlog.log.gz', emitted: 3 },
  {
    file: `${SEKOIA}/connectors/s3/test_trigger_s3_flowlogs.test_data.log`,
    emitted: 4,
    skipped: { 'reader/comment': 1 },
    why: 'a `#` commented-out record (the reader skips it)',
  },
  {
    file: `${SEKOIA}/data/111111111111_vpcflowlogs_eu-west-3_fl-032a163fae170ae52_20220831T1255Z_2ad4bef5.parquet`,
    emitted: 7,
  },
  { file: `${SEKOIA}/connectors/s3/test_parquet.parquet`, emitted: 8 },
];

interface Run {
  records: number;
  events: OcsfEvent[];
  skipped: Record<string, number>;
  rejected: Record<string, number>;
  reasons: string[];
  /** Events the translator's JSON encoder wrote (each checked byte for byte against JSON.stringify). */
  encoded: number;
}

async function run(path: string, vpcFormat?: string, version = '1.1.0'): Promise<Run> {
  const translator = plugin.createTranslator({ ocsfVersion: version, options: { 'vpc-format': vpcFormat } });
  const input = await openInput(path, { text: plugin.text });
  const out: Run = { records: 0, events: [], skipped: {}, rejected: {}, reasons: [], encoded: 0 };
  const tally = { encoded: 0, refused: 0 };
  const count = (table: Record<string, number>, code: string) => {
    table[code] = (table[code] ?? 0) + 1;
  };
  for await (const batch of input.records()) {
    for (const item of batch) {
      out.records++;
      const outcome: Outcome | { kind: 'skipped' | 'rejected'; code: string; reason: string } =
        item.kind === 'issue'
          ? { kind: item.outcome, code: item.code, reason: item.reason }
          : translator.translate(item, { location: item.location, format: input.format });
      if (outcome.kind === 'emitted') {
        checkEncoder(translator, outcome, tally);
        out.events.push(...outcome.events);
      } else {
        count(outcome.kind === 'skipped' ? out.skipped : out.rejected, outcome.code);
        out.reasons.push(outcome.reason);
      }
    }
  }
  out.encoded = tally.encoded;
  return out;
}

/** Records counted independently of the readers: data lines of a text file, rows of a Parquet file. */
function independentCount(path: string, emittedPlusOthers: number): number {
  if (path.endsWith('.parquet')) return emittedPlusOthers; // row counts asserted through `emitted` (SOURCES.md)
  const bytes = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  // A first line of field names is the header, not a record.
  const first = (lines[0] ?? '').trim().split(/\s+/);
  return plugin.text.isHeader(first) ? lines.length - 1 : lines.length;
}

/** Versions whose output must use no attribute the schema deprecates (the acceptance bar of issue 17). */
const NO_DEPRECATIONS_FROM = ['1.5.0', '1.8.0'];

describe.skipIf(!hasShared).each(plugin.ocsf.versions.map((version) => ({ version })))(
  'real fixtures, OCSF $version',
  ({ version }) => {
    test('the JSON encoder writes the records of the common shape, byte for byte JSON.stringify', async () => {
      let encoded = 0;
      for (const c of CASES) encoded += (await run(shared('fixtures', 'real', c.file), c.format, version)).encoded;
      expect(encoded).toBeGreaterThan(20);
    });

    test.each(CASES)('$file', async (c) => {
      const path = shared('fixtures', 'real', c.file);
      const result = await run(path, c.format, version);
      const skipped = Object.values(result.skipped).reduce((a, b) => a + b, 0);
      const rejected = Object.values(result.rejected).reduce((a, b) => a + b, 0);

      // Accounting: every record is emitted, skipped or rejected, and the count matches the file.
      expect(result.records).toBe(result.events.length + skipped + rejected);
      expect(result.records).toBe(independentCount(path, result.records));
      expect({ emitted: result.events.length, skipped: result.skipped, rejected: result.rejected }).toEqual({
        emitted: c.emitted,
        skipped: c.skipped ?? {},
        rejected: c.rejected ?? {},
      });
      for (const event of result.events) {
        expect(event['metadata']).toMatchObject({ version });
        expect(schemaProblems(event, version)).toEqual([]);
        if (NO_DEPRECATIONS_FROM.includes(version)) expect(deprecatedAttributes(event, version)).toEqual([]);
      }
    });
  },
);

describe.skipIf(!hasShared)('real fixtures', () => {
  test('headerless custom formats without --vpc-format are rejected with advice to declare the format', async () => {
    for (const c of CASES.filter((x) => x.format !== undefined)) {
      const result = await run(shared('fixtures', 'real', c.file));
      expect(result.events).toEqual([]);
      expect(Object.keys(result.rejected)).toEqual(['vpc/unknown-format']);
      expect(result.reasons[0]).toContain('--vpc-format');
    }
  });

  test('--skip-nodata turns NODATA / SKIPDATA records into skips', async () => {
    const translator = plugin.createTranslator({ ocsfVersion: '1.1.0', options: { 'skip-nodata': true } });
    const input = await openInput(shared('fixtures', 'real', DOCS, '02-default-format-nodata-skipdata.log'), {
      text: plugin.text,
    });
    const codes: string[] = [];
    for await (const batch of input.records())
      for (const item of batch) {
        if (item.kind === 'issue') continue;
        const outcome = translator.translate(item, { location: item.location });
        if (outcome.kind === 'skipped') codes.push(outcome.code);
      }
    expect(codes).toEqual(['vpc/nodata', 'vpc/skipdata']);
  });

  test('detect scores every VPC file as VPC Flow Logs, and CloudTrail or OCSF files not', async () => {
    for (const c of CASES) {
      const input = await openInput(shared('fixtures', 'real', c.file), { text: plugin.text });
      const sample = await input.sample();
      await input.close();
      expect(plugin.detect(sample), c.file).toBeGreaterThanOrEqual(0.5);
    }
    for (const other of [
      'grafana-loki/tools/lambda-promtail/testdata/cloudtrail-log-file.json.gz',
      `${SEKOIA}/connectors/s3/test_ocsf.parquet`,
      `${SEKOIA}/connectors/s3/test_parquet_result.json`,
    ]) {
      const input = await openInput(shared('fixtures', 'real', other), { text: plugin.text });
      const sample = await input.sample();
      await input.close();
      expect(plugin.detect(sample), other).toBe(0);
    }
  });
});
