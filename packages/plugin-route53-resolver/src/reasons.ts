/** Stable reason codes for rejected records (group stats and rejects by these). */
export const REASON = {
  /** A text/CSV/Parquet row; query logs are JSON. */
  notJson: 'route53/not-json',
  /** A JSON value that is not an object. */
  notObject: 'route53/not-an-object',
  /** An object with none of a query log's fields (query_name, query_timestamp, srcaddr). */
  notQueryLog: 'route53/not-a-query-log',
  /** A query log record without query_name: OCSF's `query` needs the hostname. */
  missingQueryName: 'route53/missing-query-name',
  /** query_name is not a hostname OCSF's hostname_t accepts (`_dmarc.example.com`, an empty name). */
  invalidQueryName: 'route53/invalid-query-name',
  /** A record without query_timestamp. */
  missingTimestamp: 'route53/missing-timestamp',
  /** query_timestamp is not an ISO 8601 date-time. */
  invalidTimestamp: 'route53/invalid-timestamp',
  /** A record without srcaddr or srcids (OCSF requires `src_endpoint`). */
  missingSource: 'route53/missing-source',
  /** srcaddr is not an IP address. */
  invalidAddress: 'route53/invalid-address',
  /** srcport is not a port number (0–65535). */
  invalidPort: 'route53/invalid-port',
  /** A value longer than an OCSF string attribute holds (65,535 characters). */
  valueTooLong: 'route53/value-too-long',
  /** A field the mapping reads has the wrong JSON type. */
  wrongType: 'route53/wrong-type',
} as const;
export type ReasonCode = (typeof REASON)[keyof typeof REASON];
