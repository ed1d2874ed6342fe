import {
  createValidator,
  type EventCheck,
  formatLocation,
  InputError,
  type OcsfValidator,
  openInput,
  type Plugin,
  type ValidationIssue,
} from '@ocsfx/core';
import { installExitHandlers } from './cleanup.js';
import { CliError, usageError } from './errors.js';
import { expandInputs, refuseEmptyPaths } from './inputs.js';
import { checkReportPath, type ValidateInputReport, validateReport, writeReport } from './report.js';

export interface ValidateFlags {
  ocsfVersion?: string;
  ocsfSchema?: string;
  quiet?: boolean;
  /** `--report FILE`: write the run's JSON report there. */
  report?: string;
  /** Deprecated attributes fail the event instead of being warnings. */
  strict?: boolean;
}

/** Issues as one line: `/src_endpoint/port: must be integer; …`. */
export function formatIssues(issues: readonly ValidationIssue[], max = 5): string {
  const shown = issues.slice(0, max).map((i) => `${i.pointer || '/'}: ${i.message}`);
  if (issues.length > max) shown.push(`… ${issues.length - max} more`);
  return shown.join('; ');
}

function validatorFactory(schemaDir: string | undefined) {
  const cache = new Map<string, OcsfValidator>();
  return (version: string, classUid?: number): OcsfValidator => {
    const key = `${version}|${classUid ?? ''}`;
    let v = cache.get(key);
    if (!v) {
      try {
        v = createValidator({ version, classUid, schemaDir });
      } catch (err) {
        throw new CliError(`cannot validate OCSF ${version}: ${(err as Error).message}`);
      }
      cache.set(key, v);
    }
    return v;
  };
}

/**
 * The `--validate` check for `translate`: one validator per plugin class and version. A plugin that emits
 * several classes (`ocsf.otherClasses`) has each event checked as the class it names, one of the plugin's.
 */
export function makeCheck(plugin: Plugin, version: string, schemaDir: string | undefined): Promise<EventCheck> {
  const factory = validatorFactory(schemaDir);
  const classes = [plugin.ocsf.classUid, ...(plugin.ocsf.otherClasses ?? []).map((c) => c.classUid)];
  const validators = new Map(classes.map((uid) => [uid, factory(version, uid)]));
  const main = validators.get(plugin.ocsf.classUid) as OcsfValidator;
  return Promise.resolve((event) => {
    const validator = classes.length === 1 ? main : validators.get(event.class_uid as number);
    if (validator === undefined) {
      return `invalid OCSF ${version}: /class_uid: ${JSON.stringify(event.class_uid)} is not a class plugin ${plugin.id} emits (${classes.join(', ')})`;
    }
    const issues = validator.validate(event);
    return issues.length ? `invalid OCSF ${version}: ${formatIssues(issues)}` : undefined;
  });
}

/** Runs `ocsfx validate`; returns the exit code (1 when any event is invalid or an input fails). */
export async function validateCommand(
  inputArgs: readonly string[],
  flags: ValidateFlags,
  io: { stdin: NodeJS.ReadableStream; stdout: (text: string) => void; stderr: (line: string) => void },
): Promise<number> {
  if (inputArgs.length === 0) {
    if ((io.stdin as { isTTY?: boolean }).isTTY)
      throw usageError('no input: give OCSF JSON/JSONL files, or - for standard input');
    inputArgs = ['-'];
  }
  refuseEmptyPaths(inputArgs, { '--report': flags.report, '--ocsf-schema': flags.ocsfSchema });
  installExitHandlers();
  const files = await expandInputs(inputArgs);
  // The invalid events are printed on stdout.
  if (flags.report) checkReportPath(flags.report, process.cwd(), [{ flag: 'the findings', path: '-' }], files);
  const validatorFor = validatorFactory(flags.ocsfSchema);
  const startedAt = new Date();
  const started = performance.now();
  const reports: ValidateInputReport[] = [];
  let events = 0;
  let invalid = 0;
  let warned = 0;
  let failed = false;
  for (const file of files) {
    // This input's figures are the run's counters' growth while it is read.
    const before = { events, invalid, warned, at: performance.now() };
    const versions: Record<string, number> = {};
    let bytes = 0;
    let error: string | undefined;
    try {
      const input = await openInput(file, { stdin: io.stdin, parquet: 'json' });
      try {
        // An empty file holds 0 events, as `translate` writes for an input with none.
        if (input.format === 'text' && (await input.sample()).head.trim() === '') continue;
        if (input.format !== 'json' && input.format !== 'parquet') {
          throw new CliError(`${input.file}: expected OCSF as JSON, JSONL or Parquet, found ${input.format}`);
        }
        for await (const batch of input.records()) {
          for (const item of batch) {
            events++;
            if (item.kind !== 'json') {
              invalid++;
              const where = formatLocation(item.location);
              io.stdout(`${where}: ${item.kind === 'issue' ? `${item.code}: ${item.reason}` : 'not a JSON object'}\n`);
              continue;
            }
            const event = item.value as Record<string, unknown> | null;
            const version = flags.ocsfVersion ?? versionOf(event);
            const where = formatLocation(item.location);
            if (!version) {
              invalid++;
              io.stdout(`${where}: /metadata/version: missing; pass --ocsf-version\n`);
              continue;
            }
            versions[version] = (versions[version] ?? 0) + 1;
            const validator = validatorFor(version);
            const issues = validator.validate(event);
            // Deprecated attributes are warnings: valid OCSF that a newer mapping would write differently.
            const warnings = validator.deprecations(event);
            if (issues.length || (flags.strict && warnings.length)) invalid++;
            else if (warnings.length) warned++;
            for (const issue of issues)
              io.stdout(`${where}: ${issue.pointer || '/'}: ${issue.message} [${issue.code}]\n`);
            if (flags.strict || !flags.quiet) {
              const label = flags.strict ? 'error' : 'warning';
              for (const w of warnings) io.stdout(`${where}: ${label}: ${w.pointer}: ${w.message} [${w.code}]\n`);
            }
          }
        }
      } finally {
        bytes = input.bytesRead();
        await input.close();
      }
    } catch (err) {
      if (!(err instanceof CliError || err instanceof InputError)) throw err;
      failed = true;
      error = err.message;
      io.stderr(`ocsfx: error: ${err.message}`);
    }
    reports.push({
      file: file === '-' ? '<stdin>' : file,
      events: events - before.events,
      valid: events - before.events - (invalid - before.invalid),
      invalid: invalid - before.invalid,
      warnings: warned - before.warned,
      ocsfVersions: versions,
      bytes,
      seconds: Math.round(performance.now() - before.at) / 1000,
      ...(error !== undefined ? { error } : {}),
    });
  }
  if (!flags.quiet) {
    const warnings = warned ? `, ${warned} valid with deprecated attributes (warnings; --strict fails them)` : '';
    io.stderr(`ocsfx validate: ${events} events, ${events - invalid} valid, ${invalid} invalid${warnings}`);
  }
  const exitCode = invalid > 0 || failed ? 1 : 0;
  if (flags.report) {
    await writeReport(flags.report, validateReport(reports, exitCode, startedAt, (performance.now() - started) / 1000));
  }
  return exitCode;
}

function versionOf(event: Record<string, unknown> | null): string | undefined {
  const metadata = event?.metadata as { version?: unknown } | undefined;
  return typeof metadata?.version === 'string' ? metadata.version : undefined;
}
