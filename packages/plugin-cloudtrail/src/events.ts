/**
 * Which class and activity a CloudTrail event becomes: sign-ins are left to the authentication plugin, IAM
 * changes to a user's or role's account are Account Change (3001), every other API call is API Activity
 * (6003) with its activity taken from the verb that starts the eventName.
 */
import { CLOUDTRAIL_AUTH_EVENTS } from '@ocsfx/core';

/**
 * Sign-in and role-assumption events: Authentication (3002), translated by @ocsfx/plugin-cloudtrail-auth.
 * This plugin skips them, so with both installed each of them is translated once, by that plugin. The list
 * is core's (`CLOUDTRAIL_AUTH_EVENTS`), the one both plugins read.
 */
export const AUTHENTICATION_EVENTS: ReadonlySet<string> = new Set(CLOUDTRAIL_AUTH_EVENTS);

/** OCSF 1.1.0 Account Change activities. */
export const ACCOUNT_ACTIVITY = {
  Create: 1,
  Enable: 2,
  PasswordChange: 3,
  PasswordReset: 4,
  Disable: 5,
  Delete: 6,
  AttachPolicy: 7,
  DetachPolicy: 8,
  Other: 99,
} as const;
export type AccountActivityId = (typeof ACCOUNT_ACTIVITY)[keyof typeof ACCOUNT_ACTIVITY];

/** Whose account an IAM event changes: a user's or a role's (the `user` of the event). */
export type AccountKind = 'user' | 'role';

export interface AccountChange {
  readonly activityId: AccountActivityId;
  readonly kind: AccountKind;
  /**
   * `UpdateAccessKey` enables or disables a key by `requestParameters.status` (`Active`/`Inactive`):
   * the activity then comes from that value.
   */
  readonly byStatus?: true;
}

const A = ACCOUNT_ACTIVITY;
const user = (activityId: AccountActivityId): AccountChange => ({ activityId, kind: 'user' });
const role = (activityId: AccountActivityId): AccountChange => ({ activityId, kind: 'role' });

/**
 * IAM (`iam.amazonaws.com`) events that change an account: its existence, its credentials, its permissions
 * or its group membership. Events about other IAM objects alone (groups, managed policies, MFA devices,
 * instance profiles) change no account and stay API Activity.
 */
export const ACCOUNT_CHANGES: ReadonlyMap<string, AccountChange> = new Map<string, AccountChange>([
  ['CreateUser', user(A.Create)],
  ['DeleteUser', user(A.Delete)],
  ['UpdateUser', user(A.Other)],
  // A login profile is the user's console password: creating it enables console sign-in, deleting it
  // disables it; an administrator setting it again resets it; the user changing their own changes it.
  ['CreateLoginProfile', user(A.Enable)],
  ['DeleteLoginProfile', user(A.Disable)],
  ['UpdateLoginProfile', user(A.PasswordReset)],
  ['ChangePassword', user(A.PasswordChange)],
  ['CreateAccessKey', user(A.Other)],
  ['DeleteAccessKey', user(A.Other)],
  ['UpdateAccessKey', { activityId: A.Other, kind: 'user', byStatus: true }],
  ['EnableMFADevice', user(10 as AccountActivityId)],
  ['DeactivateMFADevice', user(11 as AccountActivityId)],
  ['AttachUserPolicy', user(A.AttachPolicy)],
  ['DetachUserPolicy', user(A.DetachPolicy)],
  ['PutUserPolicy', user(A.AttachPolicy)],
  ['DeleteUserPolicy', user(A.DetachPolicy)],
  ['PutUserPermissionsBoundary', user(A.AttachPolicy)],
  ['DeleteUserPermissionsBoundary', user(A.DetachPolicy)],
  ['AddUserToGroup', user(A.Other)],
  ['RemoveUserFromGroup', user(A.Other)],
  ['CreateRole', role(A.Create)],
  ['CreateServiceLinkedRole', role(A.Create)],
  ['DeleteRole', role(A.Delete)],
  ['DeleteServiceLinkedRole', role(A.Delete)],
  ['UpdateRole', role(A.Other)],
  ['UpdateAssumeRolePolicy', role(A.Other)],
  ['AttachRolePolicy', role(A.AttachPolicy)],
  ['DetachRolePolicy', role(A.DetachPolicy)],
  ['PutRolePolicy', role(A.AttachPolicy)],
  ['DeleteRolePolicy', role(A.DetachPolicy)],
  ['PutRolePermissionsBoundary', role(A.AttachPolicy)],
  ['DeleteRolePermissionsBoundary', role(A.DetachPolicy)],
]);

export const IAM_SOURCE = 'iam.amazonaws.com';

/** OCSF 1.1.0 API Activity activities. */
export const API_ACTIVITY = { Create: 1, Read: 2, Update: 3, Delete: 4, Other: 99 } as const;
export type ApiActivityId = (typeof API_ACTIVITY)[keyof typeof API_ACTIVITY];

const C = API_ACTIVITY.Create;
const R = API_ACTIVITY.Read;
const U = API_ACTIVITY.Update;
const D = API_ACTIVITY.Delete;

/**
 * The verb an eventName starts with (its first capitalised word) → API Activity. A verb not listed here
 * is Other, unless CloudTrail marks the call `readOnly: true` (then Read).
 */
export const VERB_ACTIVITY: ReadonlyMap<string, ApiActivityId> = new Map<string, ApiActivityId>([
  // Create: a new resource exists afterwards.
  ['Create', C],
  ['Allocate', C],
  ['Copy', C],
  ['Generate', C],
  ['Import', C],
  ['Issue', C],
  ['Launch', C],
  ['Publish', C],
  ['Register', C],
  ['Request', C],
  ['Run', C],
  ['Upload', C],
  // Read: nothing changes.
  ['Get', R],
  ['Describe', R],
  ['List', R],
  ['Head', R],
  ['Lookup', R],
  ['Search', R],
  ['Scan', R],
  ['Query', R],
  ['Select', R],
  ['Download', R],
  ['Filter', R],
  ['Preview', R],
  ['View', R],
  ['Check', R],
  ['Estimate', R],
  ['Simulate', R],
  // Update: an existing resource changes.
  ['Update', U],
  ['Modify', U],
  ['Put', U],
  ['Set', U],
  ['Change', U],
  ['Attach', U],
  ['Detach', U],
  ['Associate', U],
  ['Disassociate', U],
  ['Enable', U],
  ['Disable', U],
  ['Start', U],
  ['Stop', U],
  ['Reboot', U],
  ['Restore', U],
  ['Reset', U],
  ['Replace', U],
  ['Tag', U],
  ['Untag', U],
  ['Add', U],
  ['Authorize', U],
  ['Revoke', U],
  ['Apply', U],
  ['Edit', U],
  ['Rotate', U],
  ['Cancel', U],
  ['Accept', U],
  ['Reject', U],
  ['Assign', U],
  ['Unassign', U],
  ['Activate', U],
  ['Deactivate', U],
  // Delete: a resource is gone afterwards.
  ['Delete', D],
  ['Remove', D],
  ['Terminate', D],
  ['Release', D],
  ['Deregister', D],
  ['Purge', D],
  ['Destroy', D],
]);

/**
 * The leading verb of an eventName: `GetObject` → `Get`, `BatchGetItem` → `Get` (a batch of the same
 * call), `ListFunctions20150331` → `List`. No regular expression: this runs for every record.
 */
export function leadingVerb(eventName: string): string {
  let start = 0;
  if (eventName.startsWith('Batch') && eventName.length > 5 && isUpper(eventName.charCodeAt(5))) start = 5;
  let end = start + 1;
  while (end < eventName.length && !isUpper(eventName.charCodeAt(end)) && !isDigit(eventName.charCodeAt(end))) end++;
  return eventName.slice(start, end);
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** API Activity for an eventName: its verb's activity, else Read for a read-only call, else Other. */
export function apiActivity(eventName: string, readOnly: unknown): ApiActivityId {
  const byVerb = VERB_ACTIVITY.get(leadingVerb(eventName));
  if (byVerb !== undefined) return byVerb;
  return readOnly === true || readOnly === 'true' ? API_ACTIVITY.Read : API_ACTIVITY.Other;
}
