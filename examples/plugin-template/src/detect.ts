import type { InputSample } from '@ocsfx/core';

/** Every Acme Edge Firewall record names its type, e.g. `acme.edge.flow` or `acme.edge.heartbeat`. */
export const LOG_TYPE_PREFIX = 'acme.edge.';

/**
 * Confidence that an input is Acme Edge Firewall NDJSON: the share of sampled JSON records whose
 * `log_type` carries the vendor prefix. The marker is specific, so a single match is already strong;
 * other plugins' inputs (CloudTrail, VPC Flow Logs) score 0.
 */
export function detectAcme(sample: InputSample): number {
  if (sample.format !== 'json') return 0;
  let json = 0;
  let ours = 0;
  for (const record of sample.records) {
    if (record.kind !== 'json') continue;
    json++;
    const value = record.value;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const logType = (value as Record<string, unknown>).log_type;
      if (typeof logType === 'string' && logType.startsWith(LOG_TYPE_PREFIX)) ours++;
    }
  }
  if (json === 0 || ours === 0) return 0;
  return 0.7 + 0.3 * (ours / json);
}
