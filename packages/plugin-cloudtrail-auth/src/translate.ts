/**
 * The translator: applies the version's mapping table and the named rules to one CloudTrail record.
 * Hot path first: a record whose eventName is not an authentication event is skipped after one Set
 * lookup, before any other work (most CloudTrail records are not sign-ins).
 */
import {
  buildObservables,
  getPath,
  LOG_FORMAT_NAMES,
  MAX_OCSF_STRING,
  type Outcome,
  overlongString,
  parseIsoTime,
  prune,
  type RawRecord,
  type RecordContext,
  setPath,
  type Translator,
  toRfc3339,
  unmappedFrom,
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
  toBoolean,
} from './rules.js';

interface CompiledRow {
  readonly raw: string;
  readonly rawKeys: readonly string[];
  readonly ocsf: string;
  readonly as: Conversion;
  readonly onlyWithKeys: readonly string[] | undefined;
  readonly unlessKeys: readonly string[] | undefined;
}

/** A raw value whose container along the path is not an object: the record has the wrong shape. */
class WrongType {
  constructor(readonly field: string) {}
}

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
  const rows = compileRows(profile.rows);
  // The activity of each event in this version, resolved once.
  const events = new Map<string, ResolvedAuthEvent>();
  for (const [name, info] of AUTH_EVENTS) {
    events.set(name, { activityId: activityOf(info, profile.version), apiCall: info.apiCall });
  }
  const fallbacks: CompiledFallback[] = profile.fallbacks.map((f) => ({
    objectPath: f.object,
    identifying: f.identifying,
    required: f.required,
    rows: compileRows(f.rows),
  }));
  return {
    translate(record: RawRecord, ctx?: RecordContext): Outcome {
      if (record.kind !== 'json') return REJECT_NOT_JSON;
      const value = record.value;
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return REJECT_NOT_OBJECT;
      const raw = value as RawEvent;
      const eventName = raw.eventName;
      if (typeof eventName === 'string') {
        const info = events.get(eventName);
        return info === undefined ? SKIP_NOT_AUTH : translateAuth(raw, eventName, info, profile, rows, fallbacks, ctx);
      }
      return classifyNameless(raw, eventName);
    },
  };
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
  const problem = applyRows(raw, rows, event, consumed);
  if (problem !== undefined) return problem;
  for (const fallback of fallbacks) {
    if (hasIdentity(getPath(event, fallback.objectPath), fallback.identifying)) continue;
    const fallbackProblem = applyRows(raw, fallback.rows, event, consumed);
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

/**
 * Applies mapping rows in order (the first present value wins a target attribute) and records the raw
 * paths used. Returns a rejection when a field has the wrong JSON type.
 */
function applyRows(
  raw: RawEvent,
  rows: readonly CompiledRow[],
  event: OcsfDraft,
  consumed: Set<string>,
): Outcome | undefined {
  for (const row of rows) {
    if (row.onlyWithKeys !== undefined && isAbsent(readPath(raw, row.onlyWithKeys))) continue;
    if (row.unlessKeys !== undefined && !isAbsent(readPath(raw, row.unlessKeys))) continue;
    const value = readPath(raw, row.rawKeys);
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

function compileRows(rows: readonly VersionRow[]): CompiledRow[] {
  return rows.map((row) => ({
    raw: row.raw,
    rawKeys: row.raw.split('.'),
    ocsf: row.ocsf,
    as: row.as ?? 'string',
    onlyWithKeys: row.onlyWith === undefined ? undefined : row.onlyWith.split('.'),
    unlessKeys: row.unless === undefined ? undefined : row.unless.split('.'),
  }));
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
    case 'arnName':
      return typeof value === 'string' ? arnName(value) : undefined;
    case 'arnAccount':
      return typeof value === 'string' ? arnAccount(value) : undefined;
    case 'accessKey':
      return typeof value === 'string' ? [{ uid: value, type: 'AWS Access Key' }] : new WrongType('');
    case 'authFactor': {
      const factor = typeof value === 'string' ? AUTH_FACTORS[value] : undefined;
      if (factor === undefined) return undefined;
      return [
        factor.totp
          ? { factor_type_id: factor.id, factor_type: factor.caption, is_totp: true }
          : { factor_type_id: factor.id, factor_type: factor.caption },
      ];
    }
  }
}

function wrongType(field: string, value: unknown): Outcome {
  const got =
    value === undefined ? 'a value of the wrong type' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  const expected =
    field === 'eventName' || field === 'eventTime' ? 'a string' : 'a string (or an object for a container)';
  return { kind: 'rejected', code: REASON.wrongType, reason: `${field} should be ${expected} but is ${got}`, field };
}
