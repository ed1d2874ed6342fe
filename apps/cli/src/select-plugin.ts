import { DETECT_THRESHOLD, type InputSample, type Plugin, type PluginRegistry, suggestSource } from '@ocsfx/core';
import { CliError, usageError } from './errors.js';

/** Two plugins whose confidences are this close are ambiguous. */
const AMBIGUITY_MARGIN = 0.1;

export function pluginById(registry: PluginRegistry, id: string): Plugin {
  const plugin = registry.get(id);
  if (plugin) return plugin;
  const installed = registry.list().map((e) => e.plugin.id);
  throw usageError(
    `unknown source "${id}"; ${installed.length ? `installed plugins: ${installed.join(', ')}` : 'no plugins are installed'} (see "ocsfx plugins")`,
  );
}

/** The plugin for an input, by auto-detection; errors say what to install or which --source to pick. */
export function detectPlugin(
  registry: PluginRegistry,
  sample: InputSample,
  failedPackages: readonly string[] = [],
): Plugin {
  const ranked = registry.detect(sample).filter((r) => r.confidence >= DETECT_THRESHOLD);
  const [best, second] = ranked;
  if (best && (!second || best.confidence - second.confidence >= AMBIGUITY_MARGIN)) return best.plugin;
  if (best && second) {
    const candidates = ranked.map((r) => `${r.plugin.id} (${r.confidence.toFixed(2)})`).join(', ');
    throw new CliError(
      `${sample.file}: more than one plugin could translate this input: ${candidates}; choose one with --source ID`,
    );
  }
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
