import { InputError, type LakeSourceNames, openInput, type Plugin, type PluginRegistry } from '@ocsfx/core';
import { CliError, usageError } from './errors.js';
import { detectPlugins, pluginsByIds } from './select-plugin.js';
import type { TranslateFlags } from './translate-flags.js';

/**
 * `--source-name` values: `NAME` (every class of the run; there must be one) or `CLASS_UID=NAME`, repeatable.
 * A Security Lake custom source is registered with one OCSF event class, so a run with several classes
 * names a source for each.
 */
export function lakeSourceNames(values: readonly string[]): Record<string, string> & LakeSourceNames {
  const names: Record<string, string> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const [key, name] = eq < 0 ? ['*', value] : [value.slice(0, eq), value.slice(eq + 1)];
    if (eq >= 0 && !/^\d+$/.test(key)) {
      throw usageError(`--source-name ${value}: expected NAME or CLASS_UID=NAME, e.g. 4001=${name || 'vpc'}`);
    }
    if (names[key] !== undefined) {
      throw usageError(
        `--source-name is given twice for ${key === '*' ? 'all classes' : `class ${key}`} (${names[key]}, ${name})`,
      );
    }
    names[key] = name;
  }
  return names;
}

const classesOf = (plugin: Plugin) => [
  plugin.ocsf.classUid,
  ...(plugin.ocsf.otherClasses ?? []).map((c) => c.classUid),
];

/**
 * Refuses, before anything is written, a Security Lake run whose plugins may emit an OCSF class that has no
 * source name of its own: the plugins are those of `--source`, or those detected for each input (stdin is
 * not read twice: its events are checked one by one, and one of a class without a source is rejected).
 */
export async function checkLakeClasses(
  files: readonly string[],
  flags: TranslateFlags,
  registry: PluginRegistry,
  failedPackages: readonly string[],
): Promise<void> {
  const names = lakeSourceNames(flags.sourceName ?? []);
  const perClass = Object.keys(names).filter((k) => k !== '*');
  const classes = new Map<number, string>();
  const note = (plugin: Plugin, where: string) => {
    for (const c of classesOf(plugin)) if (!classes.has(c)) classes.set(c, `${plugin.id} (${where})`);
  };
  if (flags.source) {
    for (const plugin of pluginsByIds(registry, flags.source)) note(plugin, '--source');
  } else {
    for (const file of files) {
      if (file === '-') continue;
      let input: Awaited<ReturnType<typeof openInput>> | undefined;
      try {
        input = await openInput(file, { format: flags.inputFormat });
        for (const plugin of detectPlugins(registry, await input.sample(), failedPackages)) note(plugin, file);
      } catch (err) {
        // The translation reports an unreadable or unrecognised input in its turn.
        if (!(err instanceof CliError || err instanceof InputError)) throw err;
      } finally {
        await input?.close();
      }
    }
  }
  const unnamed = [...classes].filter(([c]) => !perClass.includes(String(c)));
  if (unnamed.length <= (names['*'] === undefined ? 0 : 1)) return;
  const list = [...classes].map(([c, from]) => `${c} from ${from}`).join(', ');
  const fix = [...classes].map(([c]) => `--source-name ${c}=${perClass.includes(String(c)) ? names[c] : 'NAME'}`);
  throw usageError(
    `--layout security-lake: these inputs give OCSF classes ${list}, and a Security Lake custom source holds one class; name a source for each: ${fix.join(' ')}`,
  );
}
