/** fast-check generators of valid VPC flow log records: any subset of the catalogue, any order. */
import fc from 'fast-check';
import { FIELDS, type FieldName } from '../src/fields.js';

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const word = fc
  .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength: 12 })
  .filter((s) => s !== '-');
const int = (min: number, max: number) => fc.integer({ min, max }).map(String);

const VALUE: Record<FieldName, fc.Arbitrary<string>> = {
  version: fc.constantFrom('2', '3', '4', '5', '7', '8'),
  'account-id': fc.oneof(
    hex(12).map((h) => h.replace(/[a-f]/g, '0')),
    fc.constant('unknown'),
  ),
  'interface-id': hex(17).map((h) => `eni-${h}`),
  srcaddr: fc.oneof(fc.ipV4(), fc.ipV6()),
  dstaddr: fc.oneof(fc.ipV4(), fc.ipV6()),
  srcport: int(0, 65535),
  dstport: int(0, 65535),
  protocol: int(0, 255),
  packets: int(0, 2 ** 40),
  bytes: int(0, 2 ** 45),
  start: int(0, 4102444800),
  end: int(0, 4102444800),
  action: fc.constantFrom('ACCEPT', 'REJECT'),
  'log-status': fc.constantFrom('OK', 'OK', 'NODATA', 'SKIPDATA'),
  'vpc-id': hex(17).map((h) => `vpc-${h}`),
  'subnet-id': hex(17).map((h) => `subnet-${h}`),
  'instance-id': hex(17).map((h) => `i-${h}`),
  'tcp-flags': int(0, 255),
  type: fc.constantFrom('IPv4', 'IPv6', 'EFA'),
  'pkt-srcaddr': fc.oneof(fc.ipV4(), fc.ipV6()),
  'pkt-dstaddr': fc.oneof(fc.ipV4(), fc.ipV6()),
  region: fc.constantFrom('us-east-1', 'eu-west-3', 'ap-southeast-2'),
  'az-id': fc.constantFrom('use1-az1', 'euw3-az2', 'apse2-az3'),
  'sublocation-type': fc.constantFrom('wavelength', 'outpost', 'localzone'),
  'sublocation-id': word,
  'pkt-src-aws-service': fc.constantFrom('AMAZON', 'S3', 'EC2', 'CLOUDFRONT', 'ROUTE53'),
  'pkt-dst-aws-service': fc.constantFrom('AMAZON', 'S3', 'EC2', 'DYNAMODB'),
  'flow-direction': fc.constantFrom('ingress', 'egress'),
  'traffic-path': int(1, 8),
  'ecs-cluster-arn': word.map((w) => `arn:aws:ecs:us-east-1:123456789012:cluster/${w}`),
  'ecs-cluster-name': word,
  'ecs-container-instance-arn': word.map((w) => `arn:aws:ecs:us-east-1:123456789012:container-instance/${w}`),
  'ecs-container-instance-id': word,
  'ecs-container-id': word,
  'ecs-second-container-id': word,
  'ecs-service-name': word,
  'ecs-task-definition-arn': word.map((w) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${w}:1`),
  'ecs-task-arn': word.map((w) => `arn:aws:ecs:us-east-1:123456789012:task/${w}`),
  'ecs-task-id': word,
  'reject-reason': fc.constantFrom('BPA'),
};

/** A field's value, or `-` (no value) one time in six. */
function cell(name: FieldName): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: VALUE[name], weight: 5 }, { arbitrary: fc.constant('-'), weight: 1 });
}

const NAMES: FieldName[] = FIELDS.map((f) => f.name);

export interface GeneratedRecord {
  /** Field names in catalogue (default) order, and their values. */
  names: FieldName[];
  values: string[];
  /** The same fields in a random order. */
  order: number[];
  /** Spell names with `_` (CSV / Parquet) instead of `-`. */
  underscore: boolean;
}

/** A record of a random subset of fields that always holds a start time and an interface id. */
export const validRecord: fc.Arbitrary<GeneratedRecord> = fc
  .record({
    extra: fc.subarray(NAMES.filter((n) => n !== 'start' && n !== 'interface-id')),
    underscore: fc.boolean(),
    seed: fc.infiniteStream(fc.nat()),
  })
  .chain(({ extra, underscore }) => {
    const chosen = new Set<FieldName>([...extra, 'start', 'interface-id']);
    const names = NAMES.filter((n) => chosen.has(n));
    return fc
      .record({
        values: fc.tuple(...names.map((n) => (n === 'start' || n === 'interface-id' ? VALUE[n] : cell(n)))),
        order: fc.shuffledSubarray(
          names.map((_, i) => i),
          { minLength: names.length, maxLength: names.length },
        ),
      })
      .map(({ values, order }) => ({ names, values, order, underscore }));
  });

export function spell(name: string, underscore: boolean): string {
  return underscore ? name.replaceAll('-', '_') : name;
}
