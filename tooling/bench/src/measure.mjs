/**
 * Runs one command as a child process and measures its wall time, peak resident memory and (with GNU
 * time) CPU time, user + system, over all its threads.
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the kernel's maxrss of the child) when it exists,
 * else from polling /proc/<pid>/status VmHWM (the high-water mark, so a poll misses little).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME);

/**
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd: string; scratch: string }} options scratch: a folder for GNU time's output file
 * @returns {Promise<{ seconds: number; peakRssMiB: number; cpuSeconds: number | undefined; stdout: string; stderr: string }>}
 */
export async function measure(command, args, { cwd, scratch }) {
  const rssFile = join(scratch, `rss-${process.pid}-${Date.now()}.txt`);
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    if (stdout.length < 64 * 1024) stdout += text;
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    if (stderr.length < 64 * 1024) stderr += text;
  });
  let polledKiB = 0;
  const poll = hasGnuTime
    ? undefined
    : setInterval(() => {
        polledKiB = Math.max(polledKiB, vmHwmKiB(child.pid));
      }, 20);
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (exitCode, signal) => resolve(exitCode ?? signal));
  });
  const seconds = (performance.now() - started) / 1000;
  if (poll) clearInterval(poll);
  if (code !== 0) {
    rmSync(rssFile, { force: true });
    throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stderr.trim()}`);
  }
  let kib = polledKiB;
  let cpuSeconds;
  if (hasGnuTime) {
    // "max RSS KiB, user s, system s" on the last line (earlier lines only appear on failure).
    const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
    const [rss, user, system] = (lines[lines.length - 1] ?? '').split(' ').map(Number);
    kib = rss;
    cpuSeconds = user + system;
    rmSync(rssFile, { force: true });
  }
  return { seconds, peakRssMiB: kib / 1024, cpuSeconds, stdout, stderr };
}

function vmHwmKiB(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process has exited between two polls
  }
}

export const rssSource = hasGnuTime ? 'GNU time %M' : '/proc/<pid>/status VmHWM';

/** The median of a non-empty list (the lower middle for an even count, so it is a measured value). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
