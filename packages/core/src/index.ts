export * from './ocsf/index.js';
export { definePlugin, emitted, rejected, skipped } from './plugin/define.js';
export * from './plugin/types.js';
