/**
 * The translator: applies the version's mapping table and the named rules to one CloudTrail record.
 * Hot path first: a record whose eventName is not an authentication event is skipped after one Set
 * lookup, before any other work (most CloudTrail records are not sign-ins).
 */
import {
  applyRows,
  buildObservables,
  type CompiledRow,
  compileRows,
  getPath,
  type JsonObjectRejects,
  jsonObjectTranslator,
  LOG_FORMAT_NAMES,
  MAX_OCSF_STRING,
  type Outcome,
  overlongString,
  parseIsoTime,
  prune,
  type RecordContext,
  type RowConversion,
  setPath,
  type Translator,
  toRfc3339,
  unmappedFrom,
  WRONG_TYPE,
} from '@ocsfx/core';
import { AUTH_EVENTS, activityOf, type ResolvedAuthEvent } from './activities.js';
import { AUTH_FACTORS, type Conversion, type VersionProfile, type VersionRow } from './mapping.js';
import { REASON } from './reasons.js';
import {
  activityRule,
  arnAccount,
  arnName,
  FREE_FORM,
  type OcsfDraft,
  type RawEvent,
  srcEndpointConstraintRule,
  srcEndpointRule,
  statusRule,
} from './rules.js';

/**
 * The mapping's conversions as core's row engine takes them (`compileRows`/`applyRows`): core's own four,
 * and functions for the CloudTrail-specific ones (see `Conversion` in mapping.ts).
 */
const CONVERSIONS: Readonly<Record<Conversion, RowConversion>> = {
  string: 'string',
  time: 'time',
  bool: 'bool',
  json: 'json',
  arnName: (value) => (typeof value === 'string' ? arnName(value) : undefined),
  arnAccount: (value) => (typeof value === 'string' ? arnAccount(value) : undefined),
  accessKey: (value) => (typeof value === 'string' ? [{ uid: value, type: 'AWS Access Key' }] : WRONG_TYPE),
  authFactor: (value) => {
    const factor = typeof value === 'string' ? AUTH_FACTORS[value] : undefined;
    if (factor === undefined) return undefined;
    return [
      factor.totp
        ? { factor_type_id: factor.id, factor_type: factor.caption, is_totp: true }
        : { factor_type_id: factor.id, factor_type: factor.caption },
    ];
  },
};

// Outcomes without per-record data are shared, frozen objects: skipping allocates nothing.
const SKIP_NOT_AUTH: Outcome = Object.freeze({
  kind: 'skipped',
  code: REASON.notAuthentication,
  reason: 'not a sign-in or role-assumption event',
});
const SKIP_INSIGHT: Outcome = Object.freeze({
  kind: 'skipped',
  code: REASON.insight,
  reason: 'CloudTrail Insights event (API call rate/error rate), not an authentication',
});
const SKIP_DIGEST: Outcome = Object.freeze({
  kind: 'skipped',
  code: REASON.digest,
  reason: 'CloudTrail digest file (log file integrity validation), not an event',
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
const REJECT_NO_SOURCE: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingEventSource,
  reason: 'the event has no eventSource (nor additionalEventData.LoginTo): the authentication has no target',
  field: 'eventSource',
});
const REJECT_NO_TIME: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingEventTime,
  reason: 'the event has no eventTime',
  field: 'eventTime',
});

interface CompiledFallback {
  readonly objectPath: string;
  readonly identifying: readonly string[];
  readonly rows: readonly CompiledRow[];
  readonly required: boolean;
}

export function createCloudTrailTranslator(profile: VersionProfile): Translator {
  const rows = compileVersionRows(profile.rows);
  // The activity of each event in this version, resolved once.
  const events = new Map<string, ResolvedAuthEvent>();
  for (const [name, info] of AUTH_EVENTS) {
    events.set(name, { activityId: activityOf(info, profile.version), apiCall: info.apiCall });
  }
  const fallbacks: CompiledFallback[] = profile.fallbacks.map((f) => ({
    objectPath: f.object,
    identifying: f.identifying,
    required: f.required,
    rows: compileVersionRows(f.rows),
  }));
  return jsonObjectTranslator(REJECTS, (raw: RawEvent, ctx: RecordContext | undefined) => {
    const eventName = raw.eventName;
    if (typeof eventName === 'string') {
      const info = events.get(eventName);
      return info === undefined ? SKIP_NOT_AUTH : translateAuth(raw, eventName, info, profile, rows, fallbacks, ctx);
    }
    return classifyNameless(raw, eventName);
  });
}

/** Records without a string eventName: Insights events and digest files are CloudTrail, not errors. */
function classifyNameless(raw: RawEvent, eventName: unknown): Outcome {
  if (raw.eventType === 'AwsCloudTrailInsight' || raw.eventCategory === 'Insight') return SKIP_INSIGHT;
  if ('digestStartTime' in raw && 'awsAccountId' in raw) return SKIP_DIGEST;
  if (eventName === undefined || eventName === null) return REJECT_NO_NAME;
  return wrongType('eventName', eventName);
}

function translateAuth(
  raw: RawEvent,
  eventName: string,
  info: ResolvedAuthEvent,
  profile: VersionProfile,
  rows: readonly CompiledRow[],
  fallbacks: readonly CompiledFallback[],
  ctx: RecordContext | undefined,
): Outcome {
  // CloudTrail exported through Logstash/Elastic (e.g. the OTRF datasets) carries the event time only as
  // `@timestamp`; accept it when eventTime is absent rather than rejecting a well-formed event.
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
      reason: `${timeField} ${JSON.stringify(eventTime)} is not an ISO 8601 date-time in the years 0000–9999 (UTC)`,
      field: timeField,
    };
  }

  const event = baseEvent(profile, time, ctx);
  const consumed = new Set<string>([timeField]);
  const problem = apply(raw, rows, event, consumed);
  if (problem !== undefined) return problem;
  for (const fallback of fallbacks) {
    if (hasIdentity(getPath(event, fallback.objectPath), fallback.identifying)) continue;
    const fallbackProblem = apply(raw, fallback.rows, event, consumed);
    if (fallbackProblem !== undefined) return fallbackProblem;
    const object = getPath(event, fallback.objectPath);
    if ((fallback.required || object !== undefined) && !hasIdentity(object, fallback.identifying)) {
      return {
        kind: 'rejected',
        code: REASON.missingIdentity,
        reason: `the event identifies no ${fallback.objectPath} (userIdentity has no principalId, arn, userName or invokedBy, and no role is assumed)`,
        field: 'userIdentity',
      };
    }
  }
  if (getPath(event, 'dst_endpoint') === undefined) return REJECT_NO_SOURCE;
  activityRule(event, info);
  statusRule(raw, eventName, info, event, consumed);
  srcEndpointRule(raw, event, consumed);
  srcEndpointConstraintRule(event, profile.endpointIdentifying, rows, consumed);
  for (const path of profile.datetime) {
    const ms = getPath(event, path);
    if (typeof ms === 'number') setPath(event, `${path}_dt`, toRfc3339(ms));
  }
  const overlong = overlongString(event, FREE_FORM);
  if (overlong !== undefined) {
    return {
      kind: 'rejected',
      code: REASON.valueTooLong,
      reason: `${overlong.path} would hold ${overlong.length} characters; OCSF strings hold at most ${MAX_OCSF_STRING}`,
    };
  }
  const unmapped = unmappedFrom(raw, consumed);
  if (unmapped !== undefined) event.unmapped = unmapped;

  const out = prune(event) ?? {};
  const observables = buildObservables(out, profile.observables);
  if (observables.length > 0) out.observables = observables;
  return { kind: 'emitted', events: [out] };
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

function hasIdentity(object: unknown, identifying: readonly string[]): boolean {
  if (object === null || typeof object !== 'object') return false;
  for (const key of identifying) if ((object as Record<string, unknown>)[key] !== undefined) return true;
  return false;
}

/** The attributes every event of this class and version carries. */
function baseEvent(profile: VersionProfile, time: number, ctx: RecordContext | undefined): OcsfDraft {
  const metadata: OcsfDraft = {
    version: profile.version,
    profiles: [...profile.profiles],
    product: { name: 'CloudTrail', vendor_name: 'AWS' },
  };
  if (profile.logSource && ctx !== undefined) {
    metadata.log_source = ctx.location.file;
    if (ctx.format !== undefined) metadata.log_format = LOG_FORMAT_NAMES[ctx.format];
  }
  // Attributes set later are declared here (undefined, pruned if never set) so every event lists its
  // attributes in the same, readable order.
  return {
    activity_id: undefined,
    activity_name: undefined,
    category_uid: 3,
    category_name: profile.categoryName,
    class_uid: 3002,
    class_name: 'Authentication',
    type_uid: undefined,
    type_name: undefined,
    severity_id: 1,
    severity: 'Informational',
    status_id: undefined,
    status: undefined,
    status_detail: undefined,
    time,
    time_dt: undefined,
    mfa: undefined,
    is_mfa: undefined,
    auth_factors: undefined,
    actor: undefined,
    user: undefined,
    src_endpoint: undefined,
    dst_endpoint: undefined,
    api: undefined,
    http_request: undefined,
    cloud: { provider: 'AWS' },
    metadata,
  };
}

function compileVersionRows(rows: readonly VersionRow[]): CompiledRow[] {
  return compileRows(rows.map((row) => ({ ...row, as: CONVERSIONS[row.as ?? 'string'] })));
}

function wrongType(field: string, value: unknown): Outcome {
  const got =
    value === undefined ? 'a value of the wrong type' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  const expected =
    field === 'eventName' || field === 'eventTime' ? 'a string' : 'a string (or an object for a container)';
  return { kind: 'rejected', code: REASON.wrongType, reason: `${field} should be ${expected} but is ${got}`, field };
}
