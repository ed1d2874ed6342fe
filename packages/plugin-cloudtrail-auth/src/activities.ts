/**
 * eventName → OCSF Authentication activity. The keys of this table are the whole set of events the
 * plugin translates; every other eventName is skipped before any other work is done.
 */
import { AUTHENTICATION_ACTIVITY } from '@ocsfx/core';

export const ACTIVITY = { Logon: 1, Logoff: 2, Other: 99 } as const;
export type ActivityId = (typeof ACTIVITY)[keyof typeof ACTIVITY];

/** Activity captions, from core's OCSF table (identical in 1.0.0-rc.2 and 1.1.0 for the ids used here). */
export const ACTIVITY_NAME: Readonly<Record<ActivityId, string>> = AUTHENTICATION_ACTIVITY;

export interface AuthEventInfo {
  activityId: ActivityId;
  /**
   * An STS API call: CloudTrail writes an `errorCode` when it fails, so its absence means success.
   * Console and Identity Center events carry their own result instead.
   */
  apiCall: boolean;
}

const logon = (apiCall: boolean): AuthEventInfo => ({ activityId: ACTIVITY.Logon, apiCall });

export const AUTH_EVENTS: ReadonlyMap<string, AuthEventInfo> = new Map<string, AuthEventInfo>([
  // AWS Management Console (signin.amazonaws.com)
  ['ConsoleLogin', logon(false)],
  ['CheckMfa', { activityId: ACTIVITY.Other, apiCall: false }],
  ['SwitchRole', logon(false)],
  ['ExitRole', { activityId: ACTIVITY.Logoff, apiCall: false }],
  // Renewing a console role session re-authenticates into the role: a logon, not a new kind of activity.
  ['RenewRole', logon(false)],
  // AWS STS (sts.amazonaws.com): each call authenticates and starts a credential session.
  ['AssumeRole', logon(true)],
  ['AssumeRoleWithSAML', logon(true)],
  ['AssumeRoleWithWebIdentity', logon(true)],
  ['GetSessionToken', logon(true)],
  ['GetFederationToken', logon(true)],
  // IAM Identity Center sign-in (signin.amazonaws.com, eventType AwsServiceEvent). Challenge and
  // verification are steps inside one sign-in (like CheckMfa), UserAuthentication is the sign-in itself.
  ['CredentialChallenge', { activityId: ACTIVITY.Other, apiCall: false }],
  ['CredentialVerification', { activityId: ACTIVITY.Other, apiCall: false }],
  ['UserAuthentication', logon(false)],
  ['ExternalIdPDirectoryLogin', logon(false)],
]);
