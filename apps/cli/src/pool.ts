import { Worker } from 'node:worker_threads';
import { OutputError } from '@ocsfx/core';
import { onEarlyExit } from './cleanup.js';
import type { WorkerFatal, WorkerInit, WorkerJob, WorkerResult } from './worker.js';

function fatalError(fatal: WorkerFatal): Error {
  if (fatal.output) return new OutputError(fatal.output.code, fatal.output.target, fatal.message);
  const err = new Error(fatal.message);
  if (fatal.stack) err.stack = fatal.stack;
  return err;
}

/**
 * Spreads jobs over `size` worker threads, one job per worker at a time, and hands results back in
 * INPUT order (a result waits until every earlier one has been handed over), so outputs stay ordered.
 */
export async function runPool(
  size: number,
  init: WorkerInit,
  jobs: readonly WorkerJob[],
  onResult: (result: WorkerResult) => Promise<void>,
): Promise<void> {
  const workers: Worker[] = [];
  const results = new Map<number, WorkerResult>();
  let nextJob = 0;
  let nextResult = 0;
  let failure: Error | undefined;
  let delivering = Promise.resolve();
  // A signal stops the workers before the temp files they were writing are swept.
  const removeStep = onEarlyExit(() => Promise.all(workers.map((w) => w.terminate())).then(() => undefined));

  await new Promise<void>((resolve, reject) => {
    const finish = (err?: Error) => {
      if (err) failure ??= err;
      if (failure) reject(failure);
      else resolve();
    };
    const deliver = () => {
      delivering = delivering.then(async () => {
        while (results.has(nextResult)) {
          const r = results.get(nextResult)!;
          results.delete(nextResult);
          nextResult++;
          await onResult(r);
        }
        if (nextResult === jobs.length) finish();
      });
      delivering.catch((err: Error) => finish(err));
    };
    const feed = (worker: Worker) => {
      if (failure) return;
      if (nextJob < jobs.length) worker.postMessage(jobs[nextJob++]);
    };
    if (jobs.length === 0) return finish();
    for (let i = 0; i < Math.min(size, jobs.length); i++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: init,
        stdout: false,
        stderr: false,
      });
      workers.push(worker);
      worker.on('message', (result: WorkerResult) => {
        if (result.fatal) return finish(fatalError(result.fatal));
        results.set(result.id, result);
        deliver();
        feed(worker);
      });
      worker.on('error', (err) => finish(err));
      worker.on('exit', (code) => {
        if (code !== 0 && nextResult < jobs.length) finish(new Error(`a worker thread exited with code ${code}`));
      });
      feed(worker);
    }
  }).finally(async () => {
    removeStep();
    await Promise.all(workers.map((w) => w.terminate()));
  });
}
