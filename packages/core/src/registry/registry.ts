import type { InputSample, Plugin } from '../plugin/types.js';
import { pluginProblem } from './validate-plugin.js';

/** Where a registered plugin came from (package name and version, or a path), for listings and errors. */
export interface PluginOrigin {
  packageName?: string;
  version?: string;
  path?: string;
}

export interface RegisteredPlugin {
  plugin: Plugin;
  origin: PluginOrigin;
}

export interface DetectionResult {
  plugin: Plugin;
  confidence: number;
}

export class PluginRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginRegistrationError';
  }
}

/** Confidence at or above which a plugin is taken as a match for auto-detection. */
export const DETECT_THRESHOLD = 0.5;

/**
 * The set of plugins available to a run. Nothing registers itself: the CLI (or library code) fills it.
 */
export class PluginRegistry {
  readonly #plugins = new Map<string, RegisteredPlugin>();

  /** Adds a plugin; throws PluginRegistrationError for a non-plugin, a wrong apiVersion or a duplicate id. */
  register(plugin: unknown, origin: PluginOrigin = {}): Plugin {
    const problem = pluginProblem(plugin);
    const from = describeOrigin(origin);
    if (problem) throw new PluginRegistrationError(`${from ? `${from}: ` : ''}${problem}`);
    const p = plugin as Plugin;
    const existing = this.#plugins.get(p.id);
    if (existing) {
      throw new PluginRegistrationError(
        `duplicate plugin id "${p.id}" from ${from || 'an unnamed source'}; already registered from ${describeOrigin(existing.origin) || 'an unnamed source'}`,
      );
    }
    this.#plugins.set(p.id, { plugin: p, origin });
    return p;
  }

  get(id: string): Plugin | undefined {
    return this.#plugins.get(id)?.plugin;
  }

  entry(id: string): RegisteredPlugin | undefined {
    return this.#plugins.get(id);
  }

  list(): RegisteredPlugin[] {
    return [...this.#plugins.values()].sort((a, b) => a.plugin.id.localeCompare(b.plugin.id));
  }

  get size(): number {
    return this.#plugins.size;
  }

  /**
   * Ranks plugins by their confidence for a sample (highest first), dropping those that cannot read its
   * format or score 0. A plugin whose detect() throws scores 0: detection must not break a run.
   */
  detect(sample: InputSample): DetectionResult[] {
    const results: DetectionResult[] = [];
    for (const { plugin } of this.#plugins.values()) {
      if (!plugin.inputs.includes(sample.format)) continue;
      let confidence = 0;
      try {
        confidence = plugin.detect(sample);
      } catch {
        confidence = 0;
      }
      if (Number.isFinite(confidence) && confidence > 0) results.push({ plugin, confidence: Math.min(confidence, 1) });
    }
    return results.sort((a, b) => b.confidence - a.confidence);
  }

  /**
   * The plugins that claim a sample: every detection result at or above `DETECT_THRESHOLD`, highest
   * confidence first (ties keep registration order). When there are several, give each record to them in
   * this order with `chainTranslators`.
   */
  claimants(sample: InputSample): DetectionResult[] {
    return this.detect(sample).filter((r) => r.confidence >= DETECT_THRESHOLD);
  }
}

export function describeOrigin(origin: PluginOrigin): string {
  if (origin.packageName) return origin.version ? `${origin.packageName}@${origin.version}` : origin.packageName;
  return origin.path ?? '';
}
