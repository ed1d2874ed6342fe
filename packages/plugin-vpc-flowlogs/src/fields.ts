/**
 * The AWS VPC Flow Logs field catalogue (flow-logs "Available fields"): every field AWS can write, the
 * flow log version that introduced it, and how its text is read. Text and CloudWatch records spell names
 * with `-` (`account-id`); CSV and Parquet deliveries with `_` (`account_id`). Both spellings resolve to
 * the same field here; outputs keep whatever spelling the input used.
 */

/**
 * How a raw value is read:
 * - `string`: kept as text (ids, names, `account-id` — which has leading zeros and may be `unknown`);
 * - `int`: a non-negative integer (version, protocol, tcp-flags, traffic-path);
 * - `port`: an integer 0–65535;
 * - `long`: a non-negative integer that may exceed 32 bits (packets, bytes, epoch seconds);
 * - `ip`: an IPv4 or IPv6 address.
 */
export type FieldType = 'string' | 'int' | 'port' | 'long' | 'ip';

export interface FieldSpec {
  /** The AWS name, `-` spelling. */
  readonly name: string;
  /** The flow log version that introduced the field. */
  readonly version: number;
  readonly type: FieldType;
}

/** In the order of the AWS table; the first 14 are the default (version 2) format, in its order. */
export const FIELDS = [
  { name: 'version', version: 2, type: 'int' },
  { name: 'account-id', version: 2, type: 'string' },
  { name: 'interface-id', version: 2, type: 'string' },
  { name: 'srcaddr', version: 2, type: 'ip' },
  { name: 'dstaddr', version: 2, type: 'ip' },
  { name: 'srcport', version: 2, type: 'port' },
  { name: 'dstport', version: 2, type: 'port' },
  { name: 'protocol', version: 2, type: 'int' },
  { name: 'packets', version: 2, type: 'long' },
  { name: 'bytes', version: 2, type: 'long' },
  { name: 'start', version: 2, type: 'long' },
  { name: 'end', version: 2, type: 'long' },
  { name: 'action', version: 2, type: 'string' },
  { name: 'log-status', version: 2, type: 'string' },
  { name: 'vpc-id', version: 3, type: 'string' },
  { name: 'subnet-id', version: 3, type: 'string' },
  { name: 'instance-id', version: 3, type: 'string' },
  { name: 'tcp-flags', version: 3, type: 'int' },
  { name: 'type', version: 3, type: 'string' },
  { name: 'pkt-srcaddr', version: 3, type: 'ip' },
  { name: 'pkt-dstaddr', version: 3, type: 'ip' },
  { name: 'region', version: 4, type: 'string' },
  { name: 'az-id', version: 4, type: 'string' },
  { name: 'sublocation-type', version: 4, type: 'string' },
  { name: 'sublocation-id', version: 4, type: 'string' },
  { name: 'pkt-src-aws-service', version: 5, type: 'string' },
  { name: 'pkt-dst-aws-service', version: 5, type: 'string' },
  { name: 'flow-direction', version: 5, type: 'string' },
  { name: 'traffic-path', version: 5, type: 'int' },
  { name: 'ecs-cluster-arn', version: 7, type: 'string' },
  { name: 'ecs-cluster-name', version: 7, type: 'string' },
  { name: 'ecs-container-instance-arn', version: 7, type: 'string' },
  { name: 'ecs-container-instance-id', version: 7, type: 'string' },
  { name: 'ecs-container-id', version: 7, type: 'string' },
  { name: 'ecs-second-container-id', version: 7, type: 'string' },
  { name: 'ecs-service-name', version: 7, type: 'string' },
  { name: 'ecs-task-definition-arn', version: 7, type: 'string' },
  { name: 'ecs-task-arn', version: 7, type: 'string' },
  { name: 'ecs-task-id', version: 7, type: 'string' },
  { name: 'reject-reason', version: 8, type: 'string' },
] as const satisfies readonly FieldSpec[];

export type FieldName = (typeof FIELDS)[number]['name'];

/** Index of a field in FIELDS: the slot its value takes in a parsed record. */
export type FieldId = number;

/** The AWS default format: the version 2 fields in table order. */
export const DEFAULT_FORMAT: readonly FieldName[] = FIELDS.filter((f) => f.version === 2).map((f) => f.name);

/** Oldest and newest flow log versions this catalogue describes. */
export const MIN_VERSION = 2;
export const MAX_VERSION = 8;

/** `account_id`, `Account-Id` → `account-id`: the catalogue key of a name in either spelling. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}

const BY_NAME: ReadonlyMap<string, FieldId> = new Map(FIELDS.map((f, i) => [f.name, i]));

/** The field a name (either spelling, any case) stands for, or undefined for a name AWS does not define. */
export function lookupField(name: string): FieldId | undefined {
  return BY_NAME.get(canonicalName(name));
}

/** The id of a catalogue field, for the mapping table and rules (resolved once, at module load). */
export function fieldId(name: FieldName): FieldId {
  return BY_NAME.get(name) as FieldId;
}

export function fieldSpec(id: FieldId): FieldSpec {
  return FIELDS[id] as FieldSpec;
}
