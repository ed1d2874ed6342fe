/**
 * The dossier's conditional mappings, one named rule each. Every rule reads the raw event, writes OCSF
 * attributes and names the raw paths it consumed (so they do not reappear in `unmapped`).
 */
import { getPath, isIpAddress, ocsfIp, STATUS, setPath, typeName, typeUid } from '@ocsfx/core';
import { ACTIVITY_NAME, type ResolvedAuthEvent } from './activities.js';

export type RawEvent = Readonly<Record<string, unknown>>;
export type OcsfDraft = Record<string, unknown>;

const CLASS_UID = 3002;
const CLASS_NAME = 'Authentication';

/** `activity_id`, `activity_name`, `type_uid`, `type_name` from the eventName table. */
export function activityRule(event: OcsfDraft, info: ResolvedAuthEvent): void {
  const name = ACTIVITY_NAME[info.activityId];
  event.activity_id = info.activityId;
  event.activity_name = name;
  event.type_uid = typeUid(CLASS_UID, info.activityId);
  event.type_name = typeName(CLASS_NAME, name);
}

/**
 * `status_id`/`status`, in this order of evidence:
 * 1. the event's own verdict, `responseElements.<eventName>` (ConsoleLogin, CheckMfa, SwitchRole, …) or
 *    Identity Center's `serviceEventDetails.<eventName>`;
 * 2. an `errorCode`: CloudTrail writes one exactly when a call failed → Failure;
 * 3. an STS API call without `errorCode` succeeded → Success (Security Lake writes Unknown here; see README);
 * 4. otherwise Unknown.
 * `status_detail` carries `errorMessage`. A verdict other than Success/Failure is status 99 with its text.
 */
export function statusRule(
  raw: RawEvent,
  eventName: string,
  info: ResolvedAuthEvent,
  event: OcsfDraft,
  consumed: Set<string>,
): void {
  let verdict = ownVerdict(raw.responseElements, eventName);
  if (verdict !== undefined) {
    consumed.add(`responseElements.${eventName}`);
  } else {
    verdict = ownVerdict(raw.serviceEventDetails, eventName);
    if (verdict !== undefined) consumed.add(`serviceEventDetails.${eventName}`);
  }
  let statusId: number;
  let status: string;
  if (verdict !== undefined) {
    statusId = statusIdOf(verdict);
    status = statusId === 99 ? verdict : STATUS[statusId as 1 | 2];
  } else if (typeof raw.errorCode === 'string' && raw.errorCode !== '') {
    statusId = 2;
    status = STATUS[2];
  } else if (info.apiCall) {
    statusId = 1;
    status = STATUS[1];
  } else {
    statusId = 0;
    status = STATUS[0];
  }
  event.status_id = statusId;
  event.status = status;
  if (typeof raw.errorMessage === 'string') event.status_detail = raw.errorMessage;
}

function ownVerdict(container: unknown, eventName: string): string | undefined {
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return undefined;
  const value = (container as Record<string, unknown>)[eventName];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function statusIdOf(verdict: string): 1 | 2 | 99 {
  const v = verdict.toLowerCase();
  if (v === 'success' || v === 'succeeded') return 1;
  if (v === 'failure' || v === 'failed' || v === 'fail') return 2;
  return 99;
}

/**
 * `sourceIPAddress` → `src_endpoint.ip` when it is an IP address; otherwise it names a caller that is not
 * a host (`AWS Internal`, a service principal such as `ec2.amazonaws.com`) → `src_endpoint.domain`, as the
 * dossier says, and `svc_name` too: OCSF requires an endpoint to have one of ip/hostname/svc_name/…, and
 * `domain` is not among them.
 */
export function srcEndpointRule(raw: RawEvent, event: OcsfDraft, consumed: Set<string>): void {
  const source = raw.sourceIPAddress;
  if (typeof source !== 'string' || source === '') return;
  if (isIpAddress(source)) {
    // OCSF caps ip_t at 40 characters: a long IPv6 spelling is shortened to its canonical form, and then
    // the original text stays in `unmapped`.
    const ip = ocsfIp(source);
    if (ip === source) consumed.add('sourceIPAddress');
    if (ip !== undefined) setPath(event, 'src_endpoint.ip', ip);
    return;
  }
  consumed.add('sourceIPAddress');
  setPath(event, 'src_endpoint.domain', source);
  setPath(event, 'src_endpoint.svc_name', source);
}

/**
 * A `src_endpoint` holding none of the attributes OCSF's `at_least_one` constraint names in this version is
 * not emitted, and the raw fields mapped into it stay in `unmapped`. In 1.0.0-rc.2 `uid` is not one of them:
 * a VPC endpoint id alone (`vpcEndpointId` with a `sourceIPAddress` that is missing or not text) names no
 * endpoint there. `src_endpoint` is optional in every version; `dst_endpoint` always has `svc_name`.
 */
export function srcEndpointConstraintRule(
  event: OcsfDraft,
  identifying: readonly string[],
  rows: readonly { readonly raw: string; readonly ocsf: string }[],
  consumed: Set<string>,
): void {
  const endpoint = event.src_endpoint;
  if (endpoint === null || typeof endpoint !== 'object') return;
  for (const key of identifying) if ((endpoint as OcsfDraft)[key] !== undefined) return;
  event.src_endpoint = undefined;
  for (const row of rows) {
    if (!row.ocsf.startsWith('src_endpoint.')) continue;
    // a raw field another attribute still holds stays consumed
    const elsewhere = rows.some(
      (other) =>
        other.raw === row.raw && !other.ocsf.startsWith('src_endpoint.') && getPath(event, other.ocsf) !== undefined,
    );
    if (!elsewhere) consumed.delete(row.raw);
  }
}

/** Attributes of type json_t: free-form values, not OCSF strings. */
export const FREE_FORM: ReadonlySet<string> = new Set(['api.request.data', 'api.response.data']);

/**
 * An ARN's parts: `arn:<partition>:<service>:<region>:<account>:<resource>` (the resource may hold `:`).
 * CloudTrail's userIdentity.arn is `…:iam::<account>:user/<path>/<name>`, `…:sts::<account>:assumed-role/
 * <role>/<session>`, `…:sts::<account>:federated-user/<name>` or `…:iam::<account>:root`.
 */
function arnParts(arn: string): { account: string; resource: string } | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  let at = 4;
  for (let i = 0; i < 3; i++) {
    at = arn.indexOf(':', at) + 1;
    if (at === 0) return undefined;
  }
  const end = arn.indexOf(':', at);
  if (end === -1) return undefined;
  return { account: arn.slice(at, end), resource: arn.slice(end + 1) };
}

/** The name an ARN gives its principal: the last segment of the resource (`root` for the root user). */
export function arnName(arn: string): string | undefined {
  const parts = arnParts(arn);
  if (parts === undefined) return undefined;
  const name = parts.resource.slice(parts.resource.lastIndexOf('/') + 1);
  return name === '' ? undefined : name;
}

/** The 12-digit account id of an ARN, if it has one. */
export function arnAccount(arn: string): string | undefined {
  const account = arnParts(arn)?.account;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}
