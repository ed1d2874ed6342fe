import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  compressionAvailable,
  createJsonArrayWriter,
  createJsonlWriter,
  createParquetWriter,
  type EventWriter,
  formatSummary,
  openSink,
  type PluginRegistry,
  Stats,
  type StatsSnapshot,
  type TextSink,
} from '@ocsfx/core';
import { CliError, usageError } from './errors.js';
import { expandInputs } from './inputs.js';
import { isDirectoryOutput, planOutputs } from './outputs.js';
import { runPool } from './pool.js';
import { ProgressTracker, startProgress } from './progress.js';
import { stderrRejects } from './rejects-output.js';
import {
  checkReportPath,
  counts,
  type Output,
  type ReportPlugin,
  type TranslateInputReport,
  translateReport,
  writeReport,
} from './report.js';
import { pluginsByIds } from './select-plugin.js';
import { type CheckFactory, type FileEnv, translateFile, versionFor } from './translate-file.js';
import type { TranslateFlags } from './translate-flags.js';
import type { WorkerJob } from './worker.js';

export type { TranslateFlags } from './translate-flags.js';

export interface TranslateIo {
  stdin: NodeJS.ReadableStream;
  stderr: (line: string) => void;
  cwd: string;
  pluginArgs: string[];
  failedPackages: readonly string[];
  /** Builds the --validate check for a plugin's class and version. */
  makeCheck?: CheckFactory;
}

export const defaultJobs = () => Math.max(1, availableParallelism());

/** Runs `ocsfx translate`; returns the exit code. */
export async function translateCommand(
  inputArgs: readonly string[],
  flags: TranslateFlags,
  registry: PluginRegistry,
  io: TranslateIo,
): Promise<number> {
  if (inputArgs.length === 0) {
    if ((io.stdin as { isTTY?: boolean }).isTTY) {
      throw usageError(
        'no input: give files, directories or globs, or - to read standard input (see ocsfx translate --help)',
      );
    }
    inputArgs = ['-'];
  }
  if (inputArgs.filter((a) => a === '-').length > 1) throw usageError('standard input (-) can be read only once');
  if (registry.size === 0) {
    throw new CliError(
      'no ocsfx plugins are installed; install one, e.g. npm install @ocsfx/plugin-vpc-flowlogs (see ocsfx plugins)',
    );
  }
  if (flags.source) {
    for (const plugin of pluginsByIds(registry, flags.source)) {
      if (flags.ocsfVersion) versionFor(plugin, flags.ocsfVersion);
    }
  }
  if (flags.format === 'parquet') checkParquetFlags(flags);
  const files = await expandInputs(inputArgs, io.cwd);
  if (flags.report) {
    const outputs = [{ flag: '-o', path: flags.output }];
    if (flags.rejects) outputs.push({ flag: '--rejects', path: flags.rejects });
    checkReportPath(flags.report, io.cwd, outputs, files);
  }
  const extension = flags.format === 'json' ? 'json' : 'jsonl';
  const perFile =
    flags.format !== 'parquet' && flags.output && isDirectoryOutput(flags.output, files.length)
      ? planOutputs(files, flags.output, extension)
      : undefined;
  // Workers write whole files; a JSON array to one destination, and stdin, are translated on this thread.
  const jobs = Math.min(flags.jobs, files.length);
  // Parquet: one writer holds every partition's open file, so its files are translated on this thread.
  const parallel =
    jobs > 1 &&
    flags.format !== 'parquet' &&
    !files.includes('-') &&
    (perFile !== undefined || flags.format === 'jsonl');

  const startedAt = new Date();
  const stats = new Stats();
  const run: Run = {
    stats,
    tracker: new ProgressTracker(files, io.cwd, () => stats.recordsIn),
    inputs: [],
    failedFiles: 0,
    reportFailure: (message: string) => {
      run.failedFiles++;
      io.stderr(`ocsfx: error: ${message}`);
    },
    fileDone: (i, snapshot, pluginIds, error) => {
      run.tracker.filesDone++;
      if (!flags.report) return;
      run.inputs[i] = {
        file: files[i] === '-' ? '<stdin>' : files[i]!,
        plugins: pluginIds.map((id) => reportPlugin(registry, id, flags.ocsfVersion)),
        ...(perFile ? { output: perFile[i] } : {}),
        ...counts(snapshot),
        ...(error !== undefined ? { error } : {}),
      };
    },
  };
  const stopProgress = startProgress(run.tracker, { force: flags.progress === true, quiet: flags.quiet === true });
  try {
    if (parallel) await translateParallel(files, perFile, flags, io, run, jobs);
    else await translateSequential(files, perFile, flags, registry, io, run);
  } finally {
    stopProgress();
  }
  stats.finish();
  if (!flags.quiet) io.stderr(formatSummary(stats.snapshot()));
  const invalid = stats.rejectedByReason.get('ocsf/invalid') ?? 0;
  let exitCode = run.failedFiles > 0 ? 1 : 0;
  if (flags.validate && invalid > 0) {
    io.stderr(`ocsfx: error: ${invalid} event${invalid === 1 ? '' : 's'} failed OCSF validation (see the rejects)`);
    exitCode = 1;
  }
  if (flags.report) {
    const outputs: Output[] = [];
    if (perFile) for (const path of perFile) if (existsSync(path)) outputs.push({ path, kind: 'events' });
    if (!perFile) outputs.push({ path: flags.output ?? '-', kind: 'events' });
    if (flags.rejects) outputs.push({ path: flags.rejects, kind: 'rejects' });
    await writeReport(flags.report, translateReport(run.inputs, stats.snapshot(), outputs, exitCode, startedAt));
  }
  return exitCode;
}

/** One run's shared state: figures, progress, and what the report needs per input. */
interface Run {
  stats: Stats;
  tracker: ProgressTracker;
  inputs: TranslateInputReport[];
  failedFiles: number;
  reportFailure: (message: string) => void;
  /** Input `i` is done: its own figures, the ids of the plugins that translated it, its error. */
  fileDone: (i: number, snapshot: StatsSnapshot, pluginIds: readonly string[], error: string | undefined) => void;
}

function reportPlugin(registry: PluginRegistry, id: string, requested: string | undefined): ReportPlugin {
  const entry = registry.entry(id);
  const plugin = entry?.plugin;
  return {
    id,
    ...(entry?.origin.packageName ? { package: entry.origin.packageName } : {}),
    ...(entry?.origin.version ? { version: entry.origin.version } : {}),
    ocsfVersion: requested ?? plugin?.ocsf.defaultVersion ?? '',
    classUid: plugin?.ocsf.classUid ?? 0,
  };
}

async function translateSequential(
  files: readonly string[],
  perFile: readonly string[] | undefined,
  flags: TranslateFlags,
  registry: PluginRegistry,
  io: TranslateIo,
  run: Run,
) {
  const makeWriter = flags.format === 'json' ? createJsonArrayWriter : createJsonlWriter;
  const shared = perFile
    ? undefined
    : flags.format === 'parquet'
      ? parquetWriter(flags)
      : await makeWriter(flags.output ?? '-');
  const rejectsFile = flags.rejects ? await createJsonlWriter(flags.rejects) : undefined;
  const env: FileEnv = {
    registry,
    failedPackages: io.failedPackages,
    flags,
    stdin: io.stdin,
    makeCheck: io.makeCheck,
    rejects: rejectsFile ?? stderrRejects(io.stderr, flags.quiet === true),
    translators: new Map(),
  };
  try {
    for (let i = 0; i < files.length; i++) {
      const output = perFile ? { open: () => makeWriter(perFile[i]!), keepPartial: false } : { writer: shared! };
      // Each input's own figures (for the report), added to the run's as it ends; progress reads both.
      const fileStats = new Stats();
      let used: readonly string[] = [];
      env.observer = {
        opened: (input) => run.tracker.watch(input),
        plugins: (plugins) => {
          used = plugins.map((p) => p.id);
        },
      };
      run.tracker.setRecords(() => run.stats.recordsIn + fileStats.recordsIn);
      const error = await translateFile(files[i]!, env, fileStats, output);
      fileStats.finish();
      const snapshot = fileStats.snapshot();
      run.stats.merge(snapshot);
      run.tracker.setRecords(() => run.stats.recordsIn);
      run.fileDone(i, snapshot, used, error);
      if (error) run.reportFailure(error);
    }
    await shared?.close();
    await rejectsFile?.close();
  } catch (err) {
    await shared?.abort();
    await rejectsFile?.abort();
    throw err;
  }
}

async function translateParallel(
  files: readonly string[],
  perFile: readonly string[] | undefined,
  flags: TranslateFlags,
  io: TranslateIo,
  run: Run,
  jobs: number,
) {
  // Pieces of one destination (stdout, one output file, the rejects file) are written by the workers to
  // temp files and appended here in input order.
  const tempBase = flags.output ?? flags.rejects;
  const temp = await mkdtemp(join(tempBase ? dirname(tempBase) : tmpdir(), '.ocsfx-'));
  const shared = perFile ? undefined : await openSink(flags.output ?? '-');
  const rejectsSink = flags.rejects ? await openSink(flags.rejects) : undefined;
  const jobList: WorkerJob[] = files.map((file, id) => ({
    id,
    file,
    output: perFile ? perFile[id]! : join(temp, `${id}.out`),
    rejects: rejectsSink ? join(temp, `${id}.rejects`) : undefined,
    keepPartial: !perFile,
  }));
  try {
    const progress = run.tracker.share(files.length);
    await runPool(jobs, { cwd: io.cwd, pluginArgs: io.pluginArgs, flags, progress }, jobList, async (result) => {
      run.stats.merge(result.stats);
      run.fileDone(result.id, result.stats, result.plugins, result.error);
      if (result.error) run.reportFailure(result.error);
      const job = jobList[result.id]!;
      if (shared && result.wrote) await appendFile(shared, job.output);
      if (rejectsSink && job.rejects) await appendFile(rejectsSink, job.rejects);
    });
    await shared?.commit();
    await rejectsSink?.commit();
  } catch (err) {
    await shared?.abort();
    await rejectsSink?.abort();
    throw err;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

async function appendFile(sink: TextSink, path: string): Promise<void> {
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    for await (const chunk of stream) {
      const p = sink.write(chunk as string);
      if (p) await p;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  await rm(path, { force: true });
}

function checkParquetFlags(flags: TranslateFlags): void {
  if (!flags.output || flags.output === '-') {
    throw usageError('-f parquet writes files: give an output directory with -o DIR');
  }
  if (flags.layout === 'security-lake' && !flags.sourceName) {
    throw usageError('--layout security-lake needs --source-name NAME (the Security Lake custom source)');
  }
  if (flags.compression === 'zstd' && !compressionAvailable('zstd')) {
    throw usageError(`--compression zstd needs Node.js 22.15 or later (this is ${process.version}); use gzip`);
  }
}

function parquetWriter(flags: TranslateFlags): EventWriter {
  try {
    return createParquetWriter({
      dir: flags.output as string,
      layout: flags.layout,
      sourceName: flags.sourceName,
      compression: flags.compression,
    });
  } catch (err) {
    throw usageError((err as Error).message);
  }
}
