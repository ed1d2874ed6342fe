#!/usr/bin/env node
/**
 * What this machine gives two (or N) independent jobs at once: runs a floor script on each input as a
 * separate process, N at a time, each into OUTDIR/<input name>.jsonl. The ratio of `--jobs 2` to
 * `--jobs 1` here is the ceiling for ocsfx's worker pool on the same machine and the same files.
 *
 *   node parallel.mjs --jobs N SCRIPT OUTDIR INPUT...
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

const [, , flag, jobsText, script, outDir, ...inputs] = process.argv;
const jobs = Number(jobsText);
if (flag !== '--jobs' || !(jobs >= 1) || !script || !outDir || inputs.length === 0) {
  process.stderr.write('usage: node parallel.mjs --jobs N SCRIPT OUTDIR INPUT...\n');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

function run(input) {
  return new Promise((resolve, reject) => {
    const output = join(outDir, `${basename(input)}.jsonl`);
    const child = spawn(process.execPath, [script, input, output], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} ${input}: exit ${code}`))));
  });
}

let next = 0;
async function lane() {
  while (next < inputs.length) await run(inputs[next++]);
}
await Promise.all(Array.from({ length: Math.min(jobs, inputs.length) }, lane));
