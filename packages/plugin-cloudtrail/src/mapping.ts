/**
 * The mapping tables (OCSF 1.1.0): raw CloudTrail path → OCSF attribute path, from the ocsf/examples
 * specifications for Security Lake's CloudTrail source (API Activity, Account Change). Rows are read in
 * order; when several target one attribute, the first present value wins and the others stay in
 * `unmapped` (nothing is lost).
 */
import type { MappingRow, ObservableSpec } from '@ocsfx/core';
import type { AccountKind } from './events.js';

/**
 * The caller, row for row as @ocsfx/plugin-cloudtrail-auth derives `actor` for OCSF 1.1.0, so one person
 * looks the same in Authentication, API Activity and Account Change events (a test holds the two plugins
 * to it over every real CloudTrail record).
 */
export const ACTOR_ROWS: readonly MappingRow[] = [
  { raw: 'userIdentity.accessKeyId', ocsf: 'actor.user.credential_uid' },
  { raw: 'userIdentity.credentialId', ocsf: 'actor.user.credential_uid' },
  { raw: 'userIdentity.userName', ocsf: 'actor.user.name' },
  { raw: 'additionalEventData.UserName', ocsf: 'actor.user.name' },
  { raw: 'userIdentity.type', ocsf: 'actor.user.type' },
  { raw: 'userIdentity.sessionContext.attributes.creationDate', ocsf: 'actor.session.created_time', as: 'time' },
  { raw: 'userIdentity.sessionContext.sessionIssuer.arn', ocsf: 'actor.session.issuer' },
  { raw: 'userIdentity.invokedBy', ocsf: 'actor.invoked_by' },
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
export const TARGET_ROWS: Readonly<Record<AccountKind, readonly MappingRow[]>> = {
  user: [
    { raw: 'requestParameters.userName', ocsf: 'user.name' },
    { raw: 'responseElements.user.userName', ocsf: 'user.name' },
    { raw: 'responseElements.user.arn', ocsf: 'user.uid' },
    { raw: 'responseElements.user.userId', ocsf: 'user.uid_alt' },
    { raw: 'responseElements.accessKey.userName', ocsf: 'user.name' },
    { raw: 'responseElements.accessKey.accessKeyId', ocsf: 'user.credential_uid' },
    { raw: 'requestParameters.accessKeyId', ocsf: 'user.credential_uid' },
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

export const ACCOUNT_ROWS: readonly MappingRow[] = [
  // IAM is global to an account: the changed user or role lives in the account the event was recorded for.
  { raw: 'recipientAccountId', ocsf: 'user.account.uid' },
  { raw: 'userIdentity.accountId', ocsf: 'user.account.uid' },
  { raw: 'requestParameters.policyArn', ocsf: 'policy.uid' },
  { raw: 'requestParameters.permissionsBoundary', ocsf: 'policy.uid' },
  { raw: 'requestParameters.policyName', ocsf: 'policy.name' },
];

/** Observables: IP addresses, user names and ARNs (Resource UID). `resources[].uid` is added per resource. */
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
