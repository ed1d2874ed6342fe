/**
 * The conditional mappings, one named rule each. Every rule reads the raw event, writes OCSF attributes
 * and names the raw paths it consumed (so they do not reappear in `unmapped`).
 */
import { isIpAddress, ocsfIp, STATUS, setPath } from '@ocsfx/core';

export type RawEvent = Readonly<Record<string, unknown>>;
export type OcsfDraft = Record<string, unknown>;

/** `status_id`/`status`: CloudTrail writes an `errorCode` exactly when a call failed. */
export function statusRule(raw: RawEvent, event: OcsfDraft): void {
  const failed = typeof raw.errorCode === 'string' && raw.errorCode !== '';
  event.status_id = failed ? 2 : 1;
  event.status = failed ? STATUS[2] : STATUS[1];
  if (typeof raw.errorMessage === 'string' && raw.errorMessage !== '') event.status_detail = raw.errorMessage;
}

/**
 * `sourceIPAddress` → `src_endpoint.ip` when it is an IP address; otherwise it names a caller that is not
 * a host (`AWS Internal`, `ec2.amazonaws.com`) → `src_endpoint.domain` and `svc_name` (OCSF wants an
 * endpoint to have an ip, a name, a service name, …; `domain` alone is not one). As the authentication
 * plugin does.
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

interface Resource {
  uid?: string;
  name?: string;
  type?: string;
  owner?: { account: { uid: string } };
}

/**
 * Request parameters that name the resource a call acts on, when CloudTrail's `resources[]` does not
 * list it: parameter → CloudFormation resource type. A value starting with `arn:` is the resource's uid,
 * anything else its name. The parameters stay in `api.request.data` as well.
 */
const REQUEST_RESOURCES: readonly (readonly [param: string, type: string])[] = [
  ['bucketName', 'AWS::S3::Bucket'],
  ['functionName', 'AWS::Lambda::Function'],
  ['instanceId', 'AWS::EC2::Instance'],
  ['tableName', 'AWS::DynamoDB::Table'],
  ['keyId', 'AWS::KMS::Key'],
  ['secretId', 'AWS::SecretsManager::Secret'],
  ['topicArn', 'AWS::SNS::Topic'],
  ['queueUrl', 'AWS::SQS::Queue'],
  ['logGroupName', 'AWS::Logs::LogGroup'],
  ['stackName', 'AWS::CloudFormation::Stack'],
  ['userName', 'AWS::IAM::User'],
  ['roleName', 'AWS::IAM::Role'],
  ['groupName', 'AWS::IAM::Group'],
  ['policyArn', 'AWS::IAM::ManagedPolicy'],
];

/**
 * `resources[]` (data events and some management events: `{ARN, accountId, type}`) → `resources[]` with
 * `uid`, `type` and the owning account (`owner.account.uid`: OCSF 1.1.0 resources have no `account`); then
 * the resources the request names that the list does not already hold (by uid or name).
 */
export function resourcesRule(raw: RawEvent, event: OcsfDraft, consumed: Set<string>): void {
  const out: Resource[] = [];
  const seen = new Set<string>();
  const listed = raw.resources;
  if (Array.isArray(listed)) {
    let all = true;
    for (const item of listed) {
      const resource = fromListed(item);
      if (resource === undefined) {
        all = false;
        continue;
      }
      out.push(resource);
      if (resource.uid !== undefined) seen.add(resource.uid);
    }
    if (all) consumed.add('resources');
  }
  const params = raw.requestParameters;
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    const p = params as Record<string, unknown>;
    for (const [param, type] of REQUEST_RESOURCES) {
      const value = p[param];
      if (typeof value !== 'string' || value === '' || alreadyListed(seen, value)) continue;
      seen.add(value);
      out.push(value.startsWith('arn:') ? { uid: value, type } : { name: value, type });
    }
  }
  if (out.length > 0) event.resources = out;
}

function fromListed(item: unknown): Resource | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const r = item as Record<string, unknown>;
  const arn = typeof r.ARN === 'string' && r.ARN !== '' ? r.ARN : typeof r.ARNPrefix === 'string' ? r.ARNPrefix : '';
  if (arn === '') return undefined;
  const resource: Resource = { uid: arn };
  if (typeof r.type === 'string' && r.type !== '') resource.type = r.type;
  if (typeof r.accountId === 'string' && r.accountId !== '') resource.owner = { account: { uid: r.accountId } };
  return resource;
}

/** Whether a resource is listed already, by uid, or by name at the end of an ARN (`arn:aws:s3:::bucket`). */
function alreadyListed(seen: ReadonlySet<string>, value: string): boolean {
  if (seen.has(value)) return true;
  for (const uid of seen) {
    if (uid.length <= value.length || !uid.endsWith(value)) continue;
    const before = uid.charAt(uid.length - value.length - 1);
    if (before === ':' || before === '/') return true;
  }
  return false;
}
