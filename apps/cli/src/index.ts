export {
  discoverPlugins,
  findPluginPackages,
  findPlugins,
  loadPlugins,
  nodeModulesChain,
  PLUGIN_KEYWORD,
  pluginSearchDirs,
} from './discovery.js';
export { main } from './main.js';
