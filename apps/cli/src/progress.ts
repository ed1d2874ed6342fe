/**
 * Progress of `translate` on stderr: raw bytes read (compressed bytes for gzip, so it matches the file
 * sizes) across every input and worker, with the percentage, rate and time left when the sizes are known.
 * Shown when stderr is a terminal, or with `--progress`; never mixed into stdout.
 */
import { statSync } from 'node:fs';

/** Slots per job in the shared progress buffer: raw bytes read, records read. */
const SLOTS = 2;

/** What one input reports while it is read (core's OpenedInput). */
export interface Watched {
  bytesRead(): number;
}

/** Figures of a run in progress; the main thread and the workers feed it. */
export class ProgressTracker {
  /** Total raw bytes of the inputs; undefined when one of them is standard input. */
  readonly totalBytes: number | undefined;
  readonly totalFiles: number;
  filesDone = 0;
  readonly #inputs: Watched[] = [];
  #shared: BigInt64Array | undefined;
  #records: () => number;

  constructor(files: readonly string[], cwd: string, records: () => number) {
    this.totalFiles = files.length;
    this.#records = records;
    let total: number | undefined = 0;
    for (const file of files) {
      if (file === '-') {
        total = undefined;
        break;
      }
      try {
        total += statSync(file.startsWith('/') ? file : `${cwd}/${file}`).size;
      } catch {
        // A file that cannot be read fails on its own, with its message; it adds nothing here.
      }
    }
    this.totalBytes = total;
  }

  /** How many records this thread has read (workers' records come through the shared buffer). */
  setRecords(records: () => number): void {
    this.#records = records;
  }

  /** An input read on this thread. */
  watch(input: Watched): void {
    this.#inputs.push(input);
  }

  /** A buffer the workers write each job's bytes and records into (see `reportJobProgress`). */
  share(jobs: number): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(jobs * SLOTS * BigInt64Array.BYTES_PER_ELEMENT);
    this.#shared = new BigInt64Array(buffer);
    return buffer;
  }

  bytes(): number {
    let n = 0;
    for (const input of this.#inputs) n += input.bytesRead();
    const shared = this.#shared;
    if (shared) for (let i = 0; i < shared.length; i += SLOTS) n += Number(Atomics.load(shared, i));
    return n;
  }

  records(): number {
    const shared = this.#shared;
    if (!shared) return this.#records();
    let n = 0;
    for (let i = 1; i < shared.length; i += SLOTS) n += Number(Atomics.load(shared, i));
    return n;
  }
}

/** Worker side: stores a job's figures into the shared buffer (called on a timer and at the job's end). */
export function reportJobProgress(buffer: SharedArrayBuffer, job: number, bytes: number, records: number): void {
  const shared = new BigInt64Array(buffer);
  Atomics.store(shared, job * SLOTS, BigInt(bytes));
  Atomics.store(shared, job * SLOTS + 1, BigInt(records));
}

export interface ProgressOptions {
  /** `--progress`: show it even when stderr is not a terminal. */
  force: boolean;
  /** `-q`: no progress unless forced. */
  quiet: boolean;
  stream?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

/** Starts the display; the returned function stops it and erases the line. */
export function startProgress(tracker: ProgressTracker, options: ProgressOptions): () => void {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const tty = stream.isTTY === true;
  if (!(options.force || (tty && !options.quiet))) return () => {};
  // On a terminal the line is redrawn in place; TERM=dumb gets no escape codes, a pipe gets whole lines.
  const ansi = tty && env.TERM !== 'dumb';
  const started = performance.now();
  const samples: [number, number][] = [];
  let shown = 0;
  const draw = () => {
    const now = performance.now();
    const bytes = tracker.bytes();
    samples.push([now, bytes]);
    while (samples.length > 2 && now - samples[0]![0] > 5000) samples.shift();
    const [t0, b0] = samples[0]!;
    const rate = now - t0 > 0 ? ((bytes - b0) / (now - t0)) * 1000 : 0;
    let line = `ocsfx: ${formatProgress(tracker, bytes, rate, (now - started) / 1000)}`;
    if (!tty) {
      stream.write(`${line}\n`);
      return;
    }
    const width = (stream.columns ?? 80) - 1;
    if (line.length > width) line = line.slice(0, width);
    stream.write(ansi ? `\r\x1b[2K${line}` : `\r${line.padEnd(shown)}`);
    shown = line.length;
  };
  const timer = setInterval(draw, tty ? 250 : 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
    // A forced display off a terminal ends with the final figures, however short the run.
    if (!tty) draw();
    if (tty && shown > 0) stream.write(ansi ? '\r\x1b[2K' : `\r${' '.repeat(shown)}\r`);
  };
}

/** `45.2% 90.1/200.0 MB, 12.3 MB/s, ETA 0:09; 2/4 files, 1,234,567 records` */
export function formatProgress(tracker: ProgressTracker, bytes: number, rate: number, elapsed: number): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const parts: string[] = [];
  const total = tracker.totalBytes;
  if (total !== undefined && total > 0) {
    const pct = Math.min(100, (bytes / total) * 100);
    let text = `${pct.toFixed(1)}% ${mb(bytes)}/${mb(total)} MB, ${mb(rate)} MB/s`;
    if (rate > 0 && bytes < total) text += `, ETA ${clock((total - bytes) / rate)}`;
    parts.push(text);
  } else {
    parts.push(`${mb(bytes)} MB, ${mb(rate)} MB/s, ${clock(elapsed)}`);
  }
  const records = tracker.records().toLocaleString('en-US');
  parts.push(`${tracker.filesDone}/${tracker.totalFiles} files, ${records} records`);
  return parts.join('; ');
}

/** Seconds as m:ss, or h:mm:ss from an hour. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
