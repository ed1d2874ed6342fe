import { DETECT_THRESHOLD, type InputSample, type Plugin, type PluginRegistry } from '@ocsfx/core';

/** Two plugins whose confidences are this close are ambiguous (the CLI's margin). */
const AMBIGUITY_MARGIN = 0.1;

/** Why no plugin was chosen for an object: a stable code and a message that says what to configure. */
export interface NoPlugin {
  code: 'aws/no-plugin' | 'aws/ambiguous-plugin' | 'aws/plugin-input';
  message: string;
}

/**
 * The plugin for one object: the configured one when exactly one id is configured, else the best match by
 * auto-detection among the configured ids (or every registered plugin).
 */
export function choosePlugin(registry: PluginRegistry, ids: readonly string[], sample: InputSample): Plugin | NoPlugin {
  let plugin: Plugin | undefined;
  if (ids.length === 1) {
    plugin = registry.get(ids[0] as string);
  } else {
    const ranked = registry
      .detect(sample)
      .filter((r) => r.confidence >= DETECT_THRESHOLD && (ids.length === 0 || ids.includes(r.plugin.id)));
    const [best, second] = ranked;
    if (best && second && best.confidence - second.confidence < AMBIGUITY_MARGIN) {
      return {
        code: 'aws/ambiguous-plugin',
        message: `${sample.file}: more than one plugin could translate this ${sample.format} input (${ranked.map((r) => `${r.plugin.id} ${r.confidence.toFixed(2)}`).join(', ')}); set OCSFX_PLUGINS to one id`,
      };
    }
    plugin = best?.plugin;
  }
  if (!plugin) {
    const known = (ids.length ? ids : registry.list().map((e) => e.plugin.id)).join(', ');
    return {
      code: 'aws/no-plugin',
      message: `${sample.file}: no plugin recognises this ${sample.format} input (plugins: ${known || 'none'}); bundle the plugin for this source or set OCSFX_PLUGINS`,
    };
  }
  if (!plugin.inputs.includes(sample.format)) {
    return {
      code: 'aws/plugin-input',
      message: `${sample.file}: plugin ${plugin.id} reads ${plugin.inputs.join('/')} input, but this is ${sample.format}`,
    };
  }
  return plugin;
}
