/**
 * The translator: picks the class (sign-ins are skipped for the authentication plugin, IAM account changes
 * are Account Change, everything else API Activity), applies the mapping tables and the named rules.
 */
import {
  applyRows,
  buildObservables,
  CATEGORY_NAMES,
  type CompiledRow,
  compileRows,
  forVersion,
  getPath,
  type JsonObjectRejects,
  jsonObjectTranslator,
  type Observable,
  type Outcome,
  overlongString,
  parseIsoTime,
  prune,
  rowsForVersion,
  setPath,
  type Translator,
  toRfc3339,
  typeName,
  typeUid,
  unmappedFrom,
} from '@ocsfx/core';
import {
  ACCOUNT_ACTIVITY,
  ACCOUNT_CHANGES,
  type AccountActivityId,
  type AccountChange,
  AUTHENTICATION_EVENTS,
  apiActivity,
  IAM_SOURCE,
} from './events.js';
import {
  ACCOUNT_ROWS,
  ACTOR_FALLBACK,
  ACTOR_ROWS,
  API_ROWS,
  DATETIME,
  INVOKED_BY,
  OBSERVABLES,
  POLICIES,
  PROFILES,
  SELF_TARGET_ROWS,
  TARGET_ROWS,
} from './mapping.js';
import { REASON } from './reasons.js';
import { type OcsfDraft, type RawEvent, resourcesRule, srcEndpointRule, statusRule } from './rules.js';

/**
 * OCSF versions this plugin emits, default first. The mapping specifications are for 1.1.0; 1.5.0 and 1.8.0
 * take the same attributes but for those their schemas deprecate, written as the replacement the schema
 * names (mapping.ts; see the README).
 */
export const OCSF_VERSIONS = ['1.1.0', '1.5.0', '1.8.0'] as const;
export const DEFAULT_VERSION = '1.1.0';

/** json_t attributes: free-form values, not OCSF strings. */
const FREE_FORM: ReadonlySet<string> = new Set(['api.request.data', 'api.response.data']);

/** Activity captions of the two classes (the same in 1.1.0, 1.5.0 and 1.8.0 for these ids). */
const API_ACTIVITY_NAME: Readonly<Record<number, string>> = {
  1: 'Create',
  2: 'Read',
  3: 'Update',
  4: 'Delete',
  99: 'Other',
};
const ACCOUNT_ACTIVITY_NAME: Readonly<Record<number, string>> = {
  1: 'Create',
  2: 'Enable',
  3: 'Password Change',
  4: 'Password Reset',
  5: 'Disable',
  6: 'Delete',
  7: 'Attach Policy',
  8: 'Detach Policy',
  9: 'Lock',
  10: 'MFA Factor Enable',
  11: 'MFA Factor Disable',
  99: 'Other',
};

interface ClassInfo {
  readonly classUid: number;
  readonly className: string;
  readonly categoryUid: number;
  readonly categoryName: string;
  readonly activityNames: Readonly<Record<number, string>>;
}

/** The mapping rows of one output version, compiled once per translator. */
interface CompiledRows {
  readonly actor: readonly CompiledRow[];
  readonly actorFallback: readonly CompiledRow[];
  readonly api: readonly CompiledRow[];
  readonly user: readonly CompiledRow[];
  readonly role: readonly CompiledRow[];
  readonly self: readonly CompiledRow[];
  readonly account: readonly CompiledRow[];
}

/** What differs between output versions: the version, the category captions, the deprecated attributes. */
interface VersionInfo {
  readonly version: string;
  readonly api: ClassInfo;
  readonly account: ClassInfo;
  readonly rows: CompiledRows;
  /** `actor.invoked_by`, or `actor.app_name` where the schema deprecates the former. */
  readonly invokedBy: string;
  /** `policies: [policy]` instead of `policy`. */
  readonly policies: boolean;
}

function versionInfo(version: string): VersionInfo {
  return {
    version,
    rows: {
      actor: compileRows(rowsForVersion(ACTOR_ROWS, version)),
      actorFallback: compileRows(ACTOR_FALLBACK),
      api: compileRows(API_ROWS),
      user: compileRows(rowsForVersion(TARGET_ROWS.user, version)),
      role: compileRows(rowsForVersion(TARGET_ROWS.role, version)),
      self: compileRows(SELF_TARGET_ROWS),
      account: compileRows(ACCOUNT_ROWS),
    },
    invokedBy: forVersion(INVOKED_BY, version),
    policies: forVersion(POLICIES, version),
    api: {
      classUid: 6003,
      className: 'API Activity',
      categoryUid: 6,
      categoryName: categoryName(version, 6),
      activityNames: API_ACTIVITY_NAME,
    },
    account: {
      classUid: 3001,
      className: 'Account Change',
      categoryUid: 3,
      categoryName: categoryName(version, 3),
      activityNames: ACCOUNT_ACTIVITY_NAME,
    },
  };
}

function categoryName(version: string, uid: number): string {
  const name = CATEGORY_NAMES[version]?.[uid];
  if (name === undefined) throw new Error(`no category ${uid} in OCSF ${version}`);
  return name;
}

// Outcomes without per-record data are shared, frozen objects.
const SKIP_AUTH: Outcome = Object.freeze({
  kind: 'skipped',
  code: REASON.authentication,
  reason: 'a sign-in or role assumption: OCSF Authentication, translated by @ocsfx/plugin-cloudtrail-auth',
});
const SKIP_DIGEST: Outcome = Object.freeze({
  kind: 'skipped',
  code: REASON.digest,
  reason: 'CloudTrail digest file (log file integrity validation), not an event',
});
const REJECT_INSIGHT: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.insight,
  reason:
    'CloudTrail Insights event (unusual API call or error rate): a summary of many calls, not an API call; no OCSF class is mapped for it',
  field: 'eventType',
});
const REJECTS: JsonObjectRejects = {
  notJson: {
    code: REASON.notJson,
    reason:
      'CloudTrail records are JSON; this record came from a text, CSV or Parquet reader (try --input-format json)',
  },
  notObject: { code: REASON.notObject, reason: 'a CloudTrail event is a JSON object; this record is not one' },
};
const REJECT_NO_NAME: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingEventName,
  reason: 'the record has no eventName, so it is not a CloudTrail event',
  field: 'eventName',
});
const REJECT_NO_TIME: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingEventTime,
  reason: 'the event has no eventTime',
  field: 'eventTime',
});
const REJECT_NO_ACTOR: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingIdentity,
  reason: 'the event names no caller (userIdentity has no principalId, arn, userName, accountId or invokedBy)',
  field: 'userIdentity',
});
const REJECT_NO_USER: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingIdentity,
  reason: 'the account change names no account (no user or role in the request or response, no recipientAccountId)',
  field: 'requestParameters',
});
const REJECT_NO_SOURCE: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingSource,
  reason: 'the event has no sourceIPAddress, vpcEndpointId or invoking service: the call has no source',
  field: 'sourceIPAddress',
});

export function createTranslator(version: string): Translator {
  const info = versionInfo(version);
  return jsonObjectTranslator(REJECTS, (raw: RawEvent) => {
    const eventName = raw.eventName;
    if (typeof eventName !== 'string' || eventName === '') return classifyNameless(raw, eventName);
    if (AUTHENTICATION_EVENTS.has(eventName)) return SKIP_AUTH;
    const change = raw.eventSource === IAM_SOURCE ? ACCOUNT_CHANGES.get(eventName) : undefined;
    return translateEvent(raw, eventName, change, info);
  });
}

/** Records without a string eventName: Insights events and digest files are CloudTrail, not errors. */
function classifyNameless(raw: RawEvent, eventName: unknown): Outcome {
  if (raw.eventType === 'AwsCloudTrailInsight' || raw.eventCategory === 'Insight') return REJECT_INSIGHT;
  if ('digestStartTime' in raw && 'awsAccountId' in raw) return SKIP_DIGEST;
  if (eventName === undefined || eventName === null || eventName === '') return REJECT_NO_NAME;
  return wrongType('eventName', eventName);
}

function translateEvent(
  raw: RawEvent,
  eventName: string,
  change: AccountChange | undefined,
  info: VersionInfo,
): Outcome {
  // CloudTrail exported through Logstash/Elastic carries the time only as `@timestamp`.
  let timeField = 'eventTime';
  let eventTime = raw.eventTime;
  if ((eventTime === undefined || eventTime === null) && typeof raw['@timestamp'] === 'string') {
    timeField = '@timestamp';
    eventTime = raw['@timestamp'];
  }
  if (eventTime === undefined || eventTime === null) return REJECT_NO_TIME;
  if (typeof eventTime !== 'string') return wrongType('eventTime', eventTime);
  const time = parseIsoTime(eventTime);
  if (time === undefined) {
    return {
      kind: 'rejected',
      code: REASON.invalidEventTime,
      reason: `${timeField} ${JSON.stringify(eventTime)} is not an ISO 8601 date-time`,
      field: timeField,
    };
  }

  const cls = change === undefined ? info.api : info.account;
  const activityId = change === undefined ? apiActivity(eventName, raw.readOnly) : accountActivity(raw, change);
  const event = baseEvent(cls, activityId, time, info.version);
  const consumed = new Set<string>([timeField]);

  const rows = info.rows;
  const problem =
    apply(raw, rows.actor, event, consumed) ??
    apply(raw, rows.api, event, consumed) ??
    (lacksIdentity(getPath(event, 'actor.user'), true) ? apply(raw, rows.actorFallback, event, consumed) : undefined);
  if (problem !== undefined) return problem;
  const actorUser = getPath(event, 'actor.user');
  if (actorUser !== undefined && lacksIdentity(actorUser, false)) return REJECT_NO_ACTOR;
  srcEndpointRule(raw, event, consumed);
  const invokedBy = getPath(event, info.invokedBy);
  if (getPath(event, 'src_endpoint') === undefined && typeof invokedBy === 'string') {
    // A service acting on its own behalf (AwsServiceEvent without sourceIPAddress) is its own source.
    setPath(event, 'src_endpoint.svc_name', invokedBy);
  }
  statusRule(raw, event);

  if (change === undefined) {
    if (getPath(event, 'actor') === undefined) return REJECT_NO_ACTOR;
    if (getPath(event, 'src_endpoint') === undefined) return REJECT_NO_SOURCE;
    resourcesRule(raw, event, consumed);
  } else {
    const targetProblem = applyTarget(raw, change, rows, event, consumed);
    if (targetProblem !== undefined) return targetProblem;
    if (lacksIdentity(getPath(event, 'user'), true)) return REJECT_NO_USER;
    if (info.policies && event.policy !== undefined) {
      event.policies = [event.policy];
      event.policy = undefined;
    }
  }

  for (const path of DATETIME) {
    const ms = getPath(event, path);
    if (typeof ms === 'number') setPath(event, `${path}_dt`, toRfc3339(ms));
  }
  const overlong = overlongString(event, FREE_FORM);
  if (overlong !== undefined) {
    return {
      kind: 'rejected',
      code: REASON.valueTooLong,
      reason: `${overlong.path} would hold ${overlong.length} characters; an OCSF string holds at most 65535`,
    };
  }
  const unmapped = unmappedFrom(raw, consumed);
  if (unmapped !== undefined) event.unmapped = unmapped;

  const out = prune(event) ?? {};
  const observables = buildObservables(out, OBSERVABLES);
  addUidObservables(out, 'resources', observables);
  addUidObservables(out, 'policies', observables);
  if (observables.length > 0) out.observables = observables;
  return { kind: 'emitted', events: [out] };
}

/** `UpdateAccessKey` enables or disables a key; every other account change has one activity. */
function accountActivity(raw: RawEvent, change: AccountChange): AccountActivityId {
  if (change.byStatus === undefined) return change.activityId;
  const params = raw.requestParameters as Record<string, unknown> | null | undefined;
  const status = params !== null && typeof params === 'object' ? params.status : undefined;
  if (status === 'Active') return ACCOUNT_ACTIVITY.Enable;
  if (status === 'Inactive') return ACCOUNT_ACTIVITY.Disable;
  return change.activityId;
}

/**
 * `user`: the user or role the request names (else the caller, for calls on one's own account), its
 * account, its group for group membership changes, and `policy` for policy changes.
 */
function applyTarget(
  raw: RawEvent,
  change: AccountChange,
  rows: CompiledRows,
  event: OcsfDraft,
  consumed: Set<string>,
): Outcome | undefined {
  const problem = apply(raw, change.kind === 'user' ? rows.user : rows.role, event, consumed);
  if (problem !== undefined) return problem;
  const named = getPath(event, 'user.name') !== undefined || getPath(event, 'user.uid') !== undefined;
  if (named) {
    setPath(event, 'user.type', change.kind === 'user' ? 'IAMUser' : 'Role');
  } else {
    const selfProblem = apply(raw, rows.self, event, consumed);
    if (selfProblem !== undefined) return selfProblem;
  }
  const params = raw.requestParameters;
  const groupName =
    params !== null && typeof params === 'object' ? (params as Record<string, unknown>).groupName : undefined;
  if (typeof groupName === 'string' && groupName !== '') {
    setPath(event, 'user.groups', [{ name: groupName }]);
    consumed.add('requestParameters.groupName');
  }
  return apply(raw, rows.account, event, consumed);
}

/** An object that would break OCSF's `at_least_one` for `user` (account, name or uid). */
function lacksIdentity(user: unknown, absentCounts: boolean): boolean {
  if (user === undefined || user === null || typeof user !== 'object') return absentCounts;
  const u = user as Record<string, unknown>;
  return u.account === undefined && u.name === undefined && u.uid === undefined;
}

/** One Resource UID observable per element of `event[key]` that has a `uid` (`resources[].uid`, `policies[].uid`). */
function addUidObservables(event: OcsfDraft, key: 'resources' | 'policies', observables: Observable[]): void {
  const items = event[key];
  if (!Array.isArray(items)) return;
  for (const item of items as { uid?: string }[]) {
    if (typeof item.uid === 'string')
      observables.push({ name: `${key}[].uid`, type: 'Resource UID', type_id: 10, value: item.uid });
  }
}

/** The attributes every event carries, declared in a fixed order (undefined ones are pruned). */
function baseEvent(cls: ClassInfo, activityId: number, time: number, version: string): OcsfDraft {
  const activityName = cls.activityNames[activityId] ?? 'Other';
  return {
    activity_id: activityId,
    activity_name: activityName,
    category_uid: cls.categoryUid,
    category_name: cls.categoryName,
    class_uid: cls.classUid,
    class_name: cls.className,
    type_uid: typeUid(cls.classUid, activityId),
    type_name: typeName(cls.className, activityName),
    severity_id: 1,
    severity: 'Informational',
    status_id: undefined,
    status: undefined,
    status_detail: undefined,
    time,
    time_dt: undefined,
    actor: undefined,
    user: undefined,
    policy: undefined,
    policies: undefined,
    src_endpoint: undefined,
    api: undefined,
    resources: undefined,
    http_request: undefined,
    cloud: { provider: 'AWS' },
    metadata: {
      version,
      profiles: [...PROFILES],
      product: { name: 'CloudTrail', vendor_name: 'AWS' },
    },
  };
}

/** Applies rows with core's row engine; a field of the wrong JSON type rejects the record. */
function apply(
  raw: RawEvent,
  rows: readonly CompiledRow[],
  event: OcsfDraft,
  consumed: Set<string>,
): Outcome | undefined {
  const wrong = applyRows(raw, rows, event, consumed);
  return wrong === undefined ? undefined : wrongType(wrong.field, wrong.container ? undefined : wrong.value);
}

function wrongType(field: string, value: unknown): Outcome {
  const got =
    value === undefined ? 'a value of the wrong type' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  const expected =
    field === 'eventName' || field === 'eventTime' ? 'a string' : 'a string (or an object for a container)';
  return { kind: 'rejected', code: REASON.wrongType, reason: `${field} should be ${expected} but is ${got}`, field };
}
