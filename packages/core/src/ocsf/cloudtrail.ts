/**
 * CloudTrail's sign-in and role-assumption events: the records OCSF calls Authentication (3002).
 *
 * Two plugins read CloudTrail. `@ocsfx/plugin-cloudtrail-auth` translates exactly these events and skips every
 * other one; `@ocsfx/plugin-cloudtrail` skips exactly these and translates every other one (API Activity,
 * Account Change). With both installed, each record of a trail is therefore translated once. The list lives
 * here, once, so the two plugins cannot disagree about it.
 */
export const CLOUDTRAIL_AUTH_EVENTS = [
  // AWS Management Console (signin.amazonaws.com)
  'ConsoleLogin',
  'CheckMfa',
  'SwitchRole',
  'ExitRole',
  'RenewRole',
  // AWS STS (sts.amazonaws.com)
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  // IAM Identity Center sign-in (signin.amazonaws.com, eventType AwsServiceEvent)
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
  'ExternalIdPDirectoryLogin',
] as const;

/** The eventName of a CloudTrail sign-in or role-assumption event. */
export type CloudTrailAuthEvent = (typeof CLOUDTRAIL_AUTH_EVENTS)[number];

const AUTH_EVENT_SET: ReadonlySet<string> = new Set(CLOUDTRAIL_AUTH_EVENTS);

/** Whether a CloudTrail `eventName` is a sign-in or role assumption (case-sensitive, as CloudTrail writes it). */
export function isCloudTrailAuthEvent(eventName: string): eventName is CloudTrailAuthEvent {
  return AUTH_EVENT_SET.has(eventName);
}
