/**
 * The mapping tables (OCSF 1.1.0): raw CloudTrail path → OCSF attribute path, from the ocsf/examples
 * specifications for Security Lake's CloudTrail source (API Activity, Account Change). Rows are read in
 * order; when several target one attribute, the first present value wins and the others stay in
 * `unmapped` (nothing is lost).
 *
 * Where a later OCSF version deprecates an attribute, the row's `ocsf` (and `as`) is a since table: the
 * first version a path applies to → the path (`null`: not mapped, the value stays in `unmapped`), resolved
 * once per translator (core's `rowsForVersion`). As in @ocsfx/plugin-cloudtrail-auth: `actor.invoked_by` → `actor.app_name`
 * (deprecated in 1.2.0), `credential_uid` → `programmatic_credentials` (deprecated in 1.6.0).
 */
import {
  type MappingRow,
  type ObservableSpec,
  type RowConversion,
  type SinceTable,
  type VersionedRow,
  WRONG_TYPE,
} from '@ocsfx/core';
import type { AccountKind } from './events.js';

/** An access key id → one `programmatic_credential` (1.6.0+); any other JSON type rejects the record. */
const accessKey: RowConversion = (value) =>
  typeof value === 'string' ? [{ uid: value, type: 'AWS Access Key' }] : WRONG_TYPE;

/** The access key id of the caller or of the changed user: `credential_uid` until 1.6.0 deprecates it. */
const credentialRow = (raw: string, object: string): VersionedRow => ({
  raw,
  ocsf: { '1.1.0': `${object}.credential_uid`, '1.6.0': `${object}.programmatic_credentials` },
  as: { '1.1.0': 'string', '1.6.0': accessKey },
});

/** Where `userIdentity.invokedBy` goes: `actor.invoked_by` until 1.2.0 deprecates it for `app_name`. */
export const INVOKED_BY: SinceTable<string> = { '1.1.0': 'actor.invoked_by', '1.2.0': 'actor.app_name' };

/**
 * The caller, row for row as @ocsfx/plugin-cloudtrail-auth derives `actor` for OCSF 1.1.0, so one person
 * looks the same in Authentication, API Activity and Account Change events (a test holds the two plugins
 * to it over every real CloudTrail record).
 */
export const ACTOR_ROWS: readonly VersionedRow[] = [
  credentialRow('userIdentity.accessKeyId', 'actor.user'),
  // Identity Center's sign-in credential, not a programmatic one: from 1.6.0 it stays in `unmapped`.
  { raw: 'userIdentity.credentialId', ocsf: { '1.1.0': 'actor.user.credential_uid', '1.6.0': null } },
  { raw: 'userIdentity.userName', ocsf: 'actor.user.name' },
  { raw: 'additionalEventData.UserName', ocsf: 'actor.user.name' },
  { raw: 'userIdentity.type', ocsf: 'actor.user.type' },
  { raw: 'userIdentity.sessionContext.attributes.creationDate', ocsf: 'actor.session.created_time', as: 'time' },
  { raw: 'userIdentity.sessionContext.sessionIssuer.arn', ocsf: 'actor.session.issuer' },
  // The AWS service that made the call for the caller (`ec2.amazonaws.com`, `AWS Internal`): the application.
  { raw: 'userIdentity.invokedBy', ocsf: INVOKED_BY },
  { raw: 'userIdentity.webIdFederationData.federatedProvider', ocsf: 'actor.idp.name' },
  { raw: 'userIdentity.identityProvider', ocsf: 'actor.idp.name' },
  { raw: 'vpcEndpointId', ocsf: 'src_endpoint.uid' },
  { raw: 'userIdentity.accountId', ocsf: 'actor.user.account.uid' },
  // 1.1.0 has no user.uuid: the ARN is the uid and the principal id its alternate (Security Lake's choice).
  { raw: 'userIdentity.arn', ocsf: 'actor.user.uid' },
  { raw: 'userIdentity.principalId', ocsf: 'actor.user.uid_alt' },
  { raw: 'userIdentity.onBehalfOf.userId', ocsf: 'actor.user.uid_alt' },
  { raw: 'userIdentity.sessionContext.attributes.mfaAuthenticated', ocsf: 'actor.session.is_mfa', as: 'bool' },
];

/** An AWS service calling on its own has only `invokedBy`: it names `actor.user` (OCSF wants a name). */
export const ACTOR_FALLBACK: readonly MappingRow[] = [{ raw: 'userIdentity.invokedBy', ocsf: 'actor.user.name' }];

/** The call itself, the same for both classes. */
export const API_ROWS: readonly MappingRow[] = [
  { raw: 'eventSource', ocsf: 'api.service.name' },
  { raw: 'apiVersion', ocsf: 'api.version' },
  { raw: 'eventName', ocsf: 'api.operation' },
  { raw: 'requestID', ocsf: 'api.request.uid' },
  { raw: 'errorCode', ocsf: 'api.response.error' },
  { raw: 'errorMessage', ocsf: 'api.response.message' },
  { raw: 'awsRegion', ocsf: 'cloud.region' },
  // The account the event was recorded for (the spec leaves it in `unmapped`; OCSF has a place for it).
  { raw: 'recipientAccountId', ocsf: 'cloud.account.uid' },
  { raw: 'userAgent', ocsf: 'http_request.user_agent' },
  { raw: 'eventVersion', ocsf: 'metadata.product.version' },
  { raw: 'eventID', ocsf: 'metadata.uid' },
  { raw: 'eventCategory', ocsf: 'metadata.product.feature.name' },
  { raw: 'eventType', ocsf: 'metadata.event_code' },
  // api.request requires uid: the parameters go there only beside a requestID, else to `unmapped`.
  { raw: 'requestParameters', ocsf: 'api.request.data', as: 'json', onlyWith: 'requestID' },
  { raw: 'responseElements', ocsf: 'api.response.data', as: 'json' },
];

/**
 * Account Change: the account the event changes (`user`, required) and the policy it attaches or
 * detaches. Named in the request (`userName`, `roleName`), described in the response of a create; without
 * a name in the request the call changes the caller's own account (ChangePassword, CreateAccessKey).
 */
export const TARGET_ROWS: Readonly<Record<AccountKind, readonly VersionedRow[]>> = {
  user: [
    { raw: 'requestParameters.userName', ocsf: 'user.name' },
    { raw: 'responseElements.user.userName', ocsf: 'user.name' },
    { raw: 'responseElements.user.arn', ocsf: 'user.uid' },
    { raw: 'responseElements.user.userId', ocsf: 'user.uid_alt' },
    { raw: 'responseElements.accessKey.userName', ocsf: 'user.name' },
    credentialRow('responseElements.accessKey.accessKeyId', 'user'),
    credentialRow('requestParameters.accessKeyId', 'user'),
  ],
  role: [
    { raw: 'requestParameters.roleName', ocsf: 'user.name' },
    { raw: 'responseElements.role.roleName', ocsf: 'user.name' },
    { raw: 'responseElements.role.arn', ocsf: 'user.uid' },
    { raw: 'responseElements.role.roleId', ocsf: 'user.uid_alt' },
  ],
};

/** The caller as the changed account, when the request names no other. */
export const SELF_TARGET_ROWS: readonly MappingRow[] = [
  { raw: 'userIdentity.userName', ocsf: 'user.name' },
  { raw: 'userIdentity.arn', ocsf: 'user.uid' },
  { raw: 'userIdentity.principalId', ocsf: 'user.uid_alt' },
  { raw: 'userIdentity.type', ocsf: 'user.type' },
];

/**
 * The account of the changed user or role, and the policy an Attach/Detach/Put/Delete…Policy call names:
 * these rows fill `policy`, which from 1.4.0 (where `policy` is deprecated) becomes the one element of
 * `policies` (`POLICIES`).
 */
export const ACCOUNT_ROWS: readonly MappingRow[] = [
  // IAM is global to an account: the changed user or role lives in the account the event was recorded for.
  { raw: 'recipientAccountId', ocsf: 'user.account.uid' },
  { raw: 'userIdentity.accountId', ocsf: 'user.account.uid' },
  { raw: 'requestParameters.policyArn', ocsf: 'policy.uid' },
  { raw: 'requestParameters.permissionsBoundary', ocsf: 'policy.uid' },
  { raw: 'requestParameters.policyName', ocsf: 'policy.name' },
];

/** Whether the policy is written as `policies: [policy]` (from 1.4.0, which deprecates `policy`). */
export const POLICIES: SinceTable<boolean> = { '1.1.0': false, '1.4.0': true };

/**
 * Observables: IP addresses, user names and ARNs (Resource UID). `resources[].uid` is added per resource,
 * and `policies[].uid` per policy where `policies` replaces `policy.uid`.
 */
export const OBSERVABLES: ObservableSpec = [
  ['src_endpoint.ip', 2],
  ['actor.user.name', 4],
  ['user.name', 4],
  ['actor.user.uid', 10],
  ['user.uid', 10],
  ['actor.session.issuer', 10],
  ['policy.uid', 10],
];

/** Timestamp attributes that get an RFC 3339 `*_dt` twin (datetime profile). */
export const DATETIME: readonly string[] = ['time', 'actor.session.created_time'];

export const PROFILES: readonly string[] = ['cloud', 'datetime'];
