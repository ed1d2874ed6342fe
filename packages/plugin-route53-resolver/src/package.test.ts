import { readFileSync } from 'node:fs';
import { PLUGIN_API_VERSION, pluginProblem } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import plugin, * as api from './index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('package contract', () => {
  it('default-exports a valid plugin for this core', () => {
    expect(pluginProblem(plugin)).toBeUndefined();
    expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(plugin).toMatchObject({
      id: 'route53-resolver',
      apiVersion: 1,
      ocsf: {
        classUid: 4003,
        className: 'DNS Activity',
        versions: ['1.1.0', '1.5.0', '1.8.0'],
        defaultVersion: '1.1.0',
      },
      inputs: ['json'],
    });
  });

  it('exports only the plugin, its rcode and firewall tables and its reason codes', () => {
    expect(Object.keys(api).sort()).toEqual(['FIREWALL_ACTION', 'RCODE', 'REASON', 'default']);
    expect(Object.values(api.REASON).every((code) => code.startsWith('route53/'))).toBe(true);
  });

  it('creates a translator per supported version and refuses others clearly', () => {
    for (const ocsfVersion of plugin.ocsf.versions)
      expect(plugin.createTranslator({ ocsfVersion, options: {} })).toHaveProperty('translate');
    expect(() => plugin.createTranslator({ ocsfVersion: '1.0.0-rc.2', options: {} })).toThrow(
      /1\.1\.0, 1\.5\.0, 1\.8\.0/,
    );
  });

  it('has no runtime dependencies besides the @ocsfx/core peer', () => {
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toEqual({ '@ocsfx/core': expect.any(String) });
    expect(pkg).toMatchObject({ type: 'module', sideEffects: false, ocsfx: { plugin: true } });
    expect(pkg.keywords).toContain('ocsfx-plugin');
  });
});
