import { type InputSample, type Plugin, type PluginRegistry, suggestSource } from '@ocsfx/core';
import { CliError, usageError } from './errors.js';

export function pluginById(registry: PluginRegistry, id: string): Plugin {
  const plugin = registry.get(id);
  if (plugin) return plugin;
  const installed = registry.list().map((e) => e.plugin.id);
  throw usageError(
    `unknown source "${id}"; ${installed.length ? `installed plugins: ${installed.join(', ')}` : 'no plugins are installed'} (see "ocsfx plugins")`,
  );
}

/** `--source a,b`: the named plugins, in the order given (each record goes to the first that takes it). */
export function pluginsByIds(registry: PluginRegistry, ids: string): Plugin[] {
  const list = ids
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (list.length === 0) throw usageError('--source needs a plugin id (see "ocsfx plugins")');
  return [...new Set(list)].map((id) => pluginById(registry, id));
}

/**
 * The plugins that claim an input, by auto-detection, best first: every plugin at or above core's
 * threshold. Each record then goes to the first of them that does not skip it (core's chainTranslators).
 * Errors say what to install or which --source to pick.
 */
export function detectPlugins(
  registry: PluginRegistry,
  sample: InputSample,
  failedPackages: readonly string[] = [],
): Plugin[] {
  const claimants = registry.claimants(sample);
  if (claimants.length > 0) return claimants.map((c) => c.plugin);
  const known = suggestSource(sample);
  if (known && failedPackages.includes(known.packageName)) {
    throw new CliError(
      `${sample.file}: this looks like ${known.name}; its plugin ${known.packageName} is installed but failed to load (see the warning above); reinstall it or a version made for this ocsfx`,
    );
  }
  if (known && !registry.list().some((e) => e.origin.packageName === known.packageName)) {
    throw new CliError(
      `${sample.file}: this looks like ${known.name}, but no installed plugin translates it; install ${known.packageName} (npm install ${known.packageName}, or with -g beside a global ocsfx)`,
    );
  }
  const ids = registry.list().map((e) => e.plugin.id);
  throw new CliError(
    `${sample.file}: no installed plugin recognises this ${sample.format} input${ids.length ? ` (installed: ${ids.join(', ')}); name one with --source ID or --input-format` : '; see "ocsfx plugins"'}`,
  );
}
