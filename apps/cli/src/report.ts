/**
 * `--report FILE`: a JSON account of a `translate` or `validate` run, per input and in total. Its shape is
 * `report.schema.json` (JSON Schema 2020-12) beside this package's README; `reportVersion` changes only
 * when a field changes meaning or goes away (new fields may be added).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { StatsSnapshot } from '@ocsfx/core';
import { usageError } from './errors.js';

export const REPORT_VERSION = 1;

const cliVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface ReportPlugin {
  id: string;
  package?: string;
  version?: string;
  ocsfVersion: string;
  classUid: number;
}

export interface TranslateCounts {
  recordsIn: number;
  translated: number;
  skipped: number;
  rejected: number;
  events: number;
  /** Translated records a plugin tagged (e.g. `vpc/nodata`), by code. */
  translatedByCode: Record<string, number>;
  skippedByCode: Record<string, number>;
  rejectedByCode: Record<string, number>;
  bytes: number;
  seconds: number;
}

export interface TranslateInputReport extends TranslateCounts {
  file: string;
  /** The plugins that translated this input (several when more than one claimed it), best first. */
  plugins: ReportPlugin[];
  /** Where this input's events went: a file, `-` for stdout. */
  output?: string;
  /** Why the input failed; records read before the failure are counted. */
  error?: string;
}

export interface Output {
  path: string;
  kind: 'events' | 'rejects' | 'report';
}

function header<C extends 'translate' | 'validate'>(command: C, startedAt: Date, exitCode: number) {
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: '@ocsfx/cli', version: cliVersion },
    command,
    startedAt: startedAt.toISOString(),
    exitCode,
  };
}

export function counts(s: StatsSnapshot): TranslateCounts {
  return {
    recordsIn: s.recordsIn,
    translated: s.emittedRecords,
    skipped: s.skipped,
    rejected: s.rejected,
    events: s.events,
    translatedByCode: { ...(s.emittedByCode ?? {}) },
    skippedByCode: { ...s.skippedByReason },
    rejectedByCode: { ...s.rejectedByReason },
    bytes: s.bytesIn,
    seconds: round(s.elapsedMs / 1000),
  };
}

export function translateReport(
  inputs: TranslateInputReport[],
  total: StatsSnapshot,
  outputs: Output[],
  exitCode: number,
  startedAt: Date,
) {
  return {
    ...header('translate' as const, startedAt, exitCode),
    inputs,
    total: { files: total.files, failedFiles: total.failedFiles, ...counts(total) },
    outputs,
  };
}

export interface ValidateInputReport {
  file: string;
  events: number;
  valid: number;
  invalid: number;
  warnings: number;
  /** OCSF versions checked against, with the number of events each. */
  ocsfVersions: Record<string, number>;
  bytes: number;
  seconds: number;
  error?: string;
}

export function validateReport(inputs: ValidateInputReport[], exitCode: number, startedAt: Date, seconds: number) {
  const sum = (k: 'events' | 'valid' | 'invalid' | 'warnings' | 'bytes') => inputs.reduce((n, i) => n + i[k], 0);
  const versions: Record<string, number> = {};
  for (const i of inputs) for (const [v, n] of Object.entries(i.ocsfVersions)) versions[v] = (versions[v] ?? 0) + n;
  return {
    ...header('validate' as const, startedAt, exitCode),
    inputs,
    total: {
      files: inputs.length,
      failedFiles: inputs.filter((i) => i.error !== undefined).length,
      events: sum('events'),
      valid: sum('valid'),
      invalid: sum('invalid'),
      warnings: sum('warnings'),
      ocsfVersions: versions,
      bytes: sum('bytes'),
      seconds: round(seconds),
    },
    outputs: [] as Output[],
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Writes the report atomically (a temp file renamed into place); `-` is stdout. */
export async function writeReport(path: string, report: unknown): Promise<void> {
  const { openSink } = await import('@ocsfx/core');
  const sink = await openSink(path);
  try {
    const p = sink.write(`${JSON.stringify(report, null, 2)}\n`);
    if (p) await p;
    await sink.commit();
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

/**
 * `--report FILE` must be a file of its own: not standard output when the events go there, not the events
 * file, the rejects file or an input.
 */
export function checkReportPath(
  report: string,
  cwd: string,
  outputs: { flag: string; path: string | undefined }[],
  inputs: readonly string[],
): void {
  if (report === '-') {
    const stdout = outputs.find((o) => o.path === undefined || o.path === '-');
    if (stdout) throw usageError(`--report - and ${stdout.flag} both write to standard output; give --report a file`);
    return;
  }
  const target = resolve(cwd, report);
  for (const o of outputs) {
    if (o.path && o.path !== '-' && resolve(cwd, o.path) === target) {
      throw usageError(`--report ${report} is also ${o.flag}; give the report a file of its own`);
    }
  }
  if (inputs.some((f) => f !== '-' && resolve(cwd, f) === target)) {
    throw usageError(`--report ${report} is one of the inputs; give the report a file of its own`);
  }
}
