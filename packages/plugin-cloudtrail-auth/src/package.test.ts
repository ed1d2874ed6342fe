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
      id: 'cloudtrail-auth',
      title: 'AWS CloudTrail authentication',
      apiVersion: 1,
      ocsf: {
        classUid: 3002,
        className: 'Authentication',
        versions: ['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0'],
        defaultVersion: '1.0.0-rc.2',
      },
      inputs: ['json'],
    });
    expect(typeof plugin.detect).toBe('function');
    expect(typeof plugin.createTranslator).toBe('function');
  });

  it('exports only the plugin, its tables and its reason codes', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'AUTH_EVENTS',
        'AUTH_FACTORS',
        'BY_VERSION',
        'DEFAULT_VERSION',
        'MAPPING',
        'OCSF_VERSIONS',
        'REASON',
        'default',
      ].sort(),
    );
    expect(Object.values(api.REASON).every((code) => code.startsWith('cloudtrail/'))).toBe(true);
  });

  it('creates a translator per supported version and refuses others clearly', () => {
    for (const ocsfVersion of plugin.ocsf.versions)
      expect(plugin.createTranslator({ ocsfVersion, options: {} })).toHaveProperty('translate');
    expect(() => plugin.createTranslator({ ocsfVersion: '1.9.0', options: {} })).toThrow(
      'OCSF version 1.9.0 is not supported by cloudtrail-auth; choose one of 1.0.0-rc.2, 1.1.0, 1.5.0, 1.8.0',
    );
  });

  it('has no runtime dependencies besides the @ocsfx/core peer', () => {
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toEqual({ '@ocsfx/core': expect.any(String) });
    expect(pkg).toMatchObject({ type: 'module', sideEffects: false, ocsfx: { plugin: true } });
    expect(pkg.keywords).toContain('ocsfx-plugin');
  });
});
