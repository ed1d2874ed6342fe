export { discoverPlugins, findPluginPackages, nodeModulesChain, PLUGIN_KEYWORD } from './discovery.js';
export { main } from './main.js';
