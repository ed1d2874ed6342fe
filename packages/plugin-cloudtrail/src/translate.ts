/**
 * The translator: picks the class (sign-ins are skipped for the authentication plugin, IAM account changes
 * are Account Change, everything else API Activity), applies the mapping tables and the named rules.
 */
import {
  buildObservables,
  CATEGORY_NAMES,
  getPath,
  type Observable,
  type Outcome,
  overlongString,
  parseIsoTime,
  prune,
  type RawRecord,
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
  type Conversion,
  DATETIME,
  type MappingRow,
  OBSERVABLES,
  PROFILES,
  SELF_TARGET_ROWS,
  TARGET_ROWS,
} from './mapping.js';
import { REASON } from './reasons.js';
import { type OcsfDraft, type RawEvent, resourcesRule, srcEndpointRule, statusRule, toBoolean } from './rules.js';

export const OCSF_VERSION = '1.1.0';

/** json_t attributes: free-form values, not OCSF strings. */
const FREE_FORM: ReadonlySet<string> = new Set(['api.request.data', 'api.response.data']);

/** Activity captions of the two classes in OCSF 1.1.0 (ids 10 and 11 of Account Change included). */
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

const API_CLASS: ClassInfo = {
  classUid: 6003,
  className: 'API Activity',
  categoryUid: 6,
  categoryName: categoryName(6),
  activityNames: API_ACTIVITY_NAME,
};
const ACCOUNT_CLASS: ClassInfo = {
  classUid: 3001,
  className: 'Account Change',
  categoryUid: 3,
  categoryName: categoryName(3),
  activityNames: ACCOUNT_ACTIVITY_NAME,
};

function categoryName(uid: number): string {
  const name = CATEGORY_NAMES[OCSF_VERSION]?.[uid];
  if (name === undefined) throw new Error(`no category ${uid} in OCSF ${OCSF_VERSION}`);
  return name;
}

interface CompiledRow {
  readonly raw: string;
  readonly keys: readonly string[];
  readonly ocsf: string;
  readonly as: Conversion;
  readonly onlyWith: readonly string[] | undefined;
}

/** A container on a raw path that is neither an object nor null: the record has the wrong shape. */
class WrongType {
  constructor(readonly field: string) {}
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
const REJECT_NOT_JSON: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.notJson,
  reason: 'CloudTrail records are JSON; this record came from a text, CSV or Parquet reader (try --input-format json)',
});
const REJECT_NOT_OBJECT: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.notObject,
  reason: 'a CloudTrail event is a JSON object; this record is not one',
});
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

const COMPILED = {
  actor: compile(ACTOR_ROWS),
  actorFallback: compile(ACTOR_FALLBACK),
  api: compile(API_ROWS),
  user: compile(TARGET_ROWS.user),
  role: compile(TARGET_ROWS.role),
  self: compile(SELF_TARGET_ROWS),
  account: compile(ACCOUNT_ROWS),
};

export function createTranslator(): Translator {
  return {
    translate(record: RawRecord): Outcome {
      if (record.kind !== 'json') return REJECT_NOT_JSON;
      const value = record.value;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return REJECT_NOT_OBJECT;
      const raw = value as RawEvent;
      const eventName = raw.eventName;
      if (typeof eventName !== 'string') return classifyNameless(raw, eventName);
      if (AUTHENTICATION_EVENTS.has(eventName)) return SKIP_AUTH;
      const change = raw.eventSource === IAM_SOURCE ? ACCOUNT_CHANGES.get(eventName) : undefined;
      return translateEvent(raw, eventName, change);
    },
  };
}

/** Records without a string eventName: Insights events and digest files are CloudTrail, not errors. */
function classifyNameless(raw: RawEvent, eventName: unknown): Outcome {
  if (raw.eventType === 'AwsCloudTrailInsight' || raw.eventCategory === 'Insight') return REJECT_INSIGHT;
  if ('digestStartTime' in raw && 'awsAccountId' in raw) return SKIP_DIGEST;
  if (eventName === undefined || eventName === null) return REJECT_NO_NAME;
  return wrongType('eventName', eventName);
}

function translateEvent(raw: RawEvent, eventName: string, change: AccountChange | undefined): Outcome {
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

  const cls = change === undefined ? API_CLASS : ACCOUNT_CLASS;
  const activityId = change === undefined ? apiActivity(eventName, raw.readOnly) : accountActivity(raw, change);
  const event = baseEvent(cls, activityId, time);
  const consumed = new Set<string>([timeField]);

  const problem =
    apply(raw, COMPILED.actor, event, consumed) ??
    apply(raw, COMPILED.api, event, consumed) ??
    (lacksIdentity(getPath(event, 'actor.user'), true)
      ? apply(raw, COMPILED.actorFallback, event, consumed)
      : undefined);
  if (problem !== undefined) return problem;
  const actorUser = getPath(event, 'actor.user');
  if (actorUser !== undefined && lacksIdentity(actorUser, false)) return REJECT_NO_ACTOR;
  srcEndpointRule(raw, event, consumed);
  if (getPath(event, 'src_endpoint') === undefined && typeof getPath(event, 'actor.invoked_by') === 'string') {
    // A service acting on its own behalf (AwsServiceEvent without sourceIPAddress) is its own source.
    setPath(event, 'src_endpoint.svc_name', getPath(event, 'actor.invoked_by'));
  }
  statusRule(raw, event);

  if (change === undefined) {
    if (getPath(event, 'actor') === undefined) return REJECT_NO_ACTOR;
    if (getPath(event, 'src_endpoint') === undefined) return REJECT_NO_SOURCE;
    resourcesRule(raw, event, consumed);
  } else {
    const targetProblem = applyTarget(raw, change, event, consumed);
    if (targetProblem !== undefined) return targetProblem;
    if (lacksIdentity(getPath(event, 'user'), true)) return REJECT_NO_USER;
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
  addResourceObservables(out, observables);
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
  event: OcsfDraft,
  consumed: Set<string>,
): Outcome | undefined {
  const rows = change.kind === 'user' ? COMPILED.user : COMPILED.role;
  const problem = apply(raw, rows, event, consumed);
  if (problem !== undefined) return problem;
  const named = getPath(event, 'user.name') !== undefined || getPath(event, 'user.uid') !== undefined;
  if (named) {
    setPath(event, 'user.type', change.kind === 'user' ? 'IAMUser' : 'Role');
  } else {
    const selfProblem = apply(raw, COMPILED.self, event, consumed);
    if (selfProblem !== undefined) return selfProblem;
  }
  const groupName = readPath(raw, ['requestParameters', 'groupName']);
  if (typeof groupName === 'string' && groupName !== '') {
    setPath(event, 'user.groups', [{ name: groupName }]);
    consumed.add('requestParameters.groupName');
  }
  return apply(raw, COMPILED.account, event, consumed);
}

/** An object that would break OCSF's `at_least_one` for `user` (account, name or uid). */
function lacksIdentity(user: unknown, absentCounts: boolean): boolean {
  if (user === undefined || user === null || typeof user !== 'object') return absentCounts;
  const u = user as Record<string, unknown>;
  return u.account === undefined && u.name === undefined && u.uid === undefined;
}

function addResourceObservables(event: OcsfDraft, observables: Observable[]): void {
  const resources = event.resources;
  if (!Array.isArray(resources)) return;
  for (const resource of resources as { uid?: string }[]) {
    if (typeof resource.uid === 'string')
      observables.push({ name: 'resources[].uid', type: 'Resource UID', type_id: 10, value: resource.uid });
  }
}

/** The attributes every event carries, declared in a fixed order (undefined ones are pruned). */
function baseEvent(cls: ClassInfo, activityId: number, time: number): OcsfDraft {
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
    src_endpoint: undefined,
    api: undefined,
    resources: undefined,
    http_request: undefined,
    cloud: { provider: 'AWS' },
    metadata: {
      version: OCSF_VERSION,
      profiles: [...PROFILES],
      product: { name: 'CloudTrail', vendor_name: 'AWS' },
    },
  };
}

function compile(rows: readonly MappingRow[]): CompiledRow[] {
  return rows.map((row) => ({
    raw: row.raw,
    keys: row.raw.split('.'),
    ocsf: row.ocsf,
    as: row.as ?? 'string',
    onlyWith: row.onlyWith === undefined ? undefined : row.onlyWith.split('.'),
  }));
}

/** Applies rows in order (the first present value wins an attribute); a wrong JSON type rejects. */
function apply(
  raw: RawEvent,
  rows: readonly CompiledRow[],
  event: OcsfDraft,
  consumed: Set<string>,
): Outcome | undefined {
  for (const row of rows) {
    if (row.onlyWith !== undefined && isAbsent(readPath(raw, row.onlyWith))) continue;
    const value = readPath(raw, row.keys);
    if (value instanceof WrongType) return wrongType(value.field, undefined);
    if (isAbsent(value)) continue;
    const converted = convert(value, row.as);
    if (converted instanceof WrongType) return wrongType(row.raw, value);
    // A value this row cannot use (not a date, not a flag) stays in `unmapped`.
    if (converted === undefined) continue;
    if (getPath(event, row.ocsf) !== undefined) continue;
    setPath(event, row.ocsf, converted);
    consumed.add(row.raw);
  }
  return undefined;
}

/** Reads a raw path; a container on the way that is neither an object nor null is a WrongType. */
function readPath(raw: RawEvent, keys: readonly string[]): unknown {
  let cur: unknown = raw;
  for (let i = 0; i < keys.length; i++) {
    if (cur === undefined || cur === null) return undefined;
    if (typeof cur !== 'object' || Array.isArray(cur)) return new WrongType(keys.slice(0, i).join('.'));
    cur = (cur as Record<string, unknown>)[keys[i] as string];
  }
  return cur;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function convert(value: unknown, as: Conversion): unknown {
  switch (as) {
    case 'string':
      return typeof value === 'string' ? value : new WrongType('');
    case 'time':
      return typeof value === 'string' ? parseIsoTime(value) : undefined;
    case 'bool':
      return toBoolean(value);
    case 'json':
      return value;
  }
}

function wrongType(field: string, value: unknown): Outcome {
  const got =
    value === undefined ? 'a value of the wrong type' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  const expected =
    field === 'eventName' || field === 'eventTime' ? 'a string' : 'a string (or an object for a container)';
  return { kind: 'rejected', code: REASON.wrongType, reason: `${field} should be ${expected} but is ${got}`, field };
}
