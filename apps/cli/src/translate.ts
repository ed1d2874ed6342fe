import {
  createJsonArrayWriter,
  createJsonlWriter,
  type EventCheck,
  type EventWriter,
  formatLocation,
  formatSummary,
  InputError,
  type InputFormat,
  openInput,
  type Plugin,
  type PluginRegistry,
  type RejectEntry,
  Stats,
  type Translator,
  translateInput,
} from '@ocsfx/core';
import { CliError, errorMessage, usageError } from './errors.js';
import { expandInputs } from './inputs.js';
import { isDirectoryOutput, planOutputs } from './outputs.js';
import { startProgress } from './progress.js';
import { detectPlugin, pluginById } from './select-plugin.js';

export interface TranslateFlags {
  source?: string;
  inputFormat?: InputFormat;
  format: 'jsonl' | 'json';
  output?: string;
  rejects?: string;
  ocsfVersion?: string;
  validate?: boolean;
  ocsfSchema?: string;
  quiet?: boolean;
  /** Values of plugin-declared options, by option name. */
  pluginOptions: Record<string, string | boolean | undefined>;
}

export interface TranslateIo {
  stdin: NodeJS.ReadableStream;
  stderr: (line: string) => void;
  /** Builds the --validate check for a plugin's class and version. */
  makeCheck?: (plugin: Plugin, version: string, schemaDir: string | undefined) => Promise<EventCheck>;
}

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
  const fixedPlugin = flags.source ? pluginById(registry, flags.source) : undefined;
  if (fixedPlugin && flags.ocsfVersion) versionFor(fixedPlugin, flags.ocsfVersion);
  const files = await expandInputs(inputArgs);

  const extension = flags.format === 'json' ? 'json' : 'jsonl';
  const perFileOutputs =
    flags.output && isDirectoryOutput(flags.output, files.length)
      ? planOutputs(files, flags.output, extension)
      : undefined;
  const makeWriter = flags.format === 'json' ? createJsonArrayWriter : createJsonlWriter;
  const sharedWriter = perFileOutputs ? undefined : await makeWriter(flags.output ?? '-');
  const rejects = flags.rejects ? await createJsonlWriter(flags.rejects) : stderrRejects(io, flags.quiet === true);

  const stats = new Stats();
  const stopProgress = startProgress(stats, files.length, !flags.quiet);
  const translators = new Map<string, { translator: Translator; check?: EventCheck }>();
  let failed = false;
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      let writer: EventWriter | undefined;
      let started = false;
      try {
        const input = await openInput(file, { format: flags.inputFormat, stdin: io.stdin });
        try {
          const plugin = fixedPlugin ?? detectPlugin(registry, await input.sample());
          if (!plugin.inputs.includes(input.format)) {
            throw new CliError(
              `${input.file}: plugin ${plugin.id} reads ${plugin.inputs.join('/')} input, but this is ${input.format}${flags.inputFormat ? '' : ' (override with --input-format)'}`,
            );
          }
          const version = versionFor(plugin, flags.ocsfVersion);
          const key = `${plugin.id}@${version}`;
          let entry = translators.get(key);
          if (!entry) {
            entry = {
              translator: plugin.createTranslator({ ocsfVersion: version, options: flags.pluginOptions }),
              check: flags.validate && io.makeCheck ? await io.makeCheck(plugin, version, flags.ocsfSchema) : undefined,
            };
            translators.set(key, entry);
          }
          writer = perFileOutputs ? await makeWriter(perFileOutputs[i]!) : sharedWriter!;
          started = true;
          await translateInput(
            {
              input,
              translator: entry.translator,
              writer,
              rejects,
              check: entry.check,
              readOptions: { text: plugin.text },
            },
            stats,
          );
          if (perFileOutputs) await writer.close();
        } finally {
          await input.close();
        }
      } catch (err) {
        if (perFileOutputs && writer) await writer.abort();
        if (!(err instanceof CliError || err instanceof InputError)) throw err;
        failed = true;
        if (!started) {
          // translateInput counts the files it reads; one that failed before reading is counted here.
          stats.files++;
          stats.failedFiles++;
        }
        io.stderr(`ocsfx: error: ${err.message}`);
      }
    }
    if (sharedWriter) await sharedWriter.close();
    if (flags.rejects) await (rejects as EventWriter).close();
  } catch (err) {
    await sharedWriter?.abort();
    if (flags.rejects) await (rejects as EventWriter).abort();
    throw err;
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
  return failed ? 1 : 0;
}

function versionFor(plugin: Plugin, requested: string | undefined): string {
  if (!requested) return plugin.ocsf.defaultVersion;
  if (!plugin.ocsf.versions.includes(requested)) {
    throw usageError(
      `plugin ${plugin.id} emits OCSF ${plugin.ocsf.versions.join(', ')}; --ocsf-version ${requested} is not one of them`,
    );
  }
  return requested;
}

/** Without --rejects, each rejected record is reported on stderr so that none goes unseen. */
function stderrRejects(io: TranslateIo, quiet: boolean): Pick<EventWriter, 'write'> {
  return {
    write(event) {
      if (quiet) return undefined;
      const entry = event as unknown as RejectEntry;
      io.stderr(`ocsfx: rejected ${formatLocation(entry.location)}: ${entry.code}: ${entry.reason}`);
      return undefined;
    },
  };
}

export { errorMessage };
