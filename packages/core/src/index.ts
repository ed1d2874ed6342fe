export * from './ocsf/index.js';
export * from './pipeline/index.js';
export { definePlugin, emitted, rejected, skipped } from './plugin/define.js';
export {
  type JsonObject,
  type JsonObjectRejects,
  jsonObjectTranslator,
  type RejectText,
} from './plugin/json-object.js';
export * from './plugin/types.js';
export * from './readers/index.js';
export * from './registry/index.js';
export * from './writers/index.js';
