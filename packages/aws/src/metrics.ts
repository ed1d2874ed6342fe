import type { ObjectResult } from './process-object.js';

export const METRIC_NAMESPACE = 'ocsfx';

/** The metrics of one object's log line, and their CloudWatch units. */
const METRICS = [
  ['RecordsIn', 'Count'],
  ['Translated', 'Count'],
  ['Events', 'Count'],
  ['Skipped', 'Count'],
  ['Rejected', 'Count'],
  ['Failed', 'Count'],
  ['BytesIn', 'Bytes'],
  ['BytesOut', 'Bytes'],
  ['S3Retries', 'Count'],
  ['DurationMs', 'Milliseconds'],
] as const;

/**
 * One structured log line per object in CloudWatch Embedded Metric Format: CloudWatch Logs turns the named
 * members into metrics (namespace `ocsfx`, dimension `source`: the custom source, `none` when no plugin was chosen), and the line itself, with the rejects by
 * code, the plugin, the outputs and any error, stays searchable in Logs Insights.
 */
export function metricLine(r: ObjectResult, now = Date.now()): string {
  const s = r.stats;
  const values: Record<(typeof METRICS)[number][0], number> = {
    RecordsIn: s.recordsIn,
    Translated: s.emittedRecords,
    Events: s.events,
    Skipped: s.skipped,
    Rejected: s.rejected,
    Failed: r.outcome === 'failed' ? 1 : 0,
    BytesIn: s.bytesIn,
    BytesOut: r.bytesOut,
    S3Retries: r.s3.retries,
    DurationMs: Math.round(s.elapsedMs),
  };
  return JSON.stringify({
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['source']],
          Metrics: METRICS.map(([Name, Unit]) => ({ Name, Unit })),
        },
      ],
    },
    source: r.sourceName ?? 'none',
    message: `${r.object}: ${r.outcome}`,
    object: r.object,
    outcome: r.outcome,
    plugin: r.plugin,
    ...values,
    skippedByCode: s.skippedByReason,
    rejectedByCode: s.rejectedByReason,
    s3Requests: r.s3.requests,
    outputs: r.outputs,
    rejects: r.rejects,
    ...(r.error ? { error: r.error } : {}),
  });
}
