import type { InputSample } from '../plugin/types.js';

/**
 * Cheap signatures of AWS log families and the plugin package that translates each, so that a CLI
 * without the right plugin can tell the user what to install. This is a hint table, not a registry:
 * detection proper is each plugin's own `detect()`.
 */
export interface KnownSource {
  name: string;
  packageName: string;
  matches(sample: InputSample): boolean;
}

const CLOUDTRAIL_KEYS = ['"eventVersion"', '"eventSource"', '"eventName"'];
const ROUTE53_KEYS = ['"query_name"', '"query_type"', '"srcaddr"'];
const VPC_HEADER_FIELDS = ['srcaddr', 'dstaddr', 'interface-id', 'interface_id', 'log-status', 'log_status'];

export const KNOWN_SOURCES: readonly KnownSource[] = [
  {
    name: 'AWS CloudTrail',
    packageName: '@ocsfx/plugin-cloudtrail-auth',
    matches: (s) => s.format === 'json' && CLOUDTRAIL_KEYS.every((k) => s.head.includes(k)),
  },
  {
    name: 'Amazon Route 53 Resolver query logs',
    packageName: '@ocsfx/plugin-route53-resolver',
    matches: (s) => s.format === 'json' && ROUTE53_KEYS.every((k) => s.head.includes(k)),
  },
  {
    name: 'Amazon VPC Flow Logs',
    packageName: '@ocsfx/plugin-vpc-flowlogs',
    matches: (s) => {
      if (s.format === 'json') return false;
      const firstRow = s.records.find((r) => r.kind === 'row');
      if (firstRow?.kind === 'row' && firstRow.columns) {
        return firstRow.columns.filter((c) => VPC_HEADER_FIELDS.includes(c)).length >= 2;
      }
      // Headerless default v2 records: "2 <account> eni-… <ip> <ip> …"
      return /^2 \d{12} eni-[0-9a-f]+ /m.test(s.head);
    },
  },
];

/** The known source a sample looks like, if any. */
export function suggestSource(sample: InputSample): KnownSource | undefined {
  return KNOWN_SOURCES.find((k) => k.matches(sample));
}
