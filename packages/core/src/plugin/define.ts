import { PLUGIN_API_VERSION, type Plugin } from './types.js';

/**
 * Typed helper that returns the plugin object unchanged. Plugins export its result as the package's
 * default export.
 */
export function definePlugin<const P extends Plugin>(plugin: P): P {
  return plugin;
}

/** Builders for outcomes, so translators read as mappings rather than object literals. */
export const emitted = (...events: Record<string, unknown>[]) => ({ kind: 'emitted' as const, events });
export const skipped = (code: string, reason: string) => ({ kind: 'skipped' as const, code, reason });
export const rejected = (code: string, reason: string, field?: string) =>
  field === undefined
    ? { kind: 'rejected' as const, code, reason }
    : { kind: 'rejected' as const, code, reason, field };

export { PLUGIN_API_VERSION };
