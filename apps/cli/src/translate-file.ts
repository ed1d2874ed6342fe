import { rename, rm, stat } from 'node:fs/promises';
import {
  type Claimant,
  chainTranslators,
  type EventCheck,
  type EventWriter,
  InputError,
  type JsonlWriter,
  openInput,
  type Plugin,
  type PluginRegistry,
  type SplitBatch,
  type SplitBatchResult,
  type Stats,
  translateInput,
  translateInputSplit,
} from '@ocsfx/core';
import { CliError, usageError } from './errors.js';
import { partialPath } from './outputs.js';
import { awsSupport, isS3 } from './s3.js';
import { detectPlugins, pluginsByIds } from './select-plugin.js';
import type { TranslateFlags } from './translate-flags.js';

export type CheckFactory = (plugin: Plugin, version: string, schemaDir: string | undefined) => Promise<EventCheck>;

/** What translating one file needs; shared by the main thread and the worker threads. */
export interface FileEnv {
  registry: PluginRegistry;
  /** Package names of plugins that were found but failed to load, for precise hints. */
  failedPackages: readonly string[];
  flags: TranslateFlags;
  stdin: NodeJS.ReadableStream;
  makeCheck?: CheckFactory;
  rejects: Pick<EventWriter, 'write'>;
  /** Told about each input as it is read: progress watches its bytes, the run report notes its plugins. */
  observer?: FileObserver;
  /** Translators (and their checks) by plugin id and OCSF version, made once per run or worker. */
  translators: Map<string, Claimant>;
  /** Worker threads that translate batches of one input's records (`--jobs` on a single file). */
  split?: SplitRunner;
}

/**
 * Inputs smaller than this are translated on one thread even with --jobs N: starting the workers costs
 * about a third of a second of CPU each, more than a small file takes.
 */
export const SPLIT_MIN_BYTES = 4 * 1024 * 1024;

/** Runs batches of records through the given plugins in worker threads. */
export interface SplitRunner {
  readonly workers: number;
  run(pluginIds: readonly string[], batch: SplitBatch): Promise<SplitBatchResult>;
}

/** The translator of the plugins claiming an input (chained when several) and the check of a single one. */
export async function translatorFor(
  plugins: readonly Plugin[],
  env: FileEnv,
): Promise<Pick<Claimant, 'translator' | 'check'>> {
  const claimants: Claimant[] = [];
  for (const plugin of plugins) claimants.push(await claimantFor(plugin, env));
  // Several claimants: each record goes to the first that does not skip it, and each event is checked
  // with its own plugin's class and version.
  const single = claimants.length === 1 ? claimants[0] : undefined;
  return { translator: single ? single.translator : chainTranslators(claimants), check: single?.check };
}

export interface FileObserver {
  opened?(input: { bytesRead(): number }): void;
  plugins?(plugins: readonly Plugin[]): void;
}

export function versionFor(plugin: Plugin, requested: string | undefined): string {
  if (!requested) return plugin.ocsf.defaultVersion;
  if (!plugin.ocsf.versions.includes(requested)) {
    throw usageError(
      `plugin ${plugin.id} emits OCSF ${plugin.ocsf.versions.join(', ')}; --ocsf-version ${requested} is not one of them`,
    );
  }
  return requested;
}

/**
 * `--source` and `--ocsf-version`, checked before any input is read (exit 2): every `--source` id must be
 * installed and emit the version; without `--source` (the plugin is known per input), at least one
 * installed plugin must emit it.
 */
export function checkSourceAndVersion(
  registry: PluginRegistry,
  source: string | undefined,
  requested: string | undefined,
): void {
  if (source) {
    for (const plugin of pluginsByIds(registry, source)) if (requested) versionFor(plugin, requested);
    return;
  }
  if (!requested) return;
  const plugins = registry.list().map((r) => r.plugin);
  if (!plugins.some((p) => p.ocsf.versions.includes(requested))) {
    const emitted = plugins.map((p) => `${p.id}: ${p.ocsf.versions.join(', ')}`).join('; ');
    throw usageError(`--ocsf-version ${requested}: no installed plugin emits it (${emitted})`);
  }
}

function translatorOptions(plugin: Plugin, flags: TranslateFlags) {
  return { ocsfVersion: versionFor(plugin, flags.ocsfVersion), options: flags.pluginOptions };
}

/** A plugin's translator (and its --validate check) for the run's OCSF version, made once per run or worker. */
async function claimantFor(plugin: Plugin, env: FileEnv): Promise<Claimant> {
  const { flags } = env;
  const version = versionFor(plugin, flags.ocsfVersion);
  const key = `${plugin.id}@${version}`;
  let entry = env.translators.get(key);
  if (!entry) {
    entry = {
      translator: plugin.createTranslator(translatorOptions(plugin, flags)),
      check: flags.validate && env.makeCheck ? await env.makeCheck(plugin, version, flags.ocsfSchema) : undefined,
    };
    env.translators.set(key, entry);
  }
  return entry;
}

/**
 * Where one input's events go: into a shared stream (stdout, a merged file), or into a file of its own
 * opened once the plugin is known. An own file that fails part-way is kept: `rename` (a directory run)
 * moves it to `<name>.ocsf.partial.jsonl`, so that no complete-looking file holds a part; `keep` (a piece
 * of a merged output) leaves it for the caller to append.
 */
export type FileOutput =
  | { writer: Pick<EventWriter, 'write'> }
  | { path: string; open: (path: string) => Promise<EventWriter>; partial: 'rename' | 'keep' };

/**
 * Translates one input. Returns an error message when the file failed (the events before the failure stay
 * written and counted, and the message says where they are); unexpected errors propagate.
 */
export async function translateFile(
  file: string,
  env: FileEnv,
  stats: Stats,
  output: FileOutput,
): Promise<string | undefined> {
  const { flags, registry } = env;
  let own: EventWriter | undefined;
  let started = false;
  const eventsBefore = stats.events;
  try {
    const input = isS3(file)
      ? await (await awsSupport()).openS3Input(file, { format: flags.inputFormat })
      : await openInput(file, { format: flags.inputFormat, stdin: env.stdin });
    env.observer?.opened?.(input);
    try {
      const plugins = flags.source
        ? pluginsByIds(registry, flags.source)
        : detectPlugins(registry, await input.sample(), env.failedPackages);
      env.observer?.plugins?.(plugins);
      for (const plugin of plugins) {
        if (!plugin.inputs.includes(input.format)) {
          throw new CliError(
            `${input.file}: plugin ${plugin.id} reads ${plugin.inputs.join('/')} input, but this is ${input.format}${flags.inputFormat ? '' : ' (override with --input-format)'}`,
          );
        }
      }
      const split = env.split && file !== '-' && (await stat(file)).size >= SPLIT_MIN_BYTES ? env.split : undefined;
      // With workers, this thread still makes each translator once, so that a bad plugin option fails here
      // as it does without them (the --validate check is made in the workers only).
      if (split) for (const plugin of plugins) plugin.createTranslator(translatorOptions(plugin, flags));
      const direct = split ? undefined : await translatorFor(plugins, env);
      if ('open' in output) own = await output.open(output.path);
      const writer = own ?? (output as { writer: Pick<EventWriter, 'write'> }).writer;
      started = true;
      const readOptions = { text: plugins[0]?.text };
      if (split && typeof (writer as Partial<JsonlWriter>).writeEncoded === 'function') {
        // This thread reads; the workers translate and serialise; the bytes are written here in order.
        const ids = plugins.map((p) => p.id);
        await translateInputSplit(
          {
            input,
            run: (batch) => split.run(ids, batch),
            writer: writer as JsonlWriter,
            rejects: env.rejects,
            readOptions,
            inFlight: 2 * split.workers,
          },
          stats,
        );
      } else {
        const { translator, check } = direct ?? (await translatorFor(plugins, env));
        await translateInput({ input, translator, writer, rejects: env.rejects, check, readOptions }, stats);
      }
      if (own) {
        const done = own;
        own = undefined;
        await done.close();
        // A part left by an earlier run of this input is out of date now.
        if ('open' in output && output.partial === 'rename') await rm(partialPath(output.path), { force: true });
      }
      return undefined;
    } finally {
      await input.close();
    }
  } catch (err) {
    if (!(err instanceof CliError || err instanceof InputError)) {
      await own?.abort();
      throw err;
    }
    if (!started) {
      // translateInput counts the files it reads; one that failed before reading is counted here.
      stats.files++;
      stats.failedFiles++;
    }
    const events = stats.events - eventsBefore;
    return err.message + (await keepPart(own, output, events));
  }
}

/** Keeps what a failed input wrote (see FileOutput); returns the words that say where it is. */
async function keepPart(own: EventWriter | undefined, output: FileOutput, events: number): Promise<string> {
  const counted = `${events} event${events === 1 ? '' : 's'} read before the failure`;
  const shared = !('open' in output) || output.partial === 'keep';
  if (own && (shared || events > 0)) await own.close();
  else await own?.abort();
  if (events === 0) return '';
  if (shared) return ` (the ${counted} are kept in the output)`;
  const partial = partialPath(output.path);
  await rename(output.path, partial);
  return ` (the ${counted} are in ${partial})`;
}
