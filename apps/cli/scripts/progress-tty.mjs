#!/usr/bin/env node
/**
 * The progress display on a real terminal, at full size (CI step `.ci/steps/progress-tty.sh`, run alone
 * before the test suite): `ocsfx translate` on a 200 MB (compressed) gzip input and on four gzip files with
 * `--jobs 2`, each under `script` (util-linux), which gives the CLI a pseudo-terminal. Every chunk the
 * terminal shows is stamped with its arrival time, and the frames parsed from it are checked: the byte
 * counter and the percentage move, frames arrive at most a second apart and the counter moves at least
 * every second, percentage, MB/s and ETA are shown, the line is erased and the final summary printed. Then
 * the 4-file run with stderr on a pipe prints no progress, and `--progress` forces it as whole lines.
 *
 * The inputs are generated into a temp directory (removed on exit): seeded VPC Flow Logs records with
 * random addresses, ports and resource ids, compressed with deflate's run-length strategy, so 200 MB of
 * gzip is about 340 MB of text (1.3 million records), not the 2 GB that ordinary logs would need.
 *
 * Timing on a shared machine: a gap is judged by what the CLI controls. At each arrival the run-queue wait
 * of every thread of the CLI, of `script` and of this process is read from /proc/<pid>/task/<tid>/schedstat
 * (time spent ready to run but waiting for a CPU); a gap counts with the largest such wait during it taken
 * off. On a quiet machine the waits are ~0 and the gap counts as measured; both are printed.
 *
 *   node apps/cli/scripts/progress-tty.mjs [--mb 200] [--part-mb 25]   (after `pnpm build`)
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { constants as os, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, createGzip } from 'node:zlib';

const CLI_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(CLI_DIR, 'bin', 'ocsfx.js');
/** The most a frame, or a move of the byte counter, may take after the previous one (the acceptance). */
const MAX_GAP_MS = 1000;
const FRAME =
  /ocsfx: (\d+\.\d)% ([\d.]+)\/([\d.]+) MB, ([\d.]+) MB\/s(, ETA \d+:\d\d(?::\d\d)?)?; (\d+)\/(\d+) files, ([\d,]+) records/g;
/** One frame anywhere in a line (FRAME is for scanning a stream). */
const FRAME_LINE = new RegExp(FRAME.source);
/** A carriage return or an escape: what redrawing a line in place takes. */
const redraws = (text) => text.includes('\r') || text.includes('\x1b');
const SUMMARY = /ocsfx: (\d+) files?, (\d+) records in: (\d+) translated/;

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

// --- input -------------------------------------------------------------------------------------------------

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id flow-direction traffic-path';
/** Records per chunk of text; the chunks (~0.5 MB each, far beyond deflate's 32 KB window) are reused. */
const CHUNK_RECORDS = 2000;

/** mulberry32: a small seeded generator of 32-bit integers. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * A gzip VPC Flow Logs file (version 5 fields, header line) of at least `compressedBytes`: 48 distinct
 * chunks of random records written in a seeded random order. Returns the number of records.
 */
async function vpcGzip(path, compressedBytes, seed) {
  const next = random(seed);
  const hex = () => next().toString(16).padStart(8, '0');
  const id = () => `${next() & 1}${hex()}${hex()}`;
  const ip = () => {
    const n = next();
    return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  };
  const chunks = [];
  let time = 1_732_435_200;
  for (let c = 0; c < 48; c++) {
    const lines = [];
    for (let i = 0; i < CHUNK_RECORDS; i++) {
      const n = next();
      time += n & 1;
      const [src, dst] = [ip(), ip()];
      lines.push(
        `5 ${100_000_000_000 + (next() % 900_000_000_000)} eni-${id()} ${src} ${dst} ${next() & 0xffff} ${next() & 0xffff} ` +
          `${n & 2 ? 6 : 17} ${next() % 5000} ${next() % 10_000_000} ${time} ${time + (next() % 60)} ` +
          `${n & 4 ? 'ACCEPT' : 'REJECT'} OK vpc-${id()} subnet-${id()} i-${id()} ${next() & 63} IPv4 ${src} ${dst} ` +
          `eu-west-1 euw1-az${1 + (n >>> 29)} ${n & 8 ? 'ingress' : 'egress'} ${1 + ((n >>> 4) & 7)}`,
      );
    }
    chunks.push(Buffer.from(`${lines.join('\n')}\n`));
  }
  const gzip = createGzip({ level: 6, strategy: constants.Z_RLE });
  const out = createWriteStream(path);
  let written = 0;
  gzip.on('data', (b) => {
    written += b.length;
  });
  gzip.pipe(out);
  gzip.write(`${HEADER}\n`);
  let records = 0;
  while (written < compressedBytes) {
    records += CHUNK_RECORDS;
    if (!gzip.write(chunks[next() % chunks.length])) await once(gzip, 'drain');
  }
  gzip.end();
  await once(out, 'finish');
  return records;
}

// --- runs --------------------------------------------------------------------------------------------------

/** Run-queue wait (ms) of every thread of the given processes, keyed by pid/tid. */
function runQueueWaits(pids) {
  const waits = new Map();
  for (const pid of pids) {
    let tids;
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // not started yet, or gone
    }
    for (const tid of tids) {
      try {
        const wait = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
        waits.set(`${pid}/${tid}`, wait / 1e6);
      } catch {
        // the thread ended between the two reads
      }
    }
  }
  return waits;
}

/** The longest any one thread waited for a CPU between two samples. */
function waitedBetween(before, after) {
  let most = 0;
  for (const [key, wait] of after) most = Math.max(most, wait - (before.get(key) ?? 0));
  return most;
}

/**
 * Runs the CLI on a pseudo-terminal (stdin, stdout and stderr; events go to -o) and returns the frames it
 * drew, each with its arrival time and the threads' run-queue waits then, and when the summary arrived.
 */
async function onTerminal(args) {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // A wide terminal, so the line is never cut; `exec` makes the shell's pid the CLI's.
  const command = `stty cols 200; echo "ocsfx-pid $$"; exec ${quoted}`;
  const started = performance.now();
  const child = spawn('script', ['-q', '-e', '-f', '-c', command, '/dev/null'], {
    cwd: CLI_DIR,
    env: { ...process.env, TERM: 'xterm', SHELL: '/bin/sh' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let text = '';
  let scanned = 0;
  let cliPid;
  const frames = [];
  let summary;
  const onData = (chunk) => {
    const t = performance.now() - started;
    text += chunk.toString('utf8');
    cliPid ??= /ocsfx-pid (\d+)/.exec(text)?.[1];
    const waits = runQueueWaits([process.pid, child.pid, ...(cliPid ? [cliPid] : [])]);
    FRAME.lastIndex = scanned;
    for (let m = FRAME.exec(text); m; m = FRAME.exec(text)) {
      frames.push({
        t,
        waits,
        at: m.index,
        pct: Number(m[1]),
        mb: Number(m[2]),
        totalMb: Number(m[3]),
        rate: Number(m[4]),
        eta: m[5] !== undefined,
        filesDone: Number(m[6]),
        files: Number(m[7]),
        records: Number(m[8].replace(/,/g, '')),
      });
      scanned = FRAME.lastIndex;
    }
    if (!summary) {
      const m = SUMMARY.exec(text);
      if (m) summary = { t, waits, at: m.index, files: Number(m[1]), in: Number(m[2]), translated: Number(m[3]) };
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const [code] = await once(child, 'close');
  return { code, text, frames, summary, seconds: (performance.now() - started) / 1000 };
}

/** Runs the CLI with stdout and stderr on pipes (not a terminal). */
function offTerminal(args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: CLI_DIR, encoding: 'utf8', stdio: 'pipe' });
  return { code: r.status, stderr: r.stderr, seconds: (performance.now() - started) / 1000 };
}

// --- checks ------------------------------------------------------------------------------------------------

let failures = 0;
function check(what, ok, detail = '') {
  if (ok) console.log(`  ok   ${what}`);
  else {
    failures++;
    console.log(`  FAIL ${what}${detail ? `: ${detail}` : ''}`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${Math.round(x)} ms`;

/** Gaps between consecutive points ({t, waits}): as measured, and with the longest thread wait taken off. */
function gaps(points) {
  const out = [];
  for (let i = 1; i < points.length; i++) {
    const raw = points[i].t - points[i - 1].t;
    out.push({ raw, own: raw - waitedBetween(points[i - 1].waits, points[i].waits), at: points[i].t });
  }
  return out;
}

function checkTerminalRun(name, run, expected) {
  const { frames, summary } = run;
  console.log(`${name}: ${run.seconds.toFixed(1)} s, ${frames.length} frames`);
  check(`${name}: exit code 0`, run.code === 0, `exit ${run.code}\n${run.text.slice(-2000)}`);
  check(`${name}: frames drawn`, frames.length >= 8, `${frames.length} frames`);
  if (frames.length < 2 || !summary) {
    check(`${name}: summary printed`, summary !== undefined, run.text.slice(-2000));
    return undefined;
  }
  check(
    `${name}: every frame shows the total (${expected.totalMb.toFixed(1)} MB) and ${expected.files} file(s)`,
    frames.every((f) => f.totalMb.toFixed(1) === expected.totalMb.toFixed(1) && f.files === expected.files),
    JSON.stringify(
      frames.find((f) => f.totalMb.toFixed(1) !== expected.totalMb.toFixed(1) || f.files !== expected.files),
    ),
  );
  const backwards = frames.findIndex((f, i) => i > 0 && (f.mb < frames[i - 1].mb || f.pct < frames[i - 1].pct));
  check(`${name}: bytes and percentage never go back`, backwards < 0, JSON.stringify(frames[backwards]));
  const distinct = new Set(frames.map((f) => f.pct)).size;
  check(`${name}: the percentage moves`, distinct >= 5, `${distinct} distinct values`);
  const last = frames[frames.length - 1];
  check(`${name}: the last frame is near the end`, last.pct >= 90, `${last.pct}%`);

  // Frames, then the summary: at most a second apart.
  const frameGaps = gaps([...frames, summary]);
  const worstFrame = frameGaps.reduce((a, b) => (b.own > a.own ? b : a));
  check(
    `${name}: a frame at least every second, and the summary within a second of the last`,
    worstFrame.own <= MAX_GAP_MS,
    `${ms(worstFrame.raw)} at ${ms(worstFrame.at)} (${ms(worstFrame.own)} without the wait for a CPU)`,
  );
  // The counter: from its first move to the frame that reached the total, it moves at least every second.
  const firstMove = frames.findIndex((f) => f.mb > 0);
  let end = frames.findIndex((f) => f.mb >= f.totalMb);
  if (end < 0) end = frames.length - 1;
  const moves = frames.slice(firstMove, end + 1).filter((f, i, a) => i === 0 || f.mb !== a[i - 1].mb);
  const moveGaps = gaps(moves);
  const worstMove = moveGaps.reduce((a, b) => (b.own > a.own ? b : a), { raw: 0, own: 0, at: 0 });
  check(
    `${name}: the byte counter moves at least every second`,
    firstMove >= 0 && worstMove.own <= MAX_GAP_MS,
    `${ms(worstMove.raw)} without a move at ${ms(worstMove.at)} (${ms(worstMove.own)} without the wait for a CPU)`,
  );
  const noRate = frames.slice(firstMove + 1, end).find((f) => !(f.rate > 0 && f.eta));
  check(`${name}: MB/s and ETA shown once bytes move`, firstMove >= 0 && !noRate, JSON.stringify(noRate));

  // Erased, then the summary, with nothing drawn after it.
  const erase = run.text.lastIndexOf('\r\x1b[2K', summary.at);
  check(
    `${name}: the line is erased before the summary`,
    erase > last.at && run.text.slice(erase + 5, summary.at).trim() === '',
    JSON.stringify(run.text.slice(last.at, summary.at + 40)),
  );
  check(
    `${name}: no frame after the summary`,
    frames.every((f) => f.at < summary.at),
  );
  check(
    `${name}: the summary counts every record (${expected.records})`,
    summary.files === expected.files && summary.in === expected.records && summary.translated === expected.records,
    JSON.stringify(summary),
  );
  return {
    frames: frames.length,
    gapMax: Math.max(...frameGaps.map((g) => g.raw)),
    gapMedian: median(frameGaps.map((g) => g.raw)),
    ownMax: worstFrame.own,
    moveMax: worstMove.raw,
    firstFrame: frames[0].t,
  };
}

function checkOffTerminal(name, run, expected) {
  console.log(`${name}, stderr on a pipe: ${run.seconds.toFixed(1)} s`);
  check(`${name}, stderr on a pipe: exit code 0`, run.code === 0, run.stderr.slice(-2000));
  const summary = SUMMARY.exec(run.stderr);
  check(
    `${name}, stderr on a pipe: no progress, the summary first`,
    !FRAME_LINE.test(run.stderr) && !redraws(run.stderr) && summary?.index === 0,
    JSON.stringify(run.stderr.slice(0, 400)),
  );
  check(
    `${name}, stderr on a pipe: the summary counts every record (${expected.records})`,
    Number(summary?.[2]) === expected.records,
  );
}

// --- main --------------------------------------------------------------------------------------------------

if (spawnSync('script', ['--version'], { encoding: 'utf8' }).status !== 0) {
  console.error('progress-tty: `script` (util-linux) is missing; .ci/steps/progress-tty.sh installs it.');
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'ocsfx-progress-tty-'));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    cleanup();
    process.exit(128 + os.signals[signal]);
  });
}

const bigMb = option('--mb', 200);
const partMb = option('--part-mb', 25);
let t0 = performance.now();
const big = join(dir, 'big.log.gz');
const parts = [0, 1, 2, 3].map((i) => join(dir, `part-${i}.log.gz`));
// Written side by side: the compression runs on libuv's threads.
const [bigRecords, ...partCounts] = await Promise.all([
  vpcGzip(big, bigMb * 1e6, 18),
  ...parts.map((part, i) => vpcGzip(part, partMb * 1e6, 100 + i)),
]);
const partRecords = partCounts.reduce((a, b) => a + b, 0);
const size = (files) => files.reduce((n, f) => n + statSync(f).size, 0);
const generated = (performance.now() - t0) / 1000;
console.log(
  `inputs: ${(size([big]) / 1e6).toFixed(1)} MB gzip (${bigRecords} records), 4 × ~${partMb} MB gzip ` +
    `(${partRecords} records), generated in ${generated.toFixed(1)} s`,
);

// Events go to /dev/null: written straight through, nothing else is kept.
const bigArgs = ['translate', big, '-o', '/dev/null', '--jobs', '1'];
const partArgs = ['translate', ...parts, '-o', '/dev/null', '--jobs', '2'];
const bigExpected = { totalMb: size([big]) / 1e6, files: 1, records: bigRecords };
const partExpected = { totalMb: size(parts) / 1e6, files: 4, records: partRecords };

t0 = performance.now();
const results = [];
results.push(['200 MB gzip, --jobs 1', checkTerminalRun('200 MB gzip', await onTerminal(bigArgs), bigExpected)]);
const four = await onTerminal(partArgs);
results.push(['4 files, --jobs 2', checkTerminalRun('4 files --jobs 2', four, partExpected)]);
const beforeFirst = new Set(four.frames.filter((f) => f.filesDone === 0 && f.mb > 0).map((f) => f.mb));
check(
  '4 files --jobs 2: bytes move before the first file is done',
  beforeFirst.size >= 2,
  `${beforeFirst.size} values`,
);
// Off a terminal: the 4-file run (what is shown does not depend on the size, and it is the shorter run).
checkOffTerminal('4 files --jobs 2', offTerminal(partArgs), partExpected);

const forced = offTerminal([...partArgs, '--progress']);
const lines = forced.stderr.split('\n').filter((l) => FRAME_LINE.test(l));
console.log(`4 files --jobs 2 --progress, stderr on a pipe: ${forced.seconds.toFixed(1)} s, ${lines.length} lines`);
check('--progress off a terminal: exit code 0', forced.code === 0, forced.stderr.slice(-2000));
check(
  '--progress off a terminal: whole lines, no escape codes, the last with the final figures',
  lines.length >= 2 && !redraws(forced.stderr) && /100\.0% .*; 4\/4 files/.test(lines[lines.length - 1] ?? ''),
  JSON.stringify(lines.slice(-2)),
);
const runs = (performance.now() - t0) / 1000;

console.log(
  '\nrun                      frames  gap max  gap median  max without CPU wait  counter still max  first frame',
);
for (const [what, r] of results) {
  if (!r) continue;
  console.log(
    `${what.padEnd(24)} ${String(r.frames).padStart(6)}  ${ms(r.gapMax).padStart(7)}  ${ms(r.gapMedian).padStart(10)}  ` +
      `${ms(r.ownMax).padStart(20)}  ${ms(r.moveMax).padStart(17)}  ${ms(r.firstFrame).padStart(11)}`,
  );
}
console.log(`step: inputs ${generated.toFixed(1)} s, runs ${runs.toFixed(1)} s`);
console.log(failures === 0 ? 'progress-tty: passed' : `progress-tty: ${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
