import { createReadStream } from 'node:fs';
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
  type TextSink,
} from '@ocsfx/core';
import { CliError, usageError } from './errors.js';
import { expandInputs } from './inputs.js';
import { isDirectoryOutput, planOutputs } from './outputs.js';
import { runPool } from './pool.js';
import { startProgress } from './progress.js';
import { stderrRejects } from './rejects-output.js';
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

  const stats = new Stats();
  const stopProgress = startProgress(stats, files.length, !flags.quiet);
  let failedFiles = 0;
  const reportFailure = (message: string) => {
    failedFiles++;
    io.stderr(`ocsfx: error: ${message}`);
  };
  try {
    if (parallel) await translateParallel(files, perFile, flags, io, stats, jobs, reportFailure);
    else await translateSequential(files, perFile, flags, registry, io, stats, reportFailure);
  } finally {
    stopProgress();
  }
  stats.finish();
  if (!flags.quiet) io.stderr(formatSummary(stats.snapshot()));
  const invalid = stats.rejectedByReason.get('ocsf/invalid') ?? 0;
  if (flags.validate && invalid > 0) {
    io.stderr(`ocsfx: error: ${invalid} event${invalid === 1 ? '' : 's'} failed OCSF validation (see the rejects)`);
    return 1;
  }
  return failedFiles > 0 ? 1 : 0;
}

async function translateSequential(
  files: readonly string[],
  perFile: readonly string[] | undefined,
  flags: TranslateFlags,
  registry: PluginRegistry,
  io: TranslateIo,
  stats: Stats,
  reportFailure: (message: string) => void,
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
      const error = await translateFile(files[i]!, env, stats, output);
      if (error) reportFailure(error);
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
  stats: Stats,
  jobs: number,
  reportFailure: (message: string) => void,
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
    await runPool(jobs, { cwd: io.cwd, pluginArgs: io.pluginArgs, flags }, jobList, async (result) => {
      stats.merge(result.stats);
      if (result.error) reportFailure(result.error);
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
