/**
 * Auto-detection: how sure we are that an input is Route 53 Resolver query logs. Looks at the records core's
 * JSON reader produced (CloudWatch Logs messages already unwrapped) and falls back to the head text.
 */
import type { InputSample } from '@ocsfx/core';

/** 0.6–0.99 by the share of sampled JSON records with a query log's own fields; 0 for anything else. */
export function detectQueryLogs(sample: InputSample): number {
  let json = 0;
  let ours = 0;
  for (const record of sample.records) {
    if (record.kind !== 'json') continue;
    json++;
    const v = record.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    const r = v as Record<string, unknown>;
    if (
      typeof r.query_name === 'string' &&
      typeof r.query_type === 'string' &&
      (typeof r.srcaddr === 'string' || (r.srcids !== null && typeof r.srcids === 'object'))
    ) {
      ours++;
    }
  }
  if (json > 0) return ours > 0 ? 0.6 + 0.39 * (ours / json) : 0;
  const head = sample.head;
  return head.includes('"query_name"') && head.includes('"query_type"') && head.includes('"srcaddr"') ? 0.5 : 0;
}
