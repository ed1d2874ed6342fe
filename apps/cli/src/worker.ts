/**
 * Worker thread for `translate --jobs N`: imports the plugins the main thread imported, then translates the
 * files it is sent, each into its own output file, and reports each file's stats back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import {
  createJsonArrayWriter,
  createJsonlWriter,
  type EventWriter,
  OutputError,
  type SplitBatch,
  type SplitBatchResult,
  Stats,
  translateSplitBatch,
} from '@ocsfx/core';
import { findPlugins, loadPlugins } from './discovery.js';
import { reportJobProgress } from './progress.js';
import { stderrRejects } from './rejects-output.js';
import { pluginsByIds } from './select-plugin.js';
import { type FileEnv, translateFile, translatorFor } from './translate-file.js';
import type { TranslateFlags } from './translate-flags.js';
import { makeCheck } from './validate.js';

export interface WorkerInit {
  cwd: string;
  pluginArgs: string[];
  flags: TranslateFlags;
  /** Where each job's bytes and records read are stored while it runs (see progress.ts). */
  progress?: SharedArrayBuffer;
}

export interface WorkerJob {
  id: number;
  file: string;
  output: string;
  /** JSONL rejects file for this job; without one, rejects are reported on stderr. */
  rejects?: string;
  /** What becomes of an output that fails part-way (see FileOutput). */
  partial: 'rename' | 'keep';
}

/** An unexpected failure, sent as data: an OutputError keeps its target so the message can name the flag. */
export interface WorkerFatal {
  message: string;
  stack?: string;
  output?: { code: string; target: string };
}

/** A batch of one large input's records (`--jobs` on a single file), translated to JSON lines. */
export interface WorkerBatch {
  kind: 'batch';
  id: number;
  plugins: readonly string[];
  batch: SplitBatch;
}

export interface WorkerBatchResult {
  kind: 'batch';
  id: number;
  result?: SplitBatchResult;
  fatal?: string;
}

export interface WorkerResult {
  id: number;
  stats: ReturnType<Stats['snapshot']>;
  error?: string;
  /** Whether the job's output file exists (it does not when the file failed before translating). */
  wrote: boolean;
  /** Ids of the plugins that translated the file. */
  plugins: string[];
  fatal?: WorkerFatal;
}

const init = workerData as WorkerInit;
const port = parentPort!;
// Like the main thread: with --source only that plugin is imported.
const discovery = await loadPlugins(findPlugins({ cwd: init.cwd, explicit: init.pluginArgs }), init.flags.source);
const makeWriter = init.flags.format === 'json' ? createJsonArrayWriter : createJsonlWriter;
const env: FileEnv = {
  registry: discovery.registry,
  failedPackages: discovery.failures.map((f) => f.packageName ?? f.source),
  flags: init.flags,
  stdin: process.stdin,
  makeCheck,
  rejects: stderrRejects((line) => process.stderr.write(`${line}\n`), init.flags.quiet === true),
  translators: new Map(),
};

port.on('message', (job: WorkerJob | WorkerBatch) => {
  if ('kind' in job) {
    void runBatch(job).then((reply) =>
      port.postMessage(reply, reply.result ? [reply.result.bytes.buffer as ArrayBuffer] : []),
    );
    return;
  }
  void runJob(job).then((result) => port.postMessage(result));
});

async function runBatch(batch: WorkerBatch): Promise<WorkerBatchResult> {
  try {
    const { translator, check } = await translatorFor(pluginsByIds(env.registry, batch.plugins.join(',')), env);
    return {
      kind: 'batch',
      id: batch.id,
      result: await translateSplitBatch(batch.batch, translator, check),
    };
  } catch (err) {
    return { kind: 'batch', id: batch.id, fatal: (err as Error)?.stack ?? String(err) };
  }
}

async function runJob(job: WorkerJob): Promise<WorkerResult> {
  const stats = new Stats();
  let wrote = false;
  let rejects: EventWriter | undefined;
  let plugins: string[] = [];
  let input: { bytesRead(): number } | undefined;
  const report = () => {
    if (init.progress) reportJobProgress(init.progress, job.id, input?.bytesRead() ?? 0, stats.recordsIn);
  };
  const timer = init.progress ? setInterval(report, 200) : undefined;
  const observer = {
    opened: (opened: { bytesRead(): number }) => {
      input = opened;
    },
    plugins: (used: readonly { id: string }[]) => {
      plugins = used.map((p) => p.id);
    },
  };
  try {
    rejects = job.rejects ? await createJsonlWriter(job.rejects) : undefined;
    const error = await translateFile(job.file, { ...env, observer, ...(rejects ? { rejects } : {}) }, stats, {
      path: job.output,
      open: async (path) => {
        const writer = await makeWriter(path);
        wrote = true;
        return writer;
      },
      partial: job.partial,
    });
    await rejects?.close();
    return { id: job.id, stats: stats.snapshot(), error, wrote, plugins };
  } catch (err) {
    await rejects?.abort();
    return { id: job.id, stats: stats.snapshot(), wrote: false, plugins, fatal: fatalOf(err) };
  } finally {
    clearInterval(timer);
    report();
  }
}

function fatalOf(err: unknown): WorkerFatal {
  if (err instanceof OutputError) {
    return { message: err.message, output: { code: err.code, target: err.target } };
  }
  return { message: (err as Error)?.message ?? String(err), stack: (err as Error)?.stack };
}
