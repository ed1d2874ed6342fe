/**
 * The mapping (OCSF 1.1.0), from the ocsf/examples specification for Security Lake's Route 53 Resolver
 * query log source (`mappings/markdown/AWS/v1.1.0/Route53/`): raw field → OCSF attribute, plus the
 * conditional tables for `rcode` and the DNS Firewall action.
 */
import type { ACTION, DISPOSITION, ObservableSpec } from '@ocsfx/core';

/** How a raw value becomes an OCSF value: `string` as is (another type rejects), `port` a 0–65535 integer. */
export type Conversion = 'string' | 'port';

export interface MappingRow {
  readonly raw: string;
  readonly ocsf: string;
  readonly as?: Conversion;
}

/** Plain rows; `query_timestamp`, `query_name`, `rcode`, `answers`, `srcaddr`, `transport` and the firewall are rules. */
export const ROWS: readonly MappingRow[] = [
  { raw: 'version', ocsf: 'metadata.product.version' },
  { raw: 'account_id', ocsf: 'cloud.account.uid' },
  { raw: 'region', ocsf: 'cloud.region' },
  { raw: 'vpc_id', ocsf: 'src_endpoint.vpc_uid' },
  { raw: 'query_type', ocsf: 'query.type' },
  { raw: 'query_class', ocsf: 'query.class' },
  { raw: 'srcport', ocsf: 'src_endpoint.port', as: 'port' },
  { raw: 'srcids.instance', ocsf: 'src_endpoint.instance_uid' },
  { raw: 'srcids.resolver_endpoint', ocsf: 'dst_endpoint.instance_uid' },
  { raw: 'srcids.resolver_network_interface', ocsf: 'dst_endpoint.interface_uid' },
  { raw: 'firewall_rule_group_id', ocsf: 'firewall_rule.uid' },
];

/**
 * Route 53's response codes (DNS mnemonics, upper case) → OCSF `rcode_id`; `rcode` is then the OCSF
 * caption (the validator holds the two together). Any other code is 99 Other with Route 53's text.
 */
export const RCODE: ReadonlyMap<string, readonly [id: number, caption: string]> = new Map([
  ['NOERROR', [0, 'NoError']],
  ['FORMERR', [1, 'FormError']],
  ['SERVFAIL', [2, 'ServError']],
  ['NXDOMAIN', [3, 'NXDomain']],
  ['NOTIMP', [4, 'NotImp']],
  ['REFUSED', [5, 'Refused']],
  ['YXDOMAIN', [6, 'YXDomain']],
  ['YXRRSET', [7, 'YXRRSet']],
  ['NXRRSET', [8, 'NXRRSet']],
  ['NOTAUTH', [9, 'NotAuth']],
  ['NOTZONE', [10, 'NotZone']],
]);

/** DNS Firewall `firewall_rule_action` → `action_id` and `disposition_id` (security_control profile). */
export const FIREWALL_ACTION: ReadonlyMap<
  string,
  readonly [action: keyof typeof ACTION, disposition: keyof typeof DISPOSITION]
> = new Map([
  ['ALLOW', [1, 1]], // Allowed, Allowed
  ['BLOCK', [2, 2]], // Denied, Blocked
  ['ALERT', [1, 19]], // Allowed, Alert: the query goes through and the match is reported
]);

/** `transport` → IANA protocol number, for `connection_info.protocol_num`. */
export const PROTOCOL_NUMBER: ReadonlyMap<string, number> = new Map([
  ['UDP', 17],
  ['TCP', 6],
]);

/** Observables: hostnames, IP addresses and EC2 instance ids; answers are added per answer. */
export const OBSERVABLES: ObservableSpec = [
  ['query.hostname', 1],
  ['src_endpoint.ip', 2],
  ['src_endpoint.instance_uid', 10],
];

/**
 * OCSF versions this plugin emits, default first: the specification is for 1.1.0, and 1.5.0 and 1.8.0 take
 * the same attributes.
 */
export const OCSF_VERSIONS = ['1.1.0', '1.5.0', '1.8.0'] as const;
export const DEFAULT_VERSION = '1.1.0';
