/**
 * Deterministic VPC Flow Logs data: the 29 fields of the AWS default version 5 field set (versions 2–5
 * in the AWS table's order), as S3 delivers them — space-separated text with a header line (plain or
 * gzip), and Parquet with AWS's underscore column names and types.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { fileWriter, ParquetWriter } from 'hyparquet-writer';
import { createRandom } from './prng.mjs';

/** [text name, Parquet type] — Parquet names are the text names with `_` for `-`. */
export const V5_FIELDS = [
  ['version', 'INT32'],
  ['account-id', 'STRING'],
  ['interface-id', 'STRING'],
  ['srcaddr', 'STRING'],
  ['dstaddr', 'STRING'],
  ['srcport', 'INT32'],
  ['dstport', 'INT32'],
  ['protocol', 'INT32'],
  ['packets', 'INT64'],
  ['bytes', 'INT64'],
  ['start', 'INT64'],
  ['end', 'INT64'],
  ['action', 'STRING'],
  ['log-status', 'STRING'],
  ['vpc-id', 'STRING'],
  ['subnet-id', 'STRING'],
  ['instance-id', 'STRING'],
  ['tcp-flags', 'INT32'],
  ['type', 'STRING'],
  ['pkt-srcaddr', 'STRING'],
  ['pkt-dstaddr', 'STRING'],
  ['region', 'STRING'],
  ['az-id', 'STRING'],
  ['sublocation-type', 'STRING'],
  ['sublocation-id', 'STRING'],
  ['pkt-src-aws-service', 'STRING'],
  ['pkt-dst-aws-service', 'STRING'],
  ['flow-direction', 'STRING'],
  ['traffic-path', 'INT32'],
];

export const VPC_HEADER = V5_FIELDS.map(([name]) => name).join(' ');

const REGIONS = [
  ['us-east-1', 'use1-az'],
  ['eu-west-1', 'euw1-az'],
  ['ap-southeast-2', 'apse2-az'],
];
const SERVICES = ['AMAZON', 'S3', 'EC2', 'DYNAMODB', 'ROUTE53', 'CLOUDFRONT'];
const WELL_KNOWN_PORTS = [443, 443, 443, 80, 22, 53, 123, 3306, 5432, 6379, 8080, 9200];

/**
 * A stream of flow records as arrays of values in `V5_FIELDS` order; `null` is a field AWS writes as `-`.
 * Interfaces (with their account, VPC, subnet, instance, region) are drawn from a fixed pool, as in a
 * real account: ~1% NODATA/SKIPDATA, ~15% REJECT, TCP/UDP/ICMP, some IPv6, some NAT (pkt-* differing).
 */
export function* vpcRecords(count, seed = 5) {
  const r = createRandom(seed);
  const accounts = ['123456789012', '210987654321', '098765432109'];
  const interfaces = Array.from({ length: 64 }, () => {
    const [region, az] = r.pick(REGIONS);
    return {
      account: r.pick(accounts),
      eni: `eni-${r.hex(17)}`,
      vpc: `vpc-${r.hex(17)}`,
      subnet: `subnet-${r.hex(17)}`,
      instance: r.chance(0.8) ? `i-${r.hex(17)}` : null,
      ip: `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`,
      ip6: `2600:1f18:${r.hex(4)}:${r.hex(4)}::${r.hex(3)}`,
      region,
      az: `${az}${r.int(1, 6)}`,
    };
  });
  let start = 1_732_435_200;
  for (let i = 0; i < count; i++) {
    const eni = r.pick(interfaces);
    if (r.chance(0.3)) start += 1;
    const end = start + r.int(1, 60);
    const status = r.chance(0.01) ? r.pick(['NODATA', 'NODATA', 'SKIPDATA']) : 'OK';
    if (status !== 'OK') {
      // NODATA/SKIPDATA: only the interface, the times and the status are set.
      yield [
        5,
        eni.account,
        eni.eni,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        start,
        end,
        null,
        status,
        eni.vpc,
        eni.subnet,
        eni.instance,
        null,
        null,
        null,
        null,
        eni.region,
        eni.az,
        null,
        null,
        null,
        null,
        null,
        null,
      ];
      continue;
    }
    const ingress = r.chance(0.5);
    const v6 = r.chance(0.05);
    const remote = v6
      ? `2001:db8:${r.hex(4)}::${r.hex(4)}`
      : `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
    const local = v6 ? eni.ip6 : eni.ip;
    const protocol = r.chance(0.8) ? 6 : r.chance(0.8) ? 17 : v6 ? 58 : 1;
    const servicePort = protocol === 6 || protocol === 17 ? r.pick(WELL_KNOWN_PORTS) : 0;
    const ephemeral = protocol === 6 || protocol === 17 ? r.int(1024, 65535) : 0;
    const src = ingress ? remote : local;
    const dst = ingress ? local : remote;
    const reject = r.chance(0.15);
    const packets = reject ? r.int(1, 3) : r.int(1, 5000);
    const nat = !ingress && r.chance(0.1);
    const service = r.chance(0.2) ? r.pick(SERVICES) : null;
    yield [
      5,
      eni.account,
      eni.eni,
      src,
      dst,
      ingress ? ephemeral : servicePort,
      ingress ? servicePort : ephemeral,
      protocol,
      packets,
      packets * r.int(40, 1500),
      start,
      end,
      reject ? 'REJECT' : 'ACCEPT',
      status,
      eni.vpc,
      eni.subnet,
      eni.instance,
      protocol === 6 ? r.pick([2, 3, 18, 19, 1, 4]) : 0,
      v6 ? 'IPv6' : 'IPv4',
      nat ? `100.64.${r.int(0, 255)}.${r.int(1, 254)}` : src,
      dst,
      eni.region,
      eni.az,
      null,
      null,
      ingress ? service : null,
      ingress ? null : service,
      ingress ? 'ingress' : 'egress',
      reject ? null : r.int(1, 8),
    ];
  }
}

/** One record as its text line (without the newline). */
export function vpcLine(record) {
  let line = record[0] === null ? '-' : String(record[0]);
  for (let i = 1; i < record.length; i++) {
    const v = record[i];
    line += v === null ? ' -' : ` ${v}`;
  }
  return line;
}

/** Writes blocks of text to `path` (gzip when `gzip`), waiting for the stream to drain. */
async function writeBlocks(path, blocks, gzip) {
  const file = createWriteStream(path);
  const out = gzip ? createGzip({ level: 6 }) : file;
  if (gzip) out.pipe(file);
  for (const block of blocks) {
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(file, 'close');
}

function* vpcTextBlocks(count, seed) {
  yield `${VPC_HEADER}\n`;
  let lines = [];
  for (const record of vpcRecords(count, seed)) {
    lines.push(vpcLine(record));
    if (lines.length === 10_000) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/** Writes `count` records as S3-style text with a header line; gzip when the path ends in `.gz`. */
export function writeVpcText(path, count, seed = 5) {
  return writeBlocks(path, vpcTextBlocks(count, seed), path.endsWith('.gz'));
}

/**
 * Writes `count` records as Parquet (SNAPPY, as AWS writes them), one row group per 100k rows, generating
 * and writing one row group at a time so 2M rows never sit in memory at once.
 */
export function writeVpcParquet(path, count, seed = 5) {
  const schema = [
    { name: 'schema', num_children: V5_FIELDS.length },
    ...V5_FIELDS.map(([name, type]) => ({
      name: name.replaceAll('-', '_'),
      ...(type === 'STRING' ? { type: 'BYTE_ARRAY', converted_type: 'UTF8' } : { type }),
      repetition_type: 'OPTIONAL',
    })),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(path), schema, codec: 'SNAPPY' });
  const groupRows = 100_000;
  let columns = V5_FIELDS.map(() => []);
  const flush = () => {
    writer.write({
      columnData: V5_FIELDS.map(([name, type], i) => ({
        name: name.replaceAll('-', '_'),
        data: type === 'INT64' ? columns[i].map((v) => (v === null ? null : BigInt(v))) : columns[i],
      })),
      rowGroupSize: groupRows,
    });
    columns = V5_FIELDS.map(() => []);
  };
  for (const record of vpcRecords(count, seed)) {
    for (let i = 0; i < record.length; i++) columns[i].push(record[i]);
    if (columns[0].length === groupRows) flush();
  }
  if (columns[0].length > 0) flush();
  writer.finish();
}
