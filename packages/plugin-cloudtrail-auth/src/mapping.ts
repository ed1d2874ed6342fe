/**
 * The dossier's mapping tables, one per OCSF output version: raw CloudTrail path → OCSF attribute path.
 * Rows are read in order; when several rows target the same attribute, the first one whose raw value is
 * present wins and the others stay in `unmapped` (nothing is lost). Attribute names differ between the
 * versions (`actor.user.account_uid` → `actor.user.account.uid`, `mfa` → `is_mfa`, `uuid` → `uid`/`uid_alt`),
 * each looked up in the official schema of that version.
 */
import { CATEGORY_NAMES, type ObservableSpec } from '@ocsfx/core';

/**
 * How a raw value becomes an OCSF value:
 * - `string`: taken as is; any other type rejects the record (`cloudtrail/wrong-type`).
 * - `time`: ISO 8601 → epoch ms (`timestamp_t`); a value that is not a date stays in `unmapped`.
 * - `bool`: `true`/`false` (boolean or string, any case) → boolean; anything else stays in `unmapped`.
 * - `json`: any value, for `json_t` attributes.
 * - `arnName` / `arnAccount`: the name (last segment of the resource: `user/dev/ana` → `ana`,
 *   `assumed-role/Admin/ana-session` → `ana-session`) or the 12-digit account of an ARN; a value that is
 *   not such an ARN gives nothing.
 */
export type Conversion = 'string' | 'time' | 'bool' | 'json' | 'arnName' | 'arnAccount';

export interface MappingRow {
  readonly raw: string;
  readonly ocsf: string;
  readonly as?: Conversion;
  /** Only when this raw path holds a value (an attribute whose object requires another one). */
  readonly onlyWith?: string;
  /** Not when this raw path holds a value. */
  readonly unless?: string;
}

/** Rows shared by both versions (same attribute names in 1.0.0-rc.2 and 1.1.0). */
const COMMON_HEAD: readonly MappingRow[] = [
  { raw: 'userIdentity.accessKeyId', ocsf: 'actor.user.credential_uid' },
  // Identity Center events of the newer shape name the credential here instead.
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
  { raw: 'eventSource', ocsf: 'api.service.name' },
  { raw: 'apiVersion', ocsf: 'api.version' },
  { raw: 'eventName', ocsf: 'api.operation' },
  { raw: 'requestID', ocsf: 'api.request.uid' },
  { raw: 'errorCode', ocsf: 'api.response.error' },
  { raw: 'errorMessage', ocsf: 'api.response.message' },
  { raw: 'awsRegion', ocsf: 'cloud.region' },
  { raw: 'userAgent', ocsf: 'http_request.user_agent' },
  { raw: 'eventVersion', ocsf: 'metadata.product.version' },
  { raw: 'eventID', ocsf: 'metadata.uid' },
  { raw: 'eventCategory', ocsf: 'metadata.product.feature.name' },
  { raw: 'additionalEventData.LoginTo', ocsf: 'dst_endpoint.svc_name' },
  // OCSF 1.0.0-rc.2 requires dst_endpoint (1.1.0: service or dst_endpoint): without a LoginTo URL the
  // authentication targeted the service itself (sts.amazonaws.com, signin.amazonaws.com).
  { raw: 'eventSource', ocsf: 'dst_endpoint.svc_name' },
];

const RC2_ROWS: readonly MappingRow[] = [
  ...COMMON_HEAD,
  // The account that recorded the event (the trail's owner): the caller's account differs for cross-account
  // calls and is absent for SAML and web-identity callers. Security Lake partitions by this account.
  { raw: 'recipientAccountId', ocsf: 'cloud.account_uid' },
  { raw: 'userIdentity.accountId', ocsf: 'actor.user.account_uid' },
  { raw: 'userIdentity.principalId', ocsf: 'actor.user.uid' },
  { raw: 'userIdentity.onBehalfOf.userId', ocsf: 'actor.user.uid' },
  { raw: 'userIdentity.arn', ocsf: 'actor.user.uuid' },
  { raw: 'userIdentity.sessionContext.attributes.mfaAuthenticated', ocsf: 'actor.session.mfa', as: 'bool' },
  // The authenticated identity: the role session being created (role assumption), else the caller itself.
  // The caller's principalId is not the assumed role's id, so it is used only outside role assumption.
  { raw: 'responseElements.assumedRoleUser.assumedRoleId', ocsf: 'user.uid' },
  { raw: 'userIdentity.principalId', ocsf: 'user.uid', unless: 'requestParameters.roleArn' },
  { raw: 'userIdentity.onBehalfOf.userId', ocsf: 'user.uid' },
  { raw: 'requestParameters.roleArn', ocsf: 'user.uuid' },
  { raw: 'userIdentity.arn', ocsf: 'user.uuid' },
  { raw: 'requestParameters.roleSessionName', ocsf: 'user.name' },
  { raw: 'additionalEventData.UserName', ocsf: 'user.name' },
  { raw: 'additionalEventData.MFAUsed', ocsf: 'mfa', as: 'bool' },
];

const V110_ROWS: readonly MappingRow[] = [
  ...COMMON_HEAD,
  { raw: 'recipientAccountId', ocsf: 'cloud.account.uid' },
  { raw: 'userIdentity.accountId', ocsf: 'actor.user.account.uid' },
  // 1.1.0 has no user.uuid: the ARN is the uid and the principal id its alternate (Security Lake's choice).
  { raw: 'userIdentity.arn', ocsf: 'actor.user.uid' },
  { raw: 'userIdentity.principalId', ocsf: 'actor.user.uid_alt' },
  { raw: 'userIdentity.onBehalfOf.userId', ocsf: 'actor.user.uid_alt' },
  { raw: 'userIdentity.sessionContext.attributes.mfaAuthenticated', ocsf: 'actor.session.is_mfa', as: 'bool' },
  { raw: 'requestParameters.roleArn', ocsf: 'user.uid' },
  { raw: 'userIdentity.arn', ocsf: 'user.uid' },
  { raw: 'responseElements.assumedRoleUser.assumedRoleId', ocsf: 'user.uid_alt' },
  { raw: 'userIdentity.principalId', ocsf: 'user.uid_alt', unless: 'requestParameters.roleArn' },
  { raw: 'userIdentity.onBehalfOf.userId', ocsf: 'user.uid_alt' },
  { raw: 'requestParameters.roleSessionName', ocsf: 'user.name' },
  { raw: 'additionalEventData.UserName', ocsf: 'user.name' },
  { raw: 'additionalEventData.MFAUsed', ocsf: 'is_mfa', as: 'bool' },
  { raw: 'eventType', ocsf: 'metadata.event_code' },
  // api.request requires uid: the parameters go there only beside a requestID, else to `unmapped`.
  { raw: 'requestParameters', ocsf: 'api.request.data', as: 'json', onlyWith: 'requestID' },
  { raw: 'responseElements', ocsf: 'api.response.data', as: 'json' },
];

/**
 * Rows applied only when an object would otherwise lack every identifying attribute that OCSF's
 * `at_least_one` constraint asks for (`user`: name or uid, plus account in 1.1.0). The dossier's rows
 * leave `user` empty for a console sign-in without ARN or principal id (failed or hidden user names,
 * Identity Center) and `actor.user` without a name for an AWS service caller.
 */
export interface FallbackRule {
  readonly object: string;
  readonly identifying: readonly string[];
  readonly rows: readonly MappingRow[];
  /**
   * Whether the object must exist (OCSF requires `user`). An object that must exist, or that exists, and
   * still identifies nobody after the fallback makes the record a reject (`cloudtrail/missing-identity`):
   * every real CloudTrail userIdentity names a principal, ARN, user name or invoking service. An ARN alone
   * names the user: the fallback takes the name and account from it.
   */
  readonly required: boolean;
}

const RC2_FALLBACKS: readonly FallbackRule[] = [
  {
    object: 'user',
    identifying: ['name', 'uid'],
    rows: [
      { raw: 'userIdentity.userName', ocsf: 'user.name' },
      { raw: 'userIdentity.arn', ocsf: 'user.name', as: 'arnName' },
      { raw: 'userIdentity.accountId', ocsf: 'user.account_uid' },
      { raw: 'userIdentity.arn', ocsf: 'user.account_uid', as: 'arnAccount' },
    ],
    required: true,
  },
  {
    object: 'actor.user',
    identifying: ['name', 'uid'],
    rows: [
      { raw: 'userIdentity.arn', ocsf: 'actor.user.name', as: 'arnName' },
      { raw: 'userIdentity.invokedBy', ocsf: 'actor.user.name' },
    ],
    required: false,
  },
];

const V110_FALLBACKS: readonly FallbackRule[] = [
  {
    object: 'user',
    identifying: ['account', 'name', 'uid'],
    rows: [
      { raw: 'userIdentity.userName', ocsf: 'user.name' },
      { raw: 'userIdentity.arn', ocsf: 'user.name', as: 'arnName' },
      { raw: 'userIdentity.accountId', ocsf: 'user.account.uid' },
      { raw: 'userIdentity.arn', ocsf: 'user.account.uid', as: 'arnAccount' },
    ],
    required: true,
  },
  {
    object: 'actor.user',
    identifying: ['account', 'name', 'uid'],
    rows: [
      { raw: 'userIdentity.arn', ocsf: 'actor.user.name', as: 'arnName' },
      { raw: 'userIdentity.invokedBy', ocsf: 'actor.user.name' },
    ],
    required: false,
  },
];

/** Category 3 was "Audit Activity" in 1.0.0-rc.2 and "Identity & Access Management" from 1.0.0 on. */
function categoryName(version: string): string {
  const name = CATEGORY_NAMES[version]?.[3];
  if (name === undefined) throw new Error(`no category name for OCSF ${version}`);
  return name;
}

/** Everything that differs between output versions. */
export interface VersionProfile {
  readonly version: string;
  readonly categoryName: string;
  readonly profiles: readonly string[];
  readonly rows: readonly MappingRow[];
  readonly fallbacks: readonly FallbackRule[];
  /** Timestamp attributes that get an RFC 3339 `*_dt` twin (datetime profile), or none. */
  readonly datetime: readonly string[];
  readonly observables: ObservableSpec;
}

export const VERSIONS: Readonly<Record<string, VersionProfile>> = {
  '1.0.0-rc.2': {
    version: '1.0.0-rc.2',
    categoryName: categoryName('1.0.0-rc.2'),
    // As the dossier's expected output: the cloud profile only, no `*_dt` attributes.
    profiles: ['cloud'],
    rows: RC2_ROWS,
    fallbacks: RC2_FALLBACKS,
    datetime: [],
    observables: [
      ['src_endpoint.ip', 2],
      ['actor.user.name', 4],
      ['user.name', 4],
      ['actor.user.uuid', 10],
      ['user.uuid', 10],
      ['actor.session.issuer', 10],
    ],
  },
  '1.1.0': {
    version: '1.1.0',
    categoryName: categoryName('1.1.0'),
    profiles: ['cloud', 'datetime'],
    rows: V110_ROWS,
    fallbacks: V110_FALLBACKS,
    datetime: ['time', 'actor.session.created_time'],
    observables: [
      ['src_endpoint.ip', 2],
      ['actor.user.name', 4],
      ['user.name', 4],
      ['actor.user.uid', 10],
      ['user.uid', 10],
      ['actor.session.issuer', 10],
    ],
  },
};

export const SUPPORTED_VERSIONS = Object.keys(VERSIONS);
export const DEFAULT_VERSION = '1.0.0-rc.2';
