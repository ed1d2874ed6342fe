import type { InputSample, Plugin, PluginRegistry } from '@ocsfx/core';

/** Why no plugin was chosen for an object: a stable code and a message that says what to configure. */
export interface NoPlugin {
  code: 'aws/no-plugin' | 'aws/plugin-input';
  message: string;
}

/** The OCSF classes a plugin may emit: its own and its `otherClasses`. */
export function classesOf(plugin: Plugin): number[] {
  return [plugin.ocsf.classUid, ...(plugin.ocsf.otherClasses ?? []).map((c) => c.classUid)];
}

/**
 * The plugins for one object, best first: the configured one when exactly one id is configured, else every
 * plugin that claims the sample (as the CLI does: each record goes to them in turn until one does not skip
 * it), among the configured ids or every registered plugin.
 */
export function choosePlugins(
  registry: PluginRegistry,
  ids: readonly string[],
  sample: InputSample,
): Plugin[] | NoPlugin {
  const chosen =
    ids.length === 1
      ? [registry.get(ids[0] as string) as Plugin]
      : registry
          .claimants(sample)
          .map((r) => r.plugin)
          .filter((p) => ids.length === 0 || ids.includes(p.id));
  if (chosen.length === 0) {
    const known = (ids.length ? ids : registry.list().map((e) => e.plugin.id)).join(', ');
    return {
      code: 'aws/no-plugin',
      message: `${sample.file}: no plugin recognises this ${sample.format} input (plugins: ${known || 'none'}); bundle the plugin for this source or set OCSFX_PLUGINS`,
    };
  }
  const readers = chosen.filter((p) => p.inputs.includes(sample.format));
  if (readers.length === 0) {
    return {
      code: 'aws/plugin-input',
      message: `${sample.file}: plugin ${chosen.map((p) => p.id).join(', ')} reads ${chosen[0]?.inputs.join('/')} input, but this is ${sample.format}`,
    };
  }
  return readers;
}
