import { Worker } from 'node:worker_threads';
import type { SplitBatch, SplitBatchResult } from '@ocsfx/core';
import type { SplitRunner } from './translate-file.js';
import type { WorkerBatch, WorkerBatchResult, WorkerInit } from './worker.js';

interface Thread {
  worker: Worker;
  /** Batches sent and not yet answered. */
  busy: number;
}

/**
 * Worker threads for `--jobs N` on a single input: each batch of records goes to the worker with the
 * fewest batches in hand; results come back by batch id (the caller writes them in order).
 */
export class SplitPool implements SplitRunner {
  readonly workers: number;
  readonly #threads: Thread[] = [];
  readonly #waiting = new Map<number, { resolve: (r: SplitBatchResult) => void; reject: (e: Error) => void }>();
  #nextId = 0;
  #failure: Error | undefined;

  readonly #init: WorkerInit;

  constructor(size: number, init: WorkerInit) {
    this.workers = size;
    this.#init = init;
  }

  /** The threads start with the first batch: a run that never splits a file pays nothing for them. */
  #start(): void {
    for (let i = 0; i < this.workers; i++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: this.#init,
        stdout: false,
        stderr: false,
      });
      const thread: Thread = { worker, busy: 0 };
      this.#threads.push(thread);
      worker.on('message', (reply: WorkerBatchResult) => {
        thread.busy--;
        const waiting = this.#waiting.get(reply.id);
        this.#waiting.delete(reply.id);
        if (reply.result) waiting?.resolve(reply.result);
        else this.#fail(new Error(reply.fatal ?? 'a worker thread failed'));
      });
      worker.on('error', (err) => this.#fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.#fail(new Error(`a worker thread exited with code ${code}`));
      });
    }
  }

  run(plugins: readonly string[], batch: SplitBatch): Promise<SplitBatchResult> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#threads.length === 0) this.#start();
    let thread = this.#threads[0] as Thread;
    for (const t of this.#threads) if (t.busy < thread.busy) thread = t;
    const id = this.#nextId++;
    const message: WorkerBatch = { kind: 'batch', id, plugins, batch };
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      thread.busy++;
      // A spare output buffer goes to the worker (moved, not copied); it comes back full, as the result.
      thread.worker.postMessage(message, batch.spare ? [batch.spare] : []);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.worker.terminate()));
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    for (const w of this.#waiting.values()) w.reject(this.#failure);
    this.#waiting.clear();
  }
}
