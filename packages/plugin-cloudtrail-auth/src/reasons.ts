/** Stable reason codes for skipped and rejected records (group stats and rejects by these). */
export const REASON = {
  /** Skipped: a CloudTrail event that is not a sign-in or role assumption. */
  notAuthentication: 'cloudtrail/not-authentication',
  /** Skipped: a CloudTrail Insights event. */
  insight: 'cloudtrail/insight',
  /** Skipped: a CloudTrail digest file (integrity validation), not an event. */
  digest: 'cloudtrail/digest',
  /** Rejected: a text/CSV/Parquet row; CloudTrail is JSON. */
  notJson: 'cloudtrail/not-json',
  /** Rejected: a JSON value that is not an object. */
  notObject: 'cloudtrail/not-an-object',
  /** Rejected: an object without eventName (and not an Insights event or digest). */
  missingEventName: 'cloudtrail/missing-event-name',
  /** Rejected: an authentication event without eventTime. */
  missingEventTime: 'cloudtrail/missing-event-time',
  /** Rejected: an authentication event whose eventTime is not a date-time. */
  invalidEventTime: 'cloudtrail/invalid-event-time',
  /** Rejected: an authentication event that identifies no user (OCSF requires `user`). */
  missingIdentity: 'cloudtrail/missing-identity',
  /** Rejected: an authentication event without eventSource (nor LoginTo): no target endpoint or service. */
  missingEventSource: 'cloudtrail/missing-event-source',
  /** Rejected: a value longer than an OCSF string attribute holds (65,535 characters). */
  valueTooLong: 'cloudtrail/value-too-long',
  /** Rejected: a field the mapping reads has the wrong JSON type. */
  wrongType: 'cloudtrail/wrong-type',
} as const;
export type ReasonCode = (typeof REASON)[keyof typeof REASON];
