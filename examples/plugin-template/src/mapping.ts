/**
 * The mapping, as a table: Acme Edge Firewall field → OCSF 1.1.0 Network Activity attribute. Keep this
 * file readable side by side with the vendor's log documentation; the translator only walks it.
 */
import type { ObservableSpec } from '@ocsfx/core';

/**
 * How a raw value becomes an OCSF value. A value of the wrong kind rejects the record with a reason
 * naming the field, so nothing half-converted is emitted.
 * - `string`: any string.
 * - `ip`: an IPv4/IPv6 address.
 * - `port`: an integer 0..65535.
 * - `count`: a non-negative integer (bytes, packets).
 * - `time`: ISO 8601 → epoch milliseconds (OCSF `timestamp_t`).
 */
export type Conversion = 'string' | 'ip' | 'port' | 'count' | 'time';

export interface FieldRule {
  readonly raw: string;
  readonly ocsf: string;
  readonly as: Conversion;
  /** A record without this field is rejected. */
  readonly required?: boolean;
}

export const FIELDS: readonly FieldRule[] = [
  { raw: 'ts', ocsf: 'time', as: 'time', required: true },
  { raw: 'src', ocsf: 'src_endpoint.ip', as: 'ip', required: true },
  { raw: 'sport', ocsf: 'src_endpoint.port', as: 'port' },
  { raw: 'dst', ocsf: 'dst_endpoint.ip', as: 'ip', required: true },
  { raw: 'dport', ocsf: 'dst_endpoint.port', as: 'port' },
  { raw: 'proto', ocsf: 'connection_info.protocol_name', as: 'string' },
  { raw: 'bytes_in', ocsf: 'traffic.bytes_in', as: 'count' },
  { raw: 'bytes_out', ocsf: 'traffic.bytes_out', as: 'count' },
  { raw: 'pkts', ocsf: 'traffic.packets', as: 'count' },
  { raw: 'rule', ocsf: 'firewall_rule.name', as: 'string' },
];

/**
 * `action` decides the activity and the security-control verdict (one named rule instead of a field
 * row, because one raw value sets three attributes). `drop` is a silent deny: still action Denied, but
 * disposition Dropped rather than Blocked.
 */
export const ACTIONS = {
  allow: { activityId: 6, actionId: 1, dispositionId: 1 },
  deny: { activityId: 5, actionId: 2, dispositionId: 2 },
  drop: { activityId: 5, actionId: 2, dispositionId: 6 },
} as const satisfies Record<string, { activityId: number; actionId: number; dispositionId: number }>;

export type AcmeAction = keyof typeof ACTIONS;

/**
 * `dir` → `connection_info.direction_id`. OCSF requires a direction whenever `connection_info` is present,
 * so a record without `dir` gets 0 Unknown rather than no direction.
 */
export const DIRECTIONS = { in: 1, out: 2 } as const satisfies Record<string, number>;

/** IANA protocol numbers for the names the firewall writes. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17 };

/** Raw fields consumed by rules rather than rows; they do not go to `unmapped`. */
export const RULE_FIELDS: readonly string[] = ['log_type', 'action', 'dir'];

export const OBSERVABLES: ObservableSpec = [
  ['src_endpoint.ip', 2],
  ['dst_endpoint.ip', 2],
];

export const OCSF_VERSION = '1.1.0';
export const PRODUCT = { name: 'Edge Firewall', vendor_name: 'Acme' } as const;
