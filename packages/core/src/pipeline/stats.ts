/**
 * Run statistics. The invariant `recordsIn = emittedRecords + skipped + rejected` holds per file and for
 * a run: every record read is accounted for exactly once.
 */
export interface StatsSnapshot {
  files: number;
  failedFiles: number;
  recordsIn: number;
  /** Records that produced at least one event. */
  emittedRecords: number;
  /** Events written (a record may produce more than one). */
  events: number;
  /** Emitted records a plugin tagged with a code (a subset of emittedRecords). */
  emittedByCode: Record<string, number>;
  skipped: number;
  rejected: number;
  skippedByReason: Record<string, number>;
  rejectedByReason: Record<string, number>;
  bytesIn: number;
  elapsedMs: number;
}

export class Stats {
  files = 0;
  failedFiles = 0;
  recordsIn = 0;
  emittedRecords = 0;
  events = 0;
  skipped = 0;
  rejected = 0;
  bytesIn = 0;
  readonly emittedByCode = new Map<string, number>();
  readonly skippedByReason = new Map<string, number>();
  readonly rejectedByReason = new Map<string, number>();
  readonly #start = performance.now();
  #end: number | undefined;

  tagEmitted(code: string) {
    this.emittedByCode.set(code, (this.emittedByCode.get(code) ?? 0) + 1);
  }

  skip(code: string) {
    this.skipped++;
    this.skippedByReason.set(code, (this.skippedByReason.get(code) ?? 0) + 1);
  }

  reject(code: string) {
    this.rejected++;
    this.rejectedByReason.set(code, (this.rejectedByReason.get(code) ?? 0) + 1);
  }

  finish() {
    this.#end ??= performance.now();
  }

  get elapsedMs(): number {
    return (this.#end ?? performance.now()) - this.#start;
  }

  /** Adds another run's (or file's, or worker's) figures into this one. */
  merge(other: StatsSnapshot) {
    this.files += other.files;
    this.failedFiles += other.failedFiles;
    this.recordsIn += other.recordsIn;
    this.emittedRecords += other.emittedRecords;
    this.events += other.events;
    this.skipped += other.skipped;
    this.rejected += other.rejected;
    this.bytesIn += other.bytesIn;
    for (const [k, v] of Object.entries(other.emittedByCode ?? {}))
      this.emittedByCode.set(k, (this.emittedByCode.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(other.skippedByReason))
      this.skippedByReason.set(k, (this.skippedByReason.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(other.rejectedByReason))
      this.rejectedByReason.set(k, (this.rejectedByReason.get(k) ?? 0) + v);
  }

  snapshot(): StatsSnapshot {
    return {
      files: this.files,
      failedFiles: this.failedFiles,
      recordsIn: this.recordsIn,
      emittedRecords: this.emittedRecords,
      events: this.events,
      emittedByCode: Object.fromEntries(this.emittedByCode),
      skipped: this.skipped,
      rejected: this.rejected,
      skippedByReason: Object.fromEntries(this.skippedByReason),
      rejectedByReason: Object.fromEntries(this.rejectedByReason),
      bytesIn: this.bytesIn,
      elapsedMs: this.elapsedMs,
    };
  }

  /** True when every record read was counted exactly once. */
  balanced(): boolean {
    return this.recordsIn === this.emittedRecords + this.skipped + this.rejected;
  }
}

/** One human line per figure, for the end-of-run summary on stderr. */
export function formatSummary(s: StatsSnapshot): string {
  const secs = s.elapsedMs / 1000;
  const rate = secs > 0 ? Math.round(s.recordsIn / secs) : s.recordsIn;
  const mb = s.bytesIn / 1e6;
  const lines = [
    `ocsfx: ${s.files} file${s.files === 1 ? '' : 's'}${s.failedFiles ? ` (${s.failedFiles} failed)` : ''}, ${s.recordsIn} records in: ${s.emittedRecords} translated (${s.events} event${s.events === 1 ? '' : 's'}), ${s.skipped} skipped, ${s.rejected} rejected`,
  ];
  // Tagged records are translated records counted apart (e.g. VPC NODATA), not a problem: say so.
  for (const [code, n] of sortedEntries(s.emittedByCode ?? {}))
    lines.push(`  of which ${n.toString().padStart(8)}  ${code} (translated)`);
  for (const [code, n] of sortedEntries(s.skippedByReason))
    lines.push(`  skipped  ${n.toString().padStart(8)}  ${code}`);
  for (const [code, n] of sortedEntries(s.rejectedByReason))
    lines.push(`  rejected ${n.toString().padStart(8)}  ${code}`);
  lines.push(
    `  ${secs.toFixed(2)} s, ${rate} records/s, ${mb.toFixed(1)} MB read (${secs > 0 ? (mb / secs).toFixed(1) : mb.toFixed(1)} MB/s)`,
  );
  return lines.join('\n');
}

function sortedEntries(map: Record<string, number>): [string, number][] {
  return Object.entries(map).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
