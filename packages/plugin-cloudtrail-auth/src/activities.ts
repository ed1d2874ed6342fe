/**
 * eventName → OCSF Authentication activity. The events are core's `CLOUDTRAIL_AUTH_EVENTS`, the list
 * @ocsfx/plugin-cloudtrail skips: this table has an entry for each of them (the compiler checks it) and for
 * nothing else; every other eventName is skipped before any other work is done. Where the activity depends
 * on the OCSF version, it is a since table (first version → activity; core's `forVersion`).
 */
import {
  AUTHENTICATION_ACTIVITY,
  CLOUDTRAIL_AUTH_EVENTS,
  type CloudTrailAuthEvent,
  forVersion,
  type SinceTable,
} from '@ocsfx/core';

export const ACTIVITY = { Logon: 1, Logoff: 2, Preauth: 6, Other: 99 } as const;
export type ActivityId = (typeof ACTIVITY)[keyof typeof ACTIVITY];

/** Activity captions, from core's OCSF table (the same in every version for the ids used here). */
export const ACTIVITY_NAME: Readonly<Record<ActivityId, string>> = AUTHENTICATION_ACTIVITY;

export interface AuthEventInfo {
  activityId: ActivityId | SinceTable<ActivityId>;
  /**
   * An STS API call: CloudTrail writes an `errorCode` when it fails, so its absence means success.
   * Console and Identity Center events carry their own result instead.
   */
  apiCall: boolean;
}

/** An event's entry resolved for one OCSF version. */
export interface ResolvedAuthEvent {
  activityId: ActivityId;
  apiCall: boolean;
}

/** The activity of an event in one OCSF version. */
export function activityOf(info: AuthEventInfo, version: string): ActivityId {
  return typeof info.activityId === 'number' ? info.activityId : forVersion(info.activityId, version);
}

const logon = (apiCall: boolean): AuthEventInfo => ({ activityId: ACTIVITY.Logon, apiCall });

/**
 * Steps before the sign-in's own verdict: whether MFA is needed (CheckMfa), a request for a credential
 * (CredentialChallenge). 1.5.0's Preauth, "a preauthentication stage was engaged", describes them; before
 * it they are Other.
 */
const preauth: AuthEventInfo = {
  activityId: { '1.0.0-rc.2': ACTIVITY.Other, '1.5.0': ACTIVITY.Preauth },
  apiCall: false,
};

const ACTIVITIES: Readonly<Record<CloudTrailAuthEvent, AuthEventInfo>> = {
  // AWS Management Console (signin.amazonaws.com)
  ConsoleLogin: logon(false),
  CheckMfa: preauth,
  SwitchRole: logon(false),
  ExitRole: { activityId: ACTIVITY.Logoff, apiCall: false },
  // Renewing a console role session re-authenticates into the role: a logon, not a new kind of activity.
  RenewRole: logon(false),
  // AWS STS (sts.amazonaws.com): each call authenticates and starts a credential session.
  AssumeRole: logon(true),
  AssumeRoleWithSAML: logon(true),
  AssumeRoleWithWebIdentity: logon(true),
  GetSessionToken: logon(true),
  GetFederationToken: logon(true),
  // IAM Identity Center sign-in (signin.amazonaws.com, eventType AwsServiceEvent). The challenge asks for a
  // credential (Preauth); the verification judges one credential inside a sign-in, which no activity names
  // (Other); UserAuthentication is the sign-in itself.
  CredentialChallenge: preauth,
  CredentialVerification: { activityId: ACTIVITY.Other, apiCall: false },
  UserAuthentication: logon(false),
  ExternalIdPDirectoryLogin: logon(false),
};

/** The events this plugin translates, in core's order, each with its activity. */
export const AUTH_EVENTS: ReadonlyMap<string, AuthEventInfo> = new Map<string, AuthEventInfo>(
  CLOUDTRAIL_AUTH_EVENTS.map((name) => [name, ACTIVITIES[name]]),
);
