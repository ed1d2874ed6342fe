/**
 * The translator: walks the mapping table for one record and applies the named rules. Everything that
 * is not specific to Acme (enum captions, observables, unmapped, pruning, time parsing) comes from core.
 */
import {
  ACTION,
  buildObservables,
  CATEGORY_NAMES,
  caption,
  DIRECTION,
  DISPOSITION,
  emitted,
  isIpAddress,
  NETWORK_ACTIVITY,
  type Outcome,
  parseIsoTime,
  prune,
  type RawRecord,
  rejected,
  SEVERITY,
  setPath,
  skipped,
  type Translator,
  typeName,
  typeUid,
  unmappedFrom,
} from '@ocsfx/core';
import { LOG_TYPE_PREFIX } from './detect.js';
import {
  ACTIONS,
  type Conversion,
  DIRECTIONS,
  FIELDS,
  OBSERVABLES,
  OCSF_VERSION,
  PRODUCT,
  PROTOCOL_NUMBERS,
  RULE_FIELDS,
} from './mapping.js';
import { REASON } from './reasons.js';

const CLASS_UID = 4001;
const CLASS_NAME = 'Network Activity';
const CATEGORY_UID = 4;
const FLOW_TYPE = `${LOG_TYPE_PREFIX}flow`;
/** Every raw field the table or a rule consumes; the rest goes to `unmapped` under its own name. */
const MAPPED = new Set<string>([...FIELDS.map((f) => f.raw), ...RULE_FIELDS]);

type Converted = { ok: true; value: string | number } | { ok: false; code: string; reason: string };

function convert(field: string, value: unknown, as: Conversion): Converted {
  switch (as) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : bad(REASON.missingField, `${field} is not a string`);
    case 'ip':
      return typeof value === 'string' && isIpAddress(value)
        ? { ok: true, value }
        : bad(REASON.badIp, `${field} is not an IP address: ${JSON.stringify(value)}`);
    case 'port':
      return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65535
        ? { ok: true, value: value as number }
        : bad(REASON.badNumber, `${field} is not a port number: ${JSON.stringify(value)}`);
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0
        ? { ok: true, value: value as number }
        : bad(REASON.badNumber, `${field} is not a non-negative integer: ${JSON.stringify(value)}`);
    case 'time': {
      const ms = typeof value === 'string' ? parseIsoTime(value) : undefined;
      return ms === undefined
        ? bad(REASON.badTime, `${field} is not an ISO 8601 date-time: ${JSON.stringify(value)}`)
        : { ok: true, value: ms };
    }
  }
}

function bad(code: string, reason: string): Converted {
  return { ok: false, code, reason };
}

function isAction(value: unknown): value is keyof typeof ACTIONS {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}

export function translateAcme(record: RawRecord): Outcome {
  if (
    record.kind !== 'json' ||
    record.value === null ||
    typeof record.value !== 'object' ||
    Array.isArray(record.value)
  ) {
    return rejected(REASON.notAnObject, 'expected one JSON object per line');
  }
  const raw = record.value as Record<string, unknown>;
  if (raw.log_type !== FLOW_TYPE) {
    return skipped(REASON.notAFlow, `log_type ${JSON.stringify(raw.log_type)} is not a traffic flow`);
  }
  if (!isAction(raw.action)) {
    return raw.action === undefined
      ? rejected(REASON.missingField, 'action is missing', 'action')
      : rejected(
          REASON.unknownAction,
          `unknown action ${JSON.stringify(raw.action)} (expected allow, deny or drop)`,
          'action',
        );
  }

  const event: Record<string, unknown> = {};
  for (const rule of FIELDS) {
    const value = raw[rule.raw];
    if (value === undefined || value === null) {
      if (rule.required) return rejected(REASON.missingField, `${rule.raw} is missing`, rule.raw);
      continue;
    }
    const converted = convert(rule.raw, value, rule.as);
    if (!converted.ok) return rejected(converted.code, converted.reason, rule.raw);
    setPath(event, rule.ocsf, converted.value);
  }

  const verdict = ACTIONS[raw.action];
  const activityName = caption(NETWORK_ACTIVITY, verdict.activityId) ?? 'Unknown';
  const protocolNum = typeof raw.proto === 'string' ? PROTOCOL_NUMBERS[raw.proto.toLowerCase()] : undefined;
  const traffic = event.traffic as { bytes_in?: number; bytes_out?: number } | undefined;
  const out: Record<string, unknown> = {
    ...event,
    activity_id: verdict.activityId,
    activity_name: activityName,
    category_uid: CATEGORY_UID,
    category_name: CATEGORY_NAMES[OCSF_VERSION]?.[CATEGORY_UID],
    class_uid: CLASS_UID,
    class_name: CLASS_NAME,
    type_uid: typeUid(CLASS_UID, verdict.activityId),
    type_name: typeName(CLASS_NAME, activityName),
    severity_id: 1,
    severity: SEVERITY[1],
    action_id: verdict.actionId,
    action: ACTION[verdict.actionId],
    disposition_id: verdict.dispositionId,
    disposition: DISPOSITION[verdict.dispositionId],
    metadata: { version: OCSF_VERSION, product: PRODUCT, profiles: ['security_control'] },
    unmapped: unmappedFrom(raw, MAPPED),
  };
  const directionId: 0 | 1 | 2 =
    typeof raw.dir === 'string' && Object.hasOwn(DIRECTIONS, raw.dir) ? DIRECTIONS[raw.dir as 'in' | 'out'] : 0;
  setPath(out, 'connection_info.direction_id', directionId);
  setPath(out, 'connection_info.direction', DIRECTION[directionId]);
  if (protocolNum !== undefined) setPath(out, 'connection_info.protocol_num', protocolNum);
  // The firewall reports each direction; OCSF also has the total, which SIEM dashboards read first.
  if (traffic && (traffic.bytes_in !== undefined || traffic.bytes_out !== undefined)) {
    setPath(out, 'traffic.bytes', (traffic.bytes_in ?? 0) + (traffic.bytes_out ?? 0));
  }
  out.observables = buildObservables(out, OBSERVABLES);
  return emitted(prune(out) ?? {});
}

export function createAcmeTranslator(): Translator {
  return { translate: (record) => translateAcme(record) };
}
