import { readFileSync } from 'node:fs';
import { PLUGIN_API_VERSION, pluginProblem } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import plugin from './index.js';

interface PackageJson {
  name: string;
  keywords?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  exports: { '.': { types: string; default: string } };
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageJson;

describe('package contract', () => {
  it('default-exports a plugin object that core accepts', () => {
    expect(pluginProblem(plugin)).toBeUndefined();
    expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(plugin).toMatchObject({
      id: 'acme-firewall',
      inputs: ['json'],
      ocsf: { classUid: 4001, defaultVersion: '1.1.0' },
    });
  });

  it('declares itself an ocsfx plugin, so the CLI discovers it', () => {
    expect(pkg.keywords).toContain('ocsfx-plugin');
    expect(pkg.exports['.'].default).toBe('./dist/index.js');
  });

  it('depends on @ocsfx/core only, as a peer (one core per process), and on nothing at runtime', () => {
    expect(pkg.peerDependencies).toEqual({ '@ocsfx/core': '^1.0.0' });
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
