/** Stable reason codes for skipped and rejected records (group stats and rejects by these). */
export const REASON = {
  /** Skipped: a sign-in or role assumption, which @ocsfx/plugin-cloudtrail-auth translates (Authentication). */
  authentication: 'cloudtrail/authentication',
  /** Skipped: a CloudTrail digest file (log file integrity validation), not an event. */
  digest: 'cloudtrail/digest',
  /** Rejected: a CloudTrail Insights event, a summary of unusual API activity with no OCSF class here. */
  insight: 'cloudtrail/insight',
  /** Rejected: a text/CSV/Parquet row; CloudTrail is JSON. */
  notJson: 'cloudtrail/not-json',
  /** Rejected: a JSON value that is not an object. */
  notObject: 'cloudtrail/not-an-object',
  /** Rejected: an object without eventName (and not an Insights event or a digest). */
  missingEventName: 'cloudtrail/missing-event-name',
  /** Rejected: an event without eventTime. */
  missingEventTime: 'cloudtrail/missing-event-time',
  /** Rejected: an event whose eventTime is not a date-time. */
  invalidEventTime: 'cloudtrail/invalid-event-time',
  /** Rejected: an event that names no caller (OCSF requires `actor`) or, for an account change, no account. */
  missingIdentity: 'cloudtrail/missing-identity',
  /** Rejected: an event with neither sourceIPAddress, vpcEndpointId nor an invoking service (OCSF requires `src_endpoint`). */
  missingSource: 'cloudtrail/missing-source',
  /** Rejected: a value longer than an OCSF string attribute holds (65,535 characters). */
  valueTooLong: 'cloudtrail/value-too-long',
  /** Rejected: a field the mapping reads has the wrong JSON type. */
  wrongType: 'cloudtrail/wrong-type',
} as const;
export type ReasonCode = (typeof REASON)[keyof typeof REASON];
