/**
 * One case through the real CLI binary: the mutated input is written into a fresh temp folder and
 * `node apps/cli/bin/ocsfx.js translate <input> --rejects rejects.jsonl -o <out>` runs there (plugins
 * given with --plugin, so nothing is discovered from the folder). Checked: the exit code, stderr, the
 * files in the folder, and the summary's figures against what is on disk.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { eventProblem, parseJsonl, rejectProblem, STACK_FRAME, strayFiles } from './invariants.mjs';

/** Extra flags of a CLI case, all valid: a usage error (exit 2) is then always a fault. */
export const cliFlagsArbitrary = fc.record({
  format: fc.constantFrom('jsonl', 'jsonl', 'json'),
  quiet: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  validate: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  jobs: fc.constantFrom(undefined, 1, 2),
});

/** The first summary line, e.g. `ocsfx: 1 file, 12 records in: 10 translated (10 events), 1 skipped, 1 rejected`. */
const SUMMARY = /(\d+) records in: (\d+) translated \((\d+) events?\), (\d+) skipped, (\d+) rejected/;

/**
 * @param {{ cli: string, plugins: { dir: string, plugin: { id: string, ocsf: { versions: string[] } } }[], timeoutMs: number }} env
 * @returns {Promise<{ outcome: string, problems: { invariant: string, detail: string }[] }>}
 */
export async function runCliCase(env, plan, flags, built) {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-fuzz-cli-'));
  const problems = [];
  const inputName = `input${built.ext}`;
  const outName = flags.format === 'json' ? 'out.json' : 'out.jsonl';
  try {
    writeFileSync(join(dir, inputName), built.bytes);
    const args = [env.cli, 'translate', inputName, '--rejects', 'rejects.jsonl', '-o', outName];
    for (const p of env.plugins) args.push('--plugin', p.dir);
    if (flags.format !== 'jsonl') args.push('-f', flags.format);
    if (flags.quiet) args.push('-q');
    if (flags.validate) args.push('--validate');
    if (flags.jobs !== undefined) args.push('--jobs', String(flags.jobs));
    if (plan.forcePlugin) {
      const { plugin } = env.plugins[plan.plugin % env.plugins.length];
      args.push('-s', plugin.id, '--ocsf-version', plugin.ocsf.versions[plan.version % plugin.ocsf.versions.length]);
    }
    const run = await execNode(args, dir, env.timeoutMs);
    if (run.timedOut) {
      problems.push({
        invariant: 'hang',
        detail: `no exit after ${env.timeoutMs} ms: ocsfx ${args.slice(1).join(' ')}`,
      });
      return { outcome: 'hang', problems };
    }
    const command = `ocsfx ${args.slice(1).join(' ')}`;
    if (run.signal) problems.push({ invariant: 'crash', detail: `killed by ${run.signal}: ${command}\n${run.stderr}` });
    else if (run.code !== 0 && run.code !== 1)
      problems.push({ invariant: 'exit-code', detail: `exit ${run.code}: ${command}\n${run.stderr.slice(0, 2000)}` });
    // With OCSFX_DEBUG=1 the CLI prints the stack of an unexpected error: a stack on stderr is a crash
    // (an error the CLI did not turn into a message), as is Node's own report of an uncaught one.
    if (STACK_FRAME.test(run.stderr))
      problems.push({
        invariant: 'crash',
        detail: `stderr shows a stack trace: ${command}\n${run.stderr.slice(0, 4000)}`,
      });
    const allowed = [inputName, outName, 'rejects.jsonl'];
    for (const name of strayFiles(dir, allowed))
      problems.push({ invariant: 'stray-file', detail: `${name} left behind by ${command}` });

    const summary = SUMMARY.exec(run.stderr);
    if (!summary && !flags.quiet && run.code === 0)
      problems.push({
        invariant: 'summary',
        detail: `exit 0 without a summary: ${command}\n${run.stderr.slice(0, 2000)}`,
      });
    const outPath = join(dir, outName);
    const events = existsSync(outPath) ? readEvents(outPath, flags.format, problems) : undefined;
    const rejectsPath = join(dir, 'rejects.jsonl');
    const rejects = existsSync(rejectsPath) ? readRejects(rejectsPath, problems) : undefined;
    if (run.code === 0 && events === undefined)
      problems.push({ invariant: 'events-on-disk', detail: `exit 0 but ${outName} is missing: ${command}` });
    if (summary) {
      const [, recordsIn, translated, eventCount, skipped, rejected] = summary.map(Number);
      if (recordsIn !== translated + skipped + rejected)
        problems.push({ invariant: 'accounting', detail: `summary: ${summary[0]}` });
      const onDisk = events?.length ?? 0;
      if (onDisk !== eventCount)
        problems.push({
          invariant: 'events-on-disk',
          detail: `${onDisk} events in ${outName}${events ? '' : ' (missing)'}, the summary says ${eventCount}: ${command}`,
        });
      if ((rejects?.length ?? 0) !== rejected)
        problems.push({
          invariant: 'rejects-on-disk',
          detail: `${rejects?.length ?? 0} rejects on disk, the summary says ${rejected}: ${command}`,
        });
    }
    return { outcome: `exit-${run.signal ?? run.code}`, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readEvents(path, format, problems) {
  const text = readFileSync(path, 'utf8');
  let values;
  if (format === 'json') {
    try {
      values = text === '' ? [] : JSON.parse(text);
      if (!Array.isArray(values)) throw new Error('not an array');
    } catch (err) {
      problems.push({ invariant: 'events-on-disk', detail: `the JSON output does not parse: ${err.message}` });
      return [];
    }
  } else {
    const parsed = parseJsonl(text);
    if (parsed.problem) {
      problems.push({ invariant: 'events-on-disk', detail: parsed.problem });
      return [];
    }
    values = parsed.values;
  }
  for (const v of values) {
    const problem = eventProblem(v);
    if (problem) {
      problems.push({ invariant: 'event-shape', detail: problem });
      break;
    }
  }
  return values;
}

function readRejects(path, problems) {
  const parsed = parseJsonl(readFileSync(path, 'utf8'));
  if (parsed.problem) {
    problems.push({ invariant: 'rejects-on-disk', detail: parsed.problem });
    return [];
  }
  for (const entry of parsed.values) {
    const problem = rejectProblem(entry);
    if (problem) {
      problems.push({ invariant: 'rejects-on-disk', detail: problem });
      break;
    }
  }
  return parsed.values;
}

function execNode(args, cwd, timeoutMs) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      {
        cwd,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1', OCSFX_DEBUG: '1' },
      },
      (err, stdout, stderr) => {
        const timedOut = Boolean(err?.killed && err.signal === 'SIGKILL');
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          signal: err?.signal ?? null,
          stdout,
          stderr,
          timedOut,
        });
      },
    );
  });
}
