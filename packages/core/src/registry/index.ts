export { KNOWN_SOURCES, type KnownSource, suggestSource } from './known-sources.js';
export {
  DETECT_THRESHOLD,
  type DetectionResult,
  describeOrigin,
  type PluginOrigin,
  PluginRegistrationError,
  PluginRegistry,
  type RegisteredPlugin,
} from './registry.js';
export { pluginProblem } from './validate-plugin.js';
