/**
 * Auto-detection: how sure we are that an input is CloudTrail. Looks at the records core's JSON reader
 * produced (the envelope is already unwrapped) and falls back to the head text when there are none.
 */
import type { InputSample } from '@ocsfx/core';

const CLOUDTRAIL_KEYS = ['eventVersion', 'eventSource', 'eventName'] as const;

export function detectCloudTrail(sample: InputSample): number {
  let json = 0;
  let events = 0;
  let other = 0;
  for (const record of sample.records) {
    if (record.kind !== 'json') continue;
    json++;
    const kind = recordKind(record.value);
    if (kind === 'event') events++;
    else if (kind === 'other-cloudtrail') other++;
  }
  if (json > 0) {
    if (events > 0) return Math.min(1, 0.6 + 0.39 * ((events + other) / json));
    // Only Insights events or a digest file: CloudTrail, but nothing this plugin would emit.
    if (other > 0) return 0.5;
    return 0;
  }
  // No records (the reader could not parse the sample): trust the head only when it names CloudTrail keys.
  const head = sample.head;
  if (head.includes('"eventVersion"') && head.includes('"eventSource"') && head.includes('"eventName"')) return 0.5;
  return 0;
}

function recordKind(value: unknown): 'event' | 'other-cloudtrail' | 'none' {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'none';
  const v = value as Record<string, unknown>;
  // CloudTrail exported through Logstash/Elastic keeps the time only as `@timestamp` (the translator reads it).
  const time = v.eventTime ?? v['@timestamp'];
  if (CLOUDTRAIL_KEYS.every((key) => typeof v[key] === 'string') && typeof time === 'string') return 'event';
  if (v.eventType === 'AwsCloudTrailInsight') return 'other-cloudtrail';
  if ('digestStartTime' in v && 'awsAccountId' in v) return 'other-cloudtrail';
  return 'none';
}
