/**
 * The dossier's mapping table, one for every OCSF output version: raw CloudTrail path → OCSF attribute path.
 * Where the attribute differs between versions, `ocsf` (and `as`) is a since table — the first version a
 * path applies to → the path, which holds until the next key; `null` = not mapped (the value stays in
 * `unmapped`) — resolved once per translator with core's `forVersion`. Each path was looked up in that
 * version's official schema: `actor.user.account_uid` → `actor.user.account.uid` and `uuid` → `uid`/`uid_alt`
 * (1.0.0), `mfa` → `is_mfa` (1.0.0), `invoked_by` → `app_name` (deprecated in 1.2.0), `credential_uid` →
 * `programmatic_credentials` (deprecated in 1.6.0).
 *
 * Rows are read in order; when several rows target the same attribute, the first one whose raw value is
 * present wins and the others stay in `unmapped` (nothing is lost).
 *
 * Adding an OCSF version: its number in OCSF_VERSIONS, and a key in each since table below where it differs.
 */
import {
  CATEGORY_NAMES,
  type VersionRow as CoreVersionRow,
  forVersion,
  type ObservableSpec,
  rowsForVersion,
  type SinceTable,
  unsupportedVersion,
  type VersionedRow,
} from '@ocsfx/core';

export const OCSF_VERSIONS = ['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0'] as const;
/** The dossier's version (Security Lake's source version 1). */
export const DEFAULT_VERSION = '1.0.0-rc.2';

/**
 * How a raw value becomes an OCSF value:
 * - `string`: taken as is; any other type rejects the record (`cloudtrail/wrong-type`).
 * - `time`: ISO 8601 → epoch ms (`timestamp_t`); a value that is not a date stays in `unmapped`.
 * - `bool`: `true`/`false` (boolean or string, any case) → boolean; anything else stays in `unmapped`.
 * - `json`: any value, for `json_t` attributes.
 * - `arnName` / `arnAccount`: the name (last segment of the resource: `user/dev/ana` → `ana`,
 *   `assumed-role/Admin/ana-session` → `ana-session`) or the 12-digit account of an ARN; a value that is
 *   not such an ARN gives nothing.
 * - `accessKey`: an access key id → one `programmatic_credential` (`[{uid, type: "AWS Access Key"}]`).
 * - `authFactor`: a credential or MFA type AWS writes → one `auth_factor` (AUTH_FACTORS); a value the table
 *   does not know stays in `unmapped`.
 */
export type Conversion = 'string' | 'time' | 'bool' | 'json' | 'arnName' | 'arnAccount' | 'accessKey' | 'authFactor';

/**
 * A row of the table: the OCSF path, or a since table of paths (`null` = not mapped in that version), and
 * the conversion (or a since table of them); `onlyWith` / `unless` as in core's rows. Core's
 * `rowsForVersion` resolves them for one version.
 */
export type MappingRow = VersionedRow<Conversion>;

/** A mapping row as it applies to one OCSF version. */
export type VersionRow = CoreVersionRow<Conversion>;

export const MAPPING: readonly MappingRow[] = [
  {
    raw: 'userIdentity.accessKeyId',
    ocsf: { '1.0.0-rc.2': 'actor.user.credential_uid', '1.6.0': 'actor.user.programmatic_credentials' },
    as: { '1.0.0-rc.2': 'string', '1.6.0': 'accessKey' },
  },
  // Identity Center events of the newer shape name the credential here instead. It is the sign-in
  // credential, not a programmatic one, so from 1.6.0 (credential_uid deprecated) it stays in `unmapped`.
  { raw: 'userIdentity.credentialId', ocsf: { '1.0.0-rc.2': 'actor.user.credential_uid', '1.6.0': null } },
  { raw: 'userIdentity.userName', ocsf: 'actor.user.name' },
  { raw: 'additionalEventData.UserName', ocsf: 'actor.user.name' },
  { raw: 'userIdentity.type', ocsf: 'actor.user.type' },
  { raw: 'userIdentity.sessionContext.attributes.creationDate', ocsf: 'actor.session.created_time', as: 'time' },
  { raw: 'userIdentity.sessionContext.sessionIssuer.arn', ocsf: 'actor.session.issuer' },
  // The AWS service that made the call for the user (`ec2.amazonaws.com`, `AWS Internal`): the application.
  { raw: 'userIdentity.invokedBy', ocsf: { '1.0.0-rc.2': 'actor.invoked_by', '1.2.0': 'actor.app_name' } },
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
  // The account that recorded the event (the trail's owner): the caller's account differs for cross-account
  // calls and is absent for SAML and web-identity callers. Security Lake partitions by this account.
  { raw: 'recipientAccountId', ocsf: { '1.0.0-rc.2': 'cloud.account_uid', '1.1.0': 'cloud.account.uid' } },
  {
    raw: 'userIdentity.accountId',
    ocsf: { '1.0.0-rc.2': 'actor.user.account_uid', '1.1.0': 'actor.user.account.uid' },
  },
  // rc.2's user has `uid` and `uuid`; from 1.0.0 the ARN is the `uid` and the principal id its alternate
  // (Security Lake's choice).
  { raw: 'userIdentity.principalId', ocsf: { '1.0.0-rc.2': 'actor.user.uid', '1.1.0': 'actor.user.uid_alt' } },
  { raw: 'userIdentity.onBehalfOf.userId', ocsf: { '1.0.0-rc.2': 'actor.user.uid', '1.1.0': 'actor.user.uid_alt' } },
  { raw: 'userIdentity.arn', ocsf: { '1.0.0-rc.2': 'actor.user.uuid', '1.1.0': 'actor.user.uid' } },
  {
    raw: 'userIdentity.sessionContext.attributes.mfaAuthenticated',
    ocsf: { '1.0.0-rc.2': 'actor.session.mfa', '1.1.0': 'actor.session.is_mfa' },
    as: 'bool',
  },
  // The authenticated identity: the role session being created (role assumption), else the caller itself.
  // The caller's principalId is not the assumed role's id, so it is used only outside role assumption.
  {
    raw: 'responseElements.assumedRoleUser.assumedRoleId',
    ocsf: { '1.0.0-rc.2': 'user.uid', '1.1.0': 'user.uid_alt' },
  },
  {
    raw: 'userIdentity.principalId',
    ocsf: { '1.0.0-rc.2': 'user.uid', '1.1.0': 'user.uid_alt' },
    unless: 'requestParameters.roleArn',
  },
  { raw: 'userIdentity.onBehalfOf.userId', ocsf: { '1.0.0-rc.2': 'user.uid', '1.1.0': 'user.uid_alt' } },
  { raw: 'requestParameters.roleArn', ocsf: { '1.0.0-rc.2': 'user.uuid', '1.1.0': 'user.uid' } },
  { raw: 'userIdentity.arn', ocsf: { '1.0.0-rc.2': 'user.uuid', '1.1.0': 'user.uid' } },
  { raw: 'requestParameters.roleSessionName', ocsf: 'user.name' },
  { raw: 'additionalEventData.UserName', ocsf: 'user.name' },
  { raw: 'additionalEventData.MFAUsed', ocsf: { '1.0.0-rc.2': 'mfa', '1.1.0': 'is_mfa' }, as: 'bool' },
  // How the user proved who they are (1.5.0 `auth_factors`): Identity Center's credential, the console's MFA.
  {
    raw: 'additionalEventData.CredentialType',
    ocsf: { '1.0.0-rc.2': null, '1.5.0': 'auth_factors' },
    as: 'authFactor',
  },
  { raw: 'additionalEventData.MfaType', ocsf: { '1.0.0-rc.2': null, '1.5.0': 'auth_factors' }, as: 'authFactor' },
  { raw: 'eventType', ocsf: { '1.0.0-rc.2': null, '1.1.0': 'metadata.event_code' } },
  // api.request requires uid: the parameters go there only beside a requestID, else to `unmapped`.
  {
    raw: 'requestParameters',
    ocsf: { '1.0.0-rc.2': null, '1.1.0': 'api.request.data' },
    as: 'json',
    onlyWith: 'requestID',
  },
  { raw: 'responseElements', ocsf: { '1.0.0-rc.2': null, '1.1.0': 'api.response.data' }, as: 'json' },
];

/**
 * `auth_factor.factor_type_id` (1.5.0) of the credential and MFA types CloudTrail writes: Identity Center's
 * `additionalEventData.CredentialType` and the console's `additionalEventData.MfaType`. A virtual MFA device
 * is a TOTP app. `EXTERNAL_IDP` (the IdP authenticated) and `Multiple MFA Devices` name no one factor and
 * stay in `unmapped`.
 */
export const AUTH_FACTORS: Readonly<Record<string, { id: number; caption: string; totp?: true }>> = {
  PASSWORD: { id: 11, caption: 'Password' },
  TOTP: { id: 7, caption: 'OTP', totp: true },
  WEBAUTHN: { id: 10, caption: 'WebAuthn' },
  // A smart card has no factor type of its own in OCSF: Other, with AWS's name as the caption.
  SMARTCARD: { id: 99, caption: 'SMARTCARD' },
  'Virtual MFA': { id: 7, caption: 'OTP', totp: true },
  'U2F MFA': { id: 9, caption: 'U2F' },
  'Hardware MFA': { id: 6, caption: 'Hardware Token' },
};

/**
 * Rows applied only when an object would otherwise lack every identifying attribute that OCSF's
 * `at_least_one` constraint asks for (`user`: name or uid, plus account from 1.1.0). The dossier's rows
 * leave `user` empty for a console sign-in without ARN or principal id (failed or hidden user names,
 * Identity Center) and `actor.user` without a name for an AWS service caller.
 */
export interface FallbackRule {
  readonly object: string;
  readonly identifying: SinceTable<readonly string[]>;
  readonly rows: readonly MappingRow[];
  /**
   * Whether the object must exist (OCSF requires `user`). An object that must exist, or that exists, and
   * still identifies nobody after the fallback makes the record a reject (`cloudtrail/missing-identity`):
   * every real CloudTrail userIdentity names a principal, ARN, user name or invoking service. An ARN alone
   * names the user: the fallback takes the name and account from it.
   */
  readonly required: boolean;
}

const IDENTIFYING: SinceTable<readonly string[]> = {
  '1.0.0-rc.2': ['name', 'uid'],
  '1.1.0': ['account', 'name', 'uid'],
};
const USER_ACCOUNT: SinceTable<string> = { '1.0.0-rc.2': 'user.account_uid', '1.1.0': 'user.account.uid' };

export const FALLBACKS: readonly FallbackRule[] = [
  {
    object: 'user',
    identifying: IDENTIFYING,
    rows: [
      { raw: 'userIdentity.userName', ocsf: 'user.name' },
      { raw: 'userIdentity.arn', ocsf: 'user.name', as: 'arnName' },
      { raw: 'userIdentity.accountId', ocsf: USER_ACCOUNT },
      { raw: 'userIdentity.arn', ocsf: USER_ACCOUNT, as: 'arnAccount' },
    ],
    required: true,
  },
  {
    object: 'actor.user',
    identifying: IDENTIFYING,
    rows: [
      { raw: 'userIdentity.arn', ocsf: 'actor.user.name', as: 'arnName' },
      { raw: 'userIdentity.invokedBy', ocsf: 'actor.user.name' },
    ],
    required: false,
  },
  // An actor holding only an identity provider names nobody (the actor's at_least_one constraint): the
  // record is then a missing-identity reject. Real userIdentity blocks always carry a type or principal.
  {
    object: 'actor',
    identifying: { '1.0.0-rc.2': ['process', 'user', 'invoked_by', 'session', 'app_name', 'app_uid'] },
    rows: [],
    required: false,
  },
];

/** Everything else that differs between output versions, as since tables. */
export const BY_VERSION = {
  /** As the dossier's rc.2 sample: the cloud profile only, no `*_dt` attributes. */
  profiles: { '1.0.0-rc.2': ['cloud'], '1.1.0': ['cloud', 'datetime'] },
  /** Timestamp attributes that get an RFC 3339 `*_dt` twin (datetime profile). */
  datetime: { '1.0.0-rc.2': [], '1.1.0': ['time', 'actor.session.created_time'] },
  /** The user ARN is `uuid` in rc.2 and `uid` from 1.0.0: the Resource UID observables follow it. */
  observables: {
    '1.0.0-rc.2': [
      ['src_endpoint.ip', 2],
      ['actor.user.name', 4],
      ['user.name', 4],
      ['actor.user.uuid', 10],
      ['user.uuid', 10],
      ['actor.session.issuer', 10],
    ],
    '1.1.0': [
      ['src_endpoint.ip', 2],
      ['actor.user.name', 4],
      ['user.name', 4],
      ['actor.user.uid', 10],
      ['user.uid', 10],
      ['actor.session.issuer', 10],
    ],
  },
  /**
   * OCSF's `at_least_one` for a network endpoint: rc.2 does not count `uid` (a VPC endpoint id alone names
   * no endpoint there); 1.1.0 adds `uid` and `name`, 1.5.0 `domain`.
   */
  endpointIdentifying: {
    '1.0.0-rc.2': ['hostname', 'ip', 'svc_name', 'instance_uid', 'interface_name', 'interface_uid'],
    '1.1.0': ['ip', 'uid', 'name', 'hostname', 'svc_name', 'instance_uid', 'interface_uid', 'interface_name'],
    '1.5.0': ['ip', 'uid', 'name', 'hostname', 'svc_name', 'instance_uid', 'interface_uid', 'interface_name', 'domain'],
  },
  /** `metadata.log_source` (the input file) and `log_format` (its format), from 1.8.0. */
  logSource: { '1.0.0-rc.2': false, '1.8.0': true },
} as const satisfies Record<string, SinceTable<unknown>>;

/** Category 3 was "Audit Activity" in 1.0.0-rc.2 and "Identity & Access Management" from 1.0.0 on. */
function categoryName(version: string): string {
  const name = CATEGORY_NAMES[version]?.[3];
  if (name === undefined) throw new Error(`no category name for OCSF ${version}`);
  return name;
}

/** A fallback rule as it applies to one OCSF version. */
export interface VersionFallback {
  readonly object: string;
  readonly identifying: readonly string[];
  readonly rows: readonly VersionRow[];
  readonly required: boolean;
}

/** The mapping resolved for one output version: what the translator reads. */
export interface VersionProfile {
  readonly version: string;
  readonly categoryName: string;
  readonly profiles: readonly string[];
  readonly rows: readonly VersionRow[];
  readonly fallbacks: readonly VersionFallback[];
  readonly datetime: readonly string[];
  readonly observables: ObservableSpec;
  readonly logSource: boolean;
  /** The attributes of which an endpoint must hold at least one (OCSF's constraint in this version). */
  readonly endpointIdentifying: readonly string[];
}

export function profileFor(version: string): VersionProfile {
  if (!(OCSF_VERSIONS as readonly string[]).includes(version)) {
    throw unsupportedVersion('cloudtrail-auth', version, OCSF_VERSIONS);
  }
  return {
    version,
    categoryName: categoryName(version),
    profiles: forVersion<readonly string[]>(BY_VERSION.profiles, version),
    rows: rowsForVersion(MAPPING, version),
    fallbacks: FALLBACKS.map((f) => ({
      object: f.object,
      identifying: forVersion(f.identifying, version),
      rows: rowsForVersion(f.rows, version),
      required: f.required,
    })),
    datetime: forVersion<readonly string[]>(BY_VERSION.datetime, version),
    observables: forVersion(BY_VERSION.observables, version) as ObservableSpec,
    logSource: forVersion<boolean>(BY_VERSION.logSource, version),
    endpointIdentifying: forVersion<readonly string[]>(BY_VERSION.endpointIdentifying, version),
  };
}
