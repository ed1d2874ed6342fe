/**
 * The translator: one Route 53 Resolver query log record (a JSON object, from S3 JSON lines or a
 * CloudWatch Logs message) → one OCSF DNS Activity event.
 */
import {
  ACTION,
  buildObservables,
  CATEGORY_NAMES,
  DISPOSITION,
  getPath,
  isIpAddress,
  type JsonObjectRejects,
  jsonObjectTranslator,
  type Observable,
  type Outcome,
  ocsfIp,
  overlongString,
  parseIsoTime,
  prune,
  setPath,
  type Translator,
  toRfc3339,
  unmappedFrom,
} from '@ocsfx/core';
import { type Conversion, FIREWALL_ACTION, OBSERVABLES, PROTOCOL_NUMBER, RCODE, ROWS } from './mapping.js';
import { REASON } from './reasons.js';

type RawEvent = Readonly<Record<string, unknown>>;
type OcsfDraft = Record<string, unknown>;

interface CompiledRow {
  readonly raw: string;
  readonly keys: readonly string[];
  readonly ocsf: string;
  readonly as: Conversion;
}

const COMPILED: readonly CompiledRow[] = ROWS.map((row) => ({
  raw: row.raw,
  keys: row.raw.split('.'),
  ocsf: row.ocsf,
  as: row.as ?? 'string',
}));

const REJECTS: JsonObjectRejects = {
  notJson: {
    code: REASON.notJson,
    reason:
      'Route 53 Resolver query logs are JSON; this record came from a text, CSV or Parquet reader (try --input-format json)',
  },
  notObject: { code: REASON.notObject, reason: 'a query log record is a JSON object; this record is not one' },
};
const REJECT_NOT_QUERY_LOG: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.notQueryLog,
  reason: 'the object has none of a Route 53 Resolver query log\u2019s fields (query_name, query_timestamp, srcaddr)',
});
const REJECT_NO_NAME: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingQueryName,
  reason: 'the record has no query_name: the DNS query has no hostname',
  field: 'query_name',
});
const REJECT_NO_TIME: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingTimestamp,
  reason: 'the record has no query_timestamp',
  field: 'query_timestamp',
});
const REJECT_NO_SOURCE: Outcome = Object.freeze({
  kind: 'rejected',
  code: REASON.missingSource,
  reason: 'the record has no srcaddr and no srcids: the query has no source',
  field: 'srcaddr',
});

export function createTranslator(version: string): Translator {
  const categoryName = CATEGORY_NAMES[version]?.[4];
  if (categoryName === undefined) throw new Error(`no category 4 in OCSF ${version}`);
  const base = { version, categoryName };
  return jsonObjectTranslator(REJECTS, (raw: RawEvent) => translateQuery(raw, base));
}

interface VersionInfo {
  readonly version: string;
  readonly categoryName: string;
}

function translateQuery(raw: RawEvent, info: VersionInfo): Outcome {
  if (raw.query_name === undefined && raw.query_timestamp === undefined && raw.srcaddr === undefined) {
    return REJECT_NOT_QUERY_LOG;
  }
  if (raw.query_name === undefined || raw.query_name === null || raw.query_name === '') return REJECT_NO_NAME;
  const stamp = raw.query_timestamp;
  if (stamp === undefined || stamp === null || stamp === '') return REJECT_NO_TIME;
  if (typeof stamp !== 'string') return wrongType('query_timestamp', stamp);
  const time = parseIsoTime(stamp);
  if (time === undefined) {
    return {
      kind: 'rejected',
      code: REASON.invalidTimestamp,
      reason: `query_timestamp ${JSON.stringify(stamp)} is not an ISO 8601 date-time`,
      field: 'query_timestamp',
    };
  }

  const name = raw.query_name;
  if (typeof name !== 'string') return wrongType('query_name', name);
  // Route 53 writes the fully qualified name with its root dot (`example.com.`); OCSF's hostname_t has none.
  const hostname = name.endsWith('.') ? name.slice(0, -1) : name;
  if (!isRfc1123Hostname(hostname)) {
    return {
      kind: 'rejected',
      code: REASON.invalidQueryName,
      reason: `query_name ${JSON.stringify(name.slice(0, 120))} is not a hostname OCSF accepts (letters, digits and hyphens in dot-separated labels); the record is kept in the rejects`,
      field: 'query_name',
    };
  }

  const event = baseEvent(time, info);
  setPath(event, 'query.hostname', hostname);
  const consumed = new Set<string>(['query_timestamp', 'query_name']);
  for (const row of COMPILED) {
    const problem = applyRow(raw, row, event, consumed);
    if (problem !== undefined) return problem;
  }
  const sourceProblem = srcAddressRule(raw, event, consumed);
  if (sourceProblem !== undefined) return sourceProblem;
  if (getPath(event, 'src_endpoint.ip') === undefined && getPath(event, 'src_endpoint.instance_uid') === undefined) {
    return REJECT_NO_SOURCE;
  }
  rcodeRule(raw, event, consumed);
  const answersProblem = answersRule(raw, event, consumed);
  if (answersProblem !== undefined) return answersProblem;
  transportRule(raw, event, consumed);
  firewallRule(raw, event, consumed);

  const overlong = overlongString(event);
  if (overlong !== undefined) {
    return {
      kind: 'rejected',
      code: REASON.valueTooLong,
      reason: `${overlong.path} would hold ${overlong.length} characters; an OCSF string holds at most 65535`,
    };
  }
  event.query_time = time;
  event.time_dt = toRfc3339(time);
  event.query_time_dt = event.time_dt;
  const unmapped = unmappedFrom(raw, consumed);
  if (unmapped !== undefined) event.unmapped = unmapped;
  const out = prune(event) ?? {};
  const observables = buildObservables(out, OBSERVABLES);
  addAnswerObservables(out, observables);
  out.observables = observables;
  return { kind: 'emitted', events: [out] };
}

/** `srcaddr` → `src_endpoint.ip` (canonical form when longer than OCSF's 40 characters). */
function srcAddressRule(raw: RawEvent, event: OcsfDraft, consumed: Set<string>): Outcome | undefined {
  const addr = raw.srcaddr;
  if (addr === undefined || addr === null || addr === '') return undefined;
  if (typeof addr !== 'string') return wrongType('srcaddr', addr);
  const ip = isIpAddress(addr) ? ocsfIp(addr) : undefined;
  if (ip === undefined) {
    return {
      kind: 'rejected',
      code: REASON.invalidAddress,
      reason: `srcaddr ${JSON.stringify(addr.slice(0, 80))} is not an IP address`,
      field: 'srcaddr',
    };
  }
  setPath(event, 'src_endpoint.ip', ip);
  if (ip === addr) consumed.add('srcaddr');
  return undefined;
}

/** `rcode` → `rcode_id` and the OCSF caption; an unknown code is 99 Other with Route 53's text. */
function rcodeRule(raw: RawEvent, event: OcsfDraft, consumed: Set<string>): void {
  const rcode = raw.rcode;
  if (typeof rcode !== 'string' || rcode === '') return;
  const known = RCODE.get(rcode.toUpperCase());
  event.rcode_id = known === undefined ? 99 : known[0];
  event.rcode = known === undefined ? rcode : known[1];
  consumed.add('rcode');
}

/**
 * `answers[]` `{Rdata, Type, Class}` → `answers[]` `{rdata, type, class}`. OCSF requires `rdata`: when an
 * answer lacks it (or is not an object), the raw answers stay whole in `unmapped` and only the usable ones
 * are mapped.
 */
function answersRule(raw: RawEvent, event: OcsfDraft, consumed: Set<string>): Outcome | undefined {
  const answers = raw.answers;
  if (answers === undefined || answers === null) return undefined;
  if (!Array.isArray(answers)) return wrongType('answers', answers);
  const out: OcsfDraft[] = [];
  let all = true;
  for (const answer of answers) {
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
      all = false;
      continue;
    }
    const a = answer as Record<string, unknown>;
    if (typeof a.Rdata !== 'string' || a.Rdata === '') {
      all = false;
      continue;
    }
    const mapped: OcsfDraft = { rdata: a.Rdata };
    if (typeof a.Type === 'string' && a.Type !== '') mapped.type = a.Type;
    if (typeof a.Class === 'string' && a.Class !== '') mapped.class = a.Class;
    if (Object.keys(a).some((k) => k !== 'Rdata' && k !== 'Type' && k !== 'Class')) all = false;
    out.push(mapped);
  }
  if (out.length > 0) event.answers = out;
  if (all) consumed.add('answers');
  return undefined;
}

/** `transport` → `connection_info.protocol_name` and, for UDP/TCP, `protocol_num`. */
function transportRule(raw: RawEvent, event: OcsfDraft, consumed: Set<string>): void {
  const transport = raw.transport;
  if (typeof transport !== 'string' || transport === '') return;
  // network_connection_info requires direction_id; a query log does not say which way the query crossed.
  const info: OcsfDraft = { protocol_name: transport, direction_id: 0, direction: 'Unknown' };
  const num = PROTOCOL_NUMBER.get(transport.toUpperCase());
  if (num !== undefined) info.protocol_num = num;
  event.connection_info = info;
  consumed.add('transport');
}

/**
 * DNS Firewall: `firewall_rule_action` → `action_id`/`action` and `disposition_id`/`disposition`, and the
 * `security_control` profile. An action this table does not know is action 0 Unknown, disposition 99 Other
 * with Route 53's text. Without a firewall action the event has no security_control attributes.
 */
function firewallRule(raw: RawEvent, event: OcsfDraft, consumed: Set<string>): void {
  const action = raw.firewall_rule_action;
  if (typeof action !== 'string' || action === '') {
    // `firewall_rule` belongs to the security_control profile, which a record without an action does not
    // get (the profile requires `action_id`): the rule group's id then stays in `unmapped`.
    if (event.firewall_rule !== undefined) {
      event.firewall_rule = undefined;
      consumed.delete('firewall_rule_group_id');
    }
    return;
  }
  const known = FIREWALL_ACTION.get(action.toUpperCase());
  const actionId = known === undefined ? 0 : known[0];
  event.action_id = actionId;
  event.action = ACTION[actionId];
  event.disposition_id = known === undefined ? 99 : known[1];
  event.disposition = known === undefined ? action : DISPOSITION[known[1]];
  consumed.add('firewall_rule_action');
  ((event.metadata as OcsfDraft).profiles as string[]).splice(1, 0, 'security_control');
}

function addAnswerObservables(event: OcsfDraft, observables: Observable[]): void {
  const answers = event.answers;
  if (!Array.isArray(answers)) return;
  for (const answer of answers as { rdata: string }[]) {
    const ip = isIpAddress(answer.rdata);
    // A CNAME, MX or NS answer names a host; an A or AAAA answer is an address. Other data (TXT) is neither.
    if (ip) observables.push({ name: 'answers[].rdata', type: 'IP Address', type_id: 2, value: answer.rdata });
    else if (isHostname(answer.rdata))
      observables.push({ name: 'answers[].rdata', type: 'Hostname', type_id: 1, value: answer.rdata });
  }
}

/**
 * OCSF 1.1.0's hostname_t: dot-separated labels of letters, digits and hyphens, a label neither starting
 * nor ending with a hyphen. No regular expression: this runs for every record.
 */
function isRfc1123Hostname(value: string): boolean {
  if (value.length === 0) return false;
  let labelStart = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = i === value.length ? 46 : value.charCodeAt(i);
    if (c === 46) {
      if (i === labelStart || value.charCodeAt(labelStart) === 45 || value.charCodeAt(i - 1) === 45) return false;
      labelStart = i + 1;
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45)) {
      return false;
    }
  }
  return true;
}

/** Letters, digits, `-`, `_` and dots, at least one dot: how a DNS name looks in Rdata. */
function isHostname(value: string): boolean {
  let dots = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 46) dots++;
    else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95))
      return false;
  }
  return dots > 0;
}

function baseEvent(time: number, info: VersionInfo): OcsfDraft {
  return {
    activity_id: 6,
    activity_name: 'Traffic',
    category_uid: 4,
    category_name: info.categoryName,
    class_uid: 4003,
    class_name: 'DNS Activity',
    type_uid: 400306,
    type_name: 'DNS Activity: Traffic',
    severity_id: 1,
    severity: 'Informational',
    action_id: undefined,
    action: undefined,
    disposition_id: undefined,
    disposition: undefined,
    time,
    time_dt: undefined,
    query_time: undefined,
    query_time_dt: undefined,
    query: undefined,
    answers: undefined,
    rcode_id: undefined,
    rcode: undefined,
    src_endpoint: undefined,
    dst_endpoint: undefined,
    connection_info: undefined,
    firewall_rule: undefined,
    cloud: { provider: 'AWS' },
    metadata: {
      version: info.version,
      profiles: ['cloud', 'datetime'],
      product: { name: 'Route 53', vendor_name: 'AWS', feature: { name: 'Resolver Query Logs' } },
    },
  };
}

function applyRow(raw: RawEvent, row: CompiledRow, event: OcsfDraft, consumed: Set<string>): Outcome | undefined {
  let value: unknown = raw;
  for (let i = 0; i < row.keys.length; i++) {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return wrongType(row.keys.slice(0, i).join('.'), value);
    value = (value as Record<string, unknown>)[row.keys[i] as string];
  }
  if (value === undefined || value === null || value === '') return undefined;
  if (row.as === 'port') {
    // Route 53 writes srcport as a string of digits.
    const port = typeof value === 'string' && /^\d{1,5}$/.test(value) ? Number(value) : value;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      return {
        kind: 'rejected',
        code: REASON.invalidPort,
        reason: `${row.raw} ${JSON.stringify(value)} is not a port number (0-65535)`,
        field: row.raw,
      };
    }
    setPath(event, row.ocsf, port);
  } else {
    if (typeof value !== 'string') return wrongType(row.raw, value);
    setPath(event, row.ocsf, value);
  }
  consumed.add(row.raw);
  return undefined;
}

function wrongType(field: string, value: unknown): Outcome {
  const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
  const expected = field === 'answers' ? 'an array' : 'a string';
  return { kind: 'rejected', code: REASON.wrongType, reason: `${field} should be ${expected} but is ${got}`, field };
}
