/**
 * One in-process case: the mutated input goes through core's reader, a plugin's translator (the
 * detected one, or a forced one as `--source` would), core's JSONL or JSON writer and the rejects sink,
 * all writing real files in a temp folder; then every invariant is checked on the stats, on what was
 * written to disk and on the process (Object.prototype, stray files).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import {
  availableVersions,
  createJsonArrayWriter,
  createJsonlWriter,
  createParquetWriter,
  createValidator,
  DETECT_THRESHOLD,
  InputError,
  openInput,
  openStream,
  PluginRegistry,
  Stats,
  translateInput,
} from '@ocsfx/core';
import {
  eventProblem,
  parseJsonl,
  prototypeProblems,
  rejectProblem,
  restorePrototypes,
  strayFiles,
} from './invariants.mjs';

/** Events of one case kept for the shape check and the validator (a case holds at most a few hundred). */
const VALIDATE_EVENTS = 3;

export function createLibraryEnv(dir, plugins) {
  const registry = new PluginRegistry();
  for (const p of plugins) registry.register(p.plugin);
  return {
    dir,
    plugins,
    registry,
    translators: new Map(),
    validators: new Map(),
    bundled: new Set(availableVersions()),
  };
}

/**
 * @returns {Promise<{ outcome: string, stats?: object, problems: { invariant: string, detail: string }[] }>}
 *   outcome: `translated`, `input-error:<code>` (a clean InputError), or `refused` (the plugin does not
 *   read this format, as the CLI refuses it).
 */
export async function runLibraryCase(env, plan, built) {
  const problems = [];
  const inputName = `input${built.ext}`;
  const inputPath = join(env.dir, inputName);
  // File cases go through the file system as the CLI does (stat, atomic temp files, renames); memory
  // cases read a stream cut into chunks of the plan's size and write to in-memory streams (no thread
  // pool round trips, so most cases cost a fraction of a file case).
  const memory = plan.io === 'memory';
  const eventsOut = memory ? memoryOutput('mem://events.out') : join(env.dir, 'events.out');
  const rejectsOut = memory ? memoryOutput('mem://rejects.jsonl') : join(env.dir, 'rejects.jsonl');
  const name = memory ? `mem://${inputName}` : inputPath;
  if (!memory) writeFileSync(inputPath, built.bytes);
  let outcome = 'translated';
  let stats;
  let wroteEvents = false;
  let recordsChecked = false;
  let input;
  try {
    try {
      input = memory ? await openStream(name, chunked(built.bytes, plan.chunk)) : await openInput(inputPath);
    } catch (err) {
      outcome = cleanError(err, name, problems);
      return { outcome, problems };
    }
    let sample;
    try {
      sample = await input.sample();
    } catch (err) {
      outcome = cleanError(err, name, problems);
      return { outcome, problems };
    }
    const ranked = env.registry.detect(sample).filter((r) => r.confidence >= DETECT_THRESHOLD);
    const forced = env.plugins[plan.plugin % env.plugins.length].plugin;
    const plugin = plan.forcePlugin || !ranked[0] ? forced : ranked[0].plugin;
    if (!plugin.inputs.includes(input.format)) return { outcome: 'refused', problems };
    const version = plugin.ocsf.versions[plan.version % plugin.ocsf.versions.length];
    const key = `${plugin.id}@${version}`;
    let translator = env.translators.get(key);
    if (!translator) {
      translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
      env.translators.set(key, translator);
    }
    const eventsTarget = memory ? eventsOut.target : eventsOut;
    const parquetDir = join(env.dir, 'parquet');
    const writer =
      plan.writer === 'parquet'
        ? createParquetWriter({ dir: parquetDir })
        : plan.writer === 'json'
          ? await createJsonArrayWriter(eventsTarget)
          : await createJsonlWriter(eventsTarget);
    const rejects = await createJsonlWriter(memory ? rejectsOut.target : rejectsOut);
    let written = 0;
    const sampled = [];
    const counting = {
      write(event) {
        written++;
        const problem = eventProblem(event);
        if (problem) problems.push({ invariant: 'event-shape', detail: problem });
        if (sampled.length < VALIDATE_EVENTS) sampled.push(event);
        return writer.write(event);
      },
    };
    stats = new Stats();
    let failed = false;
    try {
      await translateInput({ input, translator, writer: counting, rejects, readOptions: { text: plugin.text } }, stats);
    } catch (err) {
      outcome = cleanError(err, name, problems);
      failed = true;
    }
    if (failed && plan.onError === 'abort') await writer.abort();
    else {
      await writer.close();
      wroteEvents = true;
    }
    await rejects.close();

    if (!stats.balanced())
      problems.push({
        invariant: 'accounting',
        detail: `in ${stats.recordsIn} ≠ translated ${stats.emittedRecords} + skipped ${stats.skipped} + rejected ${stats.rejected}`,
      });
    const readAs = built.layout === 'cwl' ? 'json' : built.layout;
    recordsChecked = built.records !== undefined && !failed && input.format === readAs;
    if (recordsChecked && stats.recordsIn !== built.records)
      problems.push({
        invariant: 'records-in',
        detail: `the ${built.layout} input holds ${built.records} records, ${stats.recordsIn} were read as ${input.format}`,
      });
    if (written !== stats.events)
      problems.push({ invariant: 'events-counted', detail: `${written} events written, ${stats.events} counted` });
    if (stats.rejectedByReason.has('plugin/exception'))
      problems.push({ invariant: 'plugin-threw', detail: 'a translator threw instead of returning an outcome' });
    if (plan.writer === 'parquet') {
      await checkParquet(parquetDir, writer.files, wroteEvents, stats.events, problems);
    } else if (memory) {
      checkEvents(wroteEvents ? eventsOut.text() : undefined, plan.writer, wroteEvents, stats.events, problems);
      checkRejects(rejectsOut.text(), stats.rejected, problems);
    } else {
      const text = existsSync(eventsOut) ? readFileSync(eventsOut, 'utf8') : undefined;
      checkEvents(text, plan.writer, wroteEvents, stats.events, problems);
      checkRejects(existsSync(rejectsOut) ? readFileSync(rejectsOut, 'utf8') : undefined, stats.rejected, problems);
    }
    if (plan.validate && env.bundled.has(version)) validateSample(env, version, sampled, problems);
    return { outcome, stats: stats.snapshot(), problems, recordsChecked };
  } catch (err) {
    problems.push({ invariant: 'crash', detail: describe(err) });
    return { outcome: 'crash', problems };
  } finally {
    try {
      await input?.close();
    } catch (err) {
      problems.push({ invariant: 'crash', detail: `close(): ${describe(err)}` });
    }
    for (const p of prototypeProblems()) problems.push({ invariant: 'prototype', detail: p });
    restorePrototypes();
    // The Parquet folder is the output the case names (checkParquet looks inside it).
    const allowed = [
      ...(memory ? [] : [inputName, 'rejects.jsonl']),
      ...(plan.writer === 'parquet' ? ['parquet'] : !memory && wroteEvents ? ['events.out'] : []),
    ];
    for (const name of strayFiles(env.dir, allowed))
      problems.push({ invariant: 'stray-file', detail: `${name} left in the output folder` });
    for (const name of strayFiles(env.dir, [])) rmSync(join(env.dir, name), { recursive: true, force: true });
  }
}

/** An InputError is a clean refusal when its message names the file; anything else is a crash. */
function cleanError(err, inputPath, problems) {
  if (err?.name === 'ParquetEncodeError') {
    // An event the plugin emitted does not fit its own class's Parquet schema.
    problems.push({ invariant: 'parquet-encode', detail: `${err.code}: ${err.message}` });
    return 'parquet-encode';
  }
  if (!(err instanceof InputError)) {
    problems.push({ invariant: 'crash', detail: describe(err) });
    return 'crash';
  }
  if (!err.message.includes(inputPath))
    problems.push({
      invariant: 'error-message',
      detail: `InputError ${err.code} does not name the file: ${err.message}`,
    });
  return `input-error:${err.code}`;
}

function describe(err) {
  return err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : `thrown ${typeof err}: ${String(err)}`;
}

/** `text`: the output as written, undefined when there is none. */
function checkEvents(text, format, committed, events, problems) {
  if (!committed) {
    if (text !== undefined)
      problems.push({ invariant: 'events-on-disk', detail: 'an aborted output was left on disk' });
    return;
  }
  if (text === undefined) {
    problems.push({ invariant: 'events-on-disk', detail: 'the committed output is missing' });
    return;
  }
  let values;
  if (format === 'json') {
    try {
      values = JSON.parse(text);
      if (!Array.isArray(values)) throw new Error('not an array');
    } catch (err) {
      problems.push({ invariant: 'events-on-disk', detail: `the JSON output does not parse: ${err.message}` });
      return;
    }
  } else {
    const parsed = parseJsonl(text);
    if (parsed.problem) {
      problems.push({ invariant: 'events-on-disk', detail: parsed.problem });
      return;
    }
    values = parsed.values;
  }
  if (values.length !== events)
    problems.push({ invariant: 'events-on-disk', detail: `${values.length} events on disk, ${events} counted` });
  for (const v of values) {
    const problem = eventProblem(v);
    if (problem) {
      problems.push({ invariant: 'events-on-disk', detail: `read back: ${problem}` });
      break;
    }
  }
}

function checkRejects(text, rejected, problems) {
  if (text === undefined) {
    problems.push({ invariant: 'rejects-on-disk', detail: 'the rejects file is missing' });
    return;
  }
  const parsed = parseJsonl(text);
  if (parsed.problem) {
    problems.push({ invariant: 'rejects-on-disk', detail: parsed.problem });
    return;
  }
  if (parsed.values.length !== rejected)
    problems.push({
      invariant: 'rejects-on-disk',
      detail: `${parsed.values.length} rejects on disk, ${rejected} counted`,
    });
  for (const entry of parsed.values) {
    const problem = rejectProblem(entry);
    if (problem) {
      problems.push({ invariant: 'rejects-on-disk', detail: problem });
      break;
    }
  }
}

function validateSample(env, version, events, problems) {
  let validator = env.validators.get(version);
  if (!validator) {
    validator = createValidator({ version });
    env.validators.set(version, validator);
  }
  for (const event of events) {
    const issues = validator.validate(event);
    if (issues.length) {
      const shown = issues
        .slice(0, 3)
        .map((i) => `${i.pointer} ${i.code}: ${i.message}`)
        .join('; ');
      problems.push({ invariant: 'valid-ocsf', detail: `class ${event.class_uid} @ ${version}: ${shown}` });
      return;
    }
  }
}

/** A Writable that keeps what it is given, as a SinkTarget for core's writers. */
function memoryOutput(name) {
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return { target: { stream, name }, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** The input as a stream of `size`-byte chunks (0: one chunk), so chunk boundaries fall anywhere. */
function chunked(bytes, size) {
  if (!size || size >= bytes.length) return Readable.from([bytes]);
  const parts = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(bytes.subarray(at, at + size));
  return Readable.from(parts);
}

/** The committed Parquet files hold the events counted, each with its class_uid; an aborted run none. */
async function checkParquet(dir, files, committed, events, problems) {
  const onDisk = existsSync(dir) ? readdirSync(dir) : [];
  if (!committed) {
    if (onDisk.length)
      problems.push({ invariant: 'events-on-disk', detail: `an aborted Parquet output left ${onDisk}` });
    return;
  }
  const hidden = onDisk.filter((name) => name.startsWith('.'));
  if (hidden.length) problems.push({ invariant: 'stray-file', detail: `${hidden} left beside the Parquet files` });
  let rows = 0;
  for (const file of files) {
    const input = await openInput(file, { parquet: 'json' });
    try {
      for await (const batch of input.records()) {
        for (const item of batch) {
          rows++;
          if (item.kind !== 'json' || !Number.isInteger(item.value?.class_uid)) {
            problems.push({ invariant: 'events-on-disk', detail: `${file}: a row without class_uid` });
            return;
          }
        }
      }
    } finally {
      await input.close();
    }
  }
  if (rows !== events)
    problems.push({
      invariant: 'events-on-disk',
      detail: `${rows} rows in ${files.length} Parquet files, ${events} counted`,
    });
}
