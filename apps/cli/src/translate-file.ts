import {
  type Claimant,
  chainTranslators,
  type EventCheck,
  type EventWriter,
  InputError,
  openInput,
  type Plugin,
  type PluginRegistry,
  type Stats,
  translateInput,
} from '@ocsfx/core';
import { CliError, usageError } from './errors.js';
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

/** A plugin's translator (and its --validate check) for the run's OCSF version, made once per run or worker. */
async function claimantFor(plugin: Plugin, env: FileEnv): Promise<Claimant> {
  const { flags } = env;
  const version = versionFor(plugin, flags.ocsfVersion);
  const key = `${plugin.id}@${version}`;
  let entry = env.translators.get(key);
  if (!entry) {
    entry = {
      translator: plugin.createTranslator({ ocsfVersion: version, options: flags.pluginOptions }),
      check: flags.validate && env.makeCheck ? await env.makeCheck(plugin, version, flags.ocsfSchema) : undefined,
    };
    env.translators.set(key, entry);
  }
  return entry;
}

/**
 * Translates one input into `writer` (or into a writer made by `openWriter` once the plugin is known).
 * Returns an error message when the file failed (records before the failure stay written and counted);
 * unexpected errors propagate.
 */
export async function translateFile(
  file: string,
  env: FileEnv,
  stats: Stats,
  output: { writer: Pick<EventWriter, 'write'> } | { open: () => Promise<EventWriter>; keepPartial: boolean },
): Promise<string | undefined> {
  const { flags, registry } = env;
  let own: EventWriter | undefined;
  let started = false;
  try {
    const input = await openInput(file, { format: flags.inputFormat, stdin: env.stdin });
    env.observer?.opened?.(input);
    try {
      const plugins = flags.source
        ? pluginsByIds(registry, flags.source)
        : detectPlugins(registry, await input.sample(), env.failedPackages);
      env.observer?.plugins?.(plugins);
      const claimants: Claimant[] = [];
      for (const plugin of plugins) {
        if (!plugin.inputs.includes(input.format)) {
          throw new CliError(
            `${input.file}: plugin ${plugin.id} reads ${plugin.inputs.join('/')} input, but this is ${input.format}${flags.inputFormat ? '' : ' (override with --input-format)'}`,
          );
        }
        claimants.push(await claimantFor(plugin, env));
      }
      // Several claimants: each record goes to the first that does not skip it, and each event is checked
      // with its own plugin's class and version.
      const single = claimants.length === 1 ? claimants[0] : undefined;
      const translator = single ? single.translator : chainTranslators(claimants);
      const check = single?.check;
      if ('open' in output) own = await output.open();
      const writer = own ?? (output as { writer: Pick<EventWriter, 'write'> }).writer;
      started = true;
      await translateInput(
        {
          input,
          translator,
          writer,
          rejects: env.rejects,
          check,
          readOptions: { text: plugins[0]?.text },
        },
        stats,
      );
      await own?.close();
      return undefined;
    } finally {
      await input.close();
    }
  } catch (err) {
    // An input that fails part-way: a file of its own is removed (a failed run leaves no partial file);
    // a piece of a larger stream keeps the records before the failure, as a sequential run does.
    if (own && 'keepPartial' in output && output.keepPartial) await own.close();
    else await own?.abort();
    if (!(err instanceof CliError || err instanceof InputError)) throw err;
    if (!started) {
      // translateInput counts the files it reads; one that failed before reading is counted here.
      stats.files++;
      stats.failedFiles++;
    }
    return err.message;
  }
}
