import { createReadStream, existsSync, rmdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  compressionAvailable,
  compressionLevelProblem,
  createJsonArrayWriter,
  createJsonlWriter,
  createParquetWriter,
  type EventWriter,
  ensureDir,
  formatSummary,
  OutputError,
  openSink,
  type PluginRegistry,
  Stats,
  type StatsSnapshot,
  type TextSink,
} from '@ocsfx/core';
import { exitEarly, installExitHandlers, onEarlyExit, sweepTemps } from './cleanup.js';
import { checkDestinations } from './destinations.js';
import { CliError, errorMessage, usageError } from './errors.js';
import { expandInputs, refuseEmptyPaths } from './inputs.js';
import { checkLakeClasses, lakeSourceNames } from './lake-sources.js';
import { type OutputPlan, partialPath, planOutput } from './outputs.js';
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
import { withS3Outputs } from './s3.js';
import { SplitPool } from './split-pool.js';
import {
  type CheckFactory,
  checkSourceAndVersion,
  type FileEnv,
  type FileOutput,
  translateFile,
} from './translate-file.js';
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

/** Runs `ocsfx translate`; returns the exit code. `s3://` outputs are written locally, then uploaded. */
export function translateCommand(
  inputArgs: readonly string[],
  flags: TranslateFlags,
  registry: PluginRegistry,
  io: TranslateIo,
): Promise<number> {
  refuseEmptyPaths(inputArgs, {
    '-o/--output': flags.output,
    '--rejects': flags.rejects,
    '--report': flags.report,
    '--ocsf-schema': flags.ocsfSchema,
  });
  return withS3Outputs(flags, io.cwd, (local) => translateLocal(inputArgs, local, registry, io));
}

async function translateLocal(
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
  checkSourceAndVersion(registry, flags.source, flags.ocsfVersion);
  if (flags.format === 'parquet') checkParquetFlags(flags);
  installExitHandlers();
  const skip = [flags.output, flags.rejects, flags.report].filter((p): p is string => p !== undefined && p !== '-');
  const files = await expandInputs(inputArgs, io.cwd, { exclude: flags.exclude, skip });
  if (flags.report) {
    const outputs = [{ flag: '-o', path: flags.output }];
    if (flags.rejects) outputs.push({ flag: '--rejects', path: flags.rejects });
    checkReportPath(flags.report, io.cwd, outputs, files);
  }
  const plan = planOutput(files, flags.output, flags.format, io.cwd);
  checkDestinations(files, plan, { rejects: flags.rejects, report: flags.report }, io.cwd);
  if (plan.kind === 'parquet' && flags.layout === 'security-lake') {
    await checkLakeClasses(files, flags, registry, io.failedPackages);
  }
  const tempDirs = tempDirsOf(plan, [flags.rejects, flags.report], io.cwd);
  sweepTemps(tempDirs, 'stale');
  const removeSweep = onEarlyExit(() => {
    sweepTemps(tempDirs, 'mine');
  });

  // Workers write whole files; a JSON array to one destination, and stdin, are translated on this thread.
  const jobs = Math.min(flags.jobs, files.length);
  // Parquet: one writer holds every partition's open file, so its files are translated on this thread.
  const parallel =
    jobs > 1 && plan.kind !== 'parquet' && !files.includes('-') && (plan.kind === 'dir' || flags.format === 'jsonl');

  const startedAt = new Date();
  const stats = new Stats();
  const run: Run = {
    stats,
    tracker: new ProgressTracker(files, io.cwd, () => stats.recordsIn),
    inputs: [],
    failedFiles: 0,
    dropped: false,
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
        ...(plan.kind === 'dir' ? { output: plan.paths[i] } : {}),
        ...counts(snapshot),
        ...(error !== undefined ? { error } : {}),
      };
    },
  };
  const stopProgress = startProgress(run.tracker, { force: flags.progress === true, quiet: flags.quiet === true });
  const made = missingDirs(outputPaths(plan, flags.rejects), io.cwd);
  try {
    if (plan.kind === 'dir') await ensureDir(plan.dir, plan.dir);
    if (parallel) await translateParallel(files, plan, flags, io, run, jobs);
    else await translateSequential(files, plan, flags, registry, io, run, jobs === 1 && flags.jobs > 1);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') await exitEarly(0);
    throw cliErrorOf(err, flags);
  } finally {
    stopProgress();
    removeSweep();
    sweepTemps(tempDirs, 'mine');
    if (run.dropped) removeEmptyDirs(made);
  }
  stats.finish();
  if (!flags.quiet) io.stderr(formatSummary(stats.snapshot()));
  else if (stats.rejected > 0 && !flags.rejects) {
    // -q silences the summary and the per-record lines, but rejected records never go unmentioned.
    io.stderr(`ocsfx: warning: ${rejectedText(stats)} (not kept: use --rejects FILE to keep them)`);
  }
  const invalid = stats.rejectedByReason.get('ocsf/invalid') ?? 0;
  let exitCode = run.failedFiles > 0 ? 1 : 0;
  if (flags.validate && invalid > 0) {
    io.stderr(`ocsfx: error: ${invalid} event${invalid === 1 ? '' : 's'} failed OCSF validation (see the rejects)`);
    exitCode = 1;
  }
  if (flags.failOnReject && stats.rejected > 0) {
    io.stderr(`ocsfx: error: ${rejectedText(stats)} (--fail-on-reject)`);
    exitCode = 1;
  }
  if (flags.report) {
    const outputs: Output[] = [];
    if (plan.kind === 'dir') {
      for (const path of plan.paths) {
        if (existsSync(path)) outputs.push({ path, kind: 'events' });
        else if (existsSync(partialPath(path))) outputs.push({ path: partialPath(path), kind: 'events' });
      }
    } else
      outputs.push({
        path: plan.kind === 'file' || plan.kind === 'parquet' ? (flags.output as string) : '-',
        kind: 'events',
      });
    if (flags.rejects) outputs.push({ path: flags.rejects, kind: 'rejects' });
    try {
      await writeReport(flags.report, translateReport(run.inputs, stats.snapshot(), outputs, exitCode, startedAt));
    } catch (err) {
      throw cliErrorOf(err, flags);
    }
  }
  return exitCode;
}

/** One run's shared state: figures, progress, and what the report needs per input. */
interface Run {
  stats: Stats;
  tracker: ProgressTracker;
  inputs: TranslateInputReport[];
  failedFiles: number;
  /** Every input failed before giving anything, and an output was dropped (see keepOrDrop). */
  dropped: boolean;
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

function rejectedText(stats: Stats): string {
  const codes = [...stats.rejectedByReason].map(([code, n]) => `${code} ${n}`).join(', ');
  return `${stats.rejected} record${stats.rejected === 1 ? '' : 's'} rejected (${codes})`;
}

/** The files (or, for a directory run, a file inside the directory) this run may write its events and rejects to. */
function outputPaths(plan: OutputPlan, rejects: string | undefined): string[] {
  const paths: string[] = [];
  if (plan.kind === 'file') paths.push(plan.path);
  if (plan.kind === 'dir' || plan.kind === 'parquet') paths.push(join(plan.dir, 'x'));
  if (rejects !== undefined && rejects !== '-') paths.push(rejects);
  return paths;
}

/** The directories on the way to `paths` that do not exist yet (opening an output makes them), deepest first. */
function missingDirs(paths: readonly string[], cwd: string): string[] {
  const missing = new Set<string>();
  for (const path of paths) {
    for (let dir = dirname(resolve(cwd, path)); !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) {
      missing.add(dir);
    }
  }
  return [...missing].sort((a, b) => b.length - a.length);
}

/**
 * Removes the directories of `missingDirs` that are still empty at the end (every output into them was
 * dropped: no input gave anything), so that a failed run leaves no trace; one that holds anything stays.
 */
function removeEmptyDirs(dirs: readonly string[]): void {
  for (const dir of dirs) {
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (an output is in it), or not ours to remove.
    }
  }
}

/** Directories this run puts temp files in: swept for stale ones first, and for its own on the way out. */
function tempDirsOf(plan: OutputPlan, files: readonly (string | undefined)[], cwd: string): string[] {
  const dirs: string[] = [tmpdir()];
  if (plan.kind === 'file') dirs.push(dirname(resolve(cwd, plan.path)));
  if (plan.kind === 'dir' || plan.kind === 'parquet') dirs.push(resolve(cwd, plan.dir));
  for (const file of files) if (file && file !== '-') dirs.push(dirname(resolve(cwd, file)));
  return dirs;
}

/** An output failure as a one-line error that names the flag; anything else as it is. */
function cliErrorOf(err: unknown, flags: TranslateFlags): unknown {
  if (!(err instanceof OutputError)) return err;
  const flag =
    flags.rejects !== undefined && err.target === flags.rejects
      ? '--rejects'
      : flags.report !== undefined && err.target === flags.report
        ? '--report'
        : '--output';
  return new CliError(`${flag} ${err.message}`);
}

async function translateSequential(
  files: readonly string[],
  plan: OutputPlan,
  flags: TranslateFlags,
  registry: PluginRegistry,
  io: TranslateIo,
  run: Run,
  oneFileJobs = false,
) {
  const makeWriter = flags.format === 'json' ? createJsonArrayWriter : createJsonlWriter;
  // One file and --jobs N: this thread reads it, N workers translate its records (JSON lines output).
  const split =
    oneFileJobs && flags.format === 'jsonl'
      ? new SplitPool(flags.jobs, { cwd: io.cwd, pluginArgs: io.pluginArgs, flags })
      : undefined;
  const shared =
    plan.kind === 'dir'
      ? undefined
      : plan.kind === 'parquet'
        ? parquetWriter(flags)
        : await makeWriter(plan.kind === 'file' ? plan.path : '-');
  let rejectsFile: EventWriter | undefined;
  // Whether any input was read to its end (see keepOrDrop).
  let succeeded = false;
  try {
    rejectsFile = flags.rejects ? await createJsonlWriter(flags.rejects) : undefined;
    const env: FileEnv = {
      registry,
      failedPackages: io.failedPackages,
      flags,
      stdin: io.stdin,
      makeCheck: io.makeCheck,
      rejects: rejectsFile ?? stderrRejects(io.stderr, flags.quiet === true),
      translators: new Map(),
      split,
    };
    for (let i = 0; i < files.length; i++) {
      const output: FileOutput =
        plan.kind === 'dir' ? { path: plan.paths[i]!, open: makeWriter, partial: 'rename' } : { writer: shared! };
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
      else succeeded = true;
    }
    await finishOutputs(plan, run, succeeded, shared, rejectsFile);
  } catch (err) {
    await shared?.abort();
    await rejectsFile?.abort();
    throw err;
  } finally {
    await split?.close();
  }
}

async function translateParallel(
  files: readonly string[],
  plan: OutputPlan,
  flags: TranslateFlags,
  io: TranslateIo,
  run: Run,
  jobs: number,
) {
  // Pieces of one destination (stdout, one output file, the rejects file) are written by the workers to
  // temp files and appended here in input order: beside the output file (or the rejects file), on the file
  // system the result goes to. A device or FIFO (`-o /dev/null`) has no directory of its own to write in
  // (/dev is no place for temp files), so for it the next candidate, or the system temp directory.
  const tempBase = [
    plan.kind === 'file' ? plan.path : undefined,
    flags.rejects !== '-' ? flags.rejects : undefined,
  ].find((path) => path !== undefined && !isSpecialFile(resolve(io.cwd, path)));
  const tempParent = tempBase ? dirname(resolve(io.cwd, tempBase)) : tmpdir();
  await ensureDir(tempParent, tempBase ?? tempParent);
  let temp: string;
  try {
    temp = await mkdtemp(join(tempParent, `.ocsfx-${process.pid}-`));
  } catch (err) {
    throw new OutputError(
      (err as NodeJS.ErrnoException).code ?? 'EIO',
      tempBase ?? tempParent,
      `${tempBase ?? tempParent}: cannot create a temp directory in ${tempParent}: ${errorMessage(err)}`,
    );
  }
  const removeTemp = onEarlyExit(() => rm(temp, { recursive: true, force: true }));
  let shared: TextSink | undefined;
  let rejectsSink: TextSink | undefined;
  let succeeded = false;
  const jobList: WorkerJob[] = files.map((file, id) => ({
    id,
    file,
    output: plan.kind === 'dir' ? plan.paths[id]! : join(temp, `${id}.out`),
    rejects: flags.rejects ? join(temp, `${id}.rejects`) : undefined,
    partial: plan.kind === 'dir' ? 'rename' : 'keep',
  }));
  try {
    shared = plan.kind === 'dir' ? undefined : await openSink(plan.kind === 'file' ? plan.path : '-');
    rejectsSink = flags.rejects ? await openSink(flags.rejects) : undefined;
    const progress = run.tracker.share(files.length);
    await runPool(jobs, { cwd: io.cwd, pluginArgs: io.pluginArgs, flags, progress }, jobList, async (result) => {
      run.stats.merge(result.stats);
      run.fileDone(result.id, result.stats, result.plugins, result.error);
      if (result.error) run.reportFailure(result.error);
      const job = jobList[result.id]!;
      if (!result.error && !result.fatal) succeeded = true;
      if (shared && result.wrote) await appendFile(shared, job.output);
      if (rejectsSink && job.rejects) await appendFile(rejectsSink, job.rejects);
    });
    await finishOutputs(plan, run, succeeded, shared, rejectsSink);
  } catch (err) {
    await shared?.abort();
    await rejectsSink?.abort();
    throw pieceError(err, temp, plan, flags);
  } finally {
    removeTemp();
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Finishes a merged output (`-o FILE`, `--rejects FILE`), or drops it when every input failed and none gave it
 * anything (cannot be opened, no plugin recognises it, a corrupt header): no empty file is made, and a file
 * already at that path stays as it was. An input read to its end, even one without events, is kept. Such a run
 * then also removes the directories it made for its outputs, if nothing is in them (`run.dropped`).
 */
async function finishOutputs(
  plan: OutputPlan,
  run: Run,
  succeeded: boolean,
  events: EventWriter | TextSink | undefined,
  rejects: EventWriter | TextSink | undefined,
): Promise<void> {
  const keepEvents = plan.kind !== 'file' || succeeded || run.stats.events > 0;
  const keepRejects = succeeded || run.stats.rejected > 0;
  await keepOrDrop(events, keepEvents);
  await keepOrDrop(rejects, keepRejects);
  run.dropped = !keepEvents || !keepRejects || (plan.kind === 'dir' && !succeeded && run.stats.events === 0);
}

/** Commits or closes `out` when `keep`, discards it otherwise. */
async function keepOrDrop(out: EventWriter | TextSink | undefined, keep: boolean): Promise<void> {
  if (out === undefined) return;
  if (!keep) await out.abort();
  else if ('commit' in out) await out.commit();
  else await out.close();
}

/** A device, FIFO or socket: written straight through, never a place to put temp files beside. */
function isSpecialFile(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  return st !== undefined && !st.isFile() && !st.isDirectory();
}

/** A failure writing a piece in the temp directory is a failure of the destination it is a piece of. */
function pieceError(err: unknown, temp: string, plan: OutputPlan, flags: TranslateFlags): unknown {
  if (!(err instanceof OutputError) || !err.target.startsWith(`${temp}/`)) return err;
  const target = err.target.endsWith('.rejects')
    ? (flags.rejects as string)
    : plan.kind === 'file'
      ? plan.path
      : '<stdout>';
  return new OutputError(
    err.code,
    target,
    `${err.message.replace(err.target, target)} (a temp directory beside it holds the pieces)`,
  );
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
  if (flags.layout === 'security-lake' && !flags.sourceName?.length) {
    throw usageError('--layout security-lake needs --source-name NAME (the Security Lake custom source)');
  }
  if (flags.compression === 'zstd' && !compressionAvailable('zstd')) {
    throw usageError(`--compression zstd needs Node.js 22.15 or later (this is ${process.version}); use gzip`);
  }
  if (flags.compressionLevel !== undefined) {
    const problem = compressionLevelProblem(flags.compression ?? 'gzip', flags.compressionLevel, '--compression-level');
    if (problem) throw usageError(problem);
  }
}

function parquetWriter(flags: TranslateFlags): EventWriter {
  try {
    return createParquetWriter({
      dir: flags.output as string,
      layout: flags.layout,
      sourceName: lakeSourceNames(flags.sourceName ?? []),
      compression: flags.compression,
      compressionLevel: flags.compressionLevel,
    });
  } catch (err) {
    throw usageError((err as Error).message);
  }
}
