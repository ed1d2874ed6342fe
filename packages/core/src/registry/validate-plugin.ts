import { INPUT_FORMATS, PLUGIN_API_VERSION, type Plugin } from '../plugin/types.js';

/** Why a value is not a usable plugin, or undefined when it is one. */
export function pluginProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object')
    return 'the default export is not a plugin object (use definePlugin)';
  const p = value as Partial<Record<keyof Plugin, unknown>>;
  if (typeof p.id !== 'string' || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(p.id))
    return 'its `id` is missing or not kebab-case';
  if (p.apiVersion !== PLUGIN_API_VERSION) {
    return `plugin "${p.id}" was built for plugin API version ${String(p.apiVersion)}, but this @ocsfx/core supports version ${PLUGIN_API_VERSION}; install a release of the plugin made for this core, or a core that matches the plugin`;
  }
  if (typeof p.title !== 'string') return `plugin "${p.id}" has no \`title\``;
  if (typeof p.detect !== 'function' || typeof p.createTranslator !== 'function') {
    return `plugin "${p.id}" lacks detect() or createTranslator()`;
  }
  const ocsf = p.ocsf as Plugin['ocsf'] | undefined;
  if (
    !ocsf ||
    typeof ocsf.classUid !== 'number' ||
    !Array.isArray(ocsf.versions) ||
    ocsf.versions.length === 0 ||
    !ocsf.versions.includes(ocsf.defaultVersion)
  ) {
    return `plugin "${p.id}" has an invalid \`ocsf\` block (classUid, versions, defaultVersion among versions)`;
  }
  const others: unknown = ocsf.otherClasses;
  if (
    others !== undefined &&
    (!Array.isArray(others) ||
      others.some(
        (c) =>
          c === null ||
          typeof c !== 'object' ||
          typeof (c as { classUid?: unknown }).classUid !== 'number' ||
          typeof (c as { className?: unknown }).className !== 'string',
      ))
  ) {
    return `plugin "${p.id}" has an invalid \`ocsf.otherClasses\` (a list of { classUid, className })`;
  }
  if (!Array.isArray(p.inputs) || p.inputs.some((f) => !INPUT_FORMATS.includes(f as never))) {
    return `plugin "${p.id}" declares unknown inputs (supported: ${INPUT_FORMATS.join(', ')})`;
  }
  return undefined;
}
