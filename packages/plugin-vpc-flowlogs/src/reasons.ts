/** Stable reason codes of this plugin's rejects and skips (grouped by code in stats and tests). */
export const REASON = {
  /** No header and no `--vpc-format`, and the record is not in the AWS default format. */
  unknownFormat: 'vpc/unknown-format',
  /** A header or declared format names the same field twice. */
  duplicateField: 'vpc/duplicate-field',
  /** The record has another number of fields than its header or format. */
  fieldCount: 'vpc/field-count',
  invalidNumber: 'vpc/invalid-number',
  invalidPort: 'vpc/invalid-port',
  invalidAddress: 'vpc/invalid-address',
  invalidTime: 'vpc/invalid-time',
  invalidAction: 'vpc/invalid-action',
  invalidLogStatus: 'vpc/invalid-log-status',
  invalidFlowDirection: 'vpc/invalid-flow-direction',
  invalidTrafficPath: 'vpc/invalid-traffic-path',
  /** Neither `start` nor `end`: OCSF requires `time`. */
  missingTime: 'vpc/missing-time',
  /** Nothing names the source or the destination: OCSF requires both endpoints. */
  missingEndpoint: 'vpc/missing-endpoint',
  /** A text field longer than an OCSF string holds (65,535 characters). */
  valueTooLong: 'vpc/value-too-long',
  /** A JSON value, not a flow log record. */
  notARecord: 'vpc/not-a-record',
  /** NODATA / SKIPDATA records: emitted tagged with these codes (counted apart), or skipped with `--skip-nodata`. */
  nodata: 'vpc/nodata',
  skipdata: 'vpc/skipdata',
} as const;

export type ReasonCode = (typeof REASON)[keyof typeof REASON];
