/**
 * Auto-detection: how sure we are that an input is CloudTrail with events for this plugin. Looks at the
 * records core's JSON reader produced (the envelope is already unwrapped) and falls back to the head text.
 */
import type { InputSample } from '@ocsfx/core';
import { AUTHENTICATION_EVENTS } from './events.js';

const CLOUDTRAIL_KEYS = ['eventVersion', 'eventSource', 'eventName'] as const;

/**
 * 0.6–0.98 by the share of sampled records that are CloudTrail events other than sign-ins (Insights events
 * included); 0.55 when the sample holds only sign-ins, so that the file is still claimed (its later records
 * may be any API call) but ranks below the authentication plugin; 0 for anything else.
 */
export function detectCloudTrail(sample: InputSample): number {
  let json = 0;
  let ours = 0;
  let signIns = 0;
  for (const record of sample.records) {
    if (record.kind !== 'json') continue;
    json++;
    const value = record.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const v = value as Record<string, unknown>;
    // CloudTrail exported through Logstash/Elastic keeps the time only as `@timestamp`.
    const time = v.eventTime ?? v['@timestamp'];
    if (CLOUDTRAIL_KEYS.every((key) => typeof v[key] === 'string') && typeof time === 'string') {
      if (AUTHENTICATION_EVENTS.has(v.eventName as string)) signIns++;
      else ours++;
    } else if (v.eventType === 'AwsCloudTrailInsight') {
      ours++;
    }
  }
  if (json > 0) {
    if (ours > 0) return 0.6 + 0.38 * (ours / json);
    return signIns > 0 ? 0.55 : 0;
  }
  const head = sample.head;
  if (head.includes('"eventVersion"') && head.includes('"eventSource"') && head.includes('"eventName"')) return 0.5;
  return 0;
}
