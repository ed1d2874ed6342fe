import { readFileSync } from 'node:fs';
import { PLUGIN_API_VERSION, pluginProblem } from '@ocsfx/core';
import { describe, expect, it } from 'vitest';
import plugin, * as api from './index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('package contract', () => {
  it('default-exports a valid plugin for this core, declaring both classes it emits', () => {
    expect(pluginProblem(plugin)).toBeUndefined();
    expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(plugin).toMatchObject({
      id: 'cloudtrail',
      apiVersion: 1,
      ocsf: {
        classUid: 6003,
        className: 'API Activity',
        otherClasses: [{ classUid: 3001, className: 'Account Change' }],
        versions: ['1.1.0', '1.5.0', '1.8.0'],
        defaultVersion: '1.1.0',
      },
      inputs: ['json'],
    });
  });

  it('exports only the plugin, its event tables and its reason codes', () => {
    expect(Object.keys(api).sort()).toEqual([
      'ACCOUNT_CHANGES',
      'AUTHENTICATION_EVENTS',
      'REASON',
      'VERB_ACTIVITY',
      'default',
    ]);
    expect(Object.values(api.REASON).every((code) => code.startsWith('cloudtrail/'))).toBe(true);
  });

  it('creates a translator per supported version and refuses others clearly', () => {
    for (const ocsfVersion of plugin.ocsf.versions)
      expect(plugin.createTranslator({ ocsfVersion, options: {} })).toHaveProperty('translate');
    expect(() => plugin.createTranslator({ ocsfVersion: '1.0.0-rc.2', options: {} })).toThrow(
      /1\.1\.0, 1\.5\.0, 1\.8\.0/,
    );
  });

  it('has no runtime dependencies besides the @ocsfx/core peer, and none on the other CloudTrail plugin', () => {
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toEqual({ '@ocsfx/core': expect.any(String) });
    expect(pkg).toMatchObject({ type: 'module', sideEffects: false, ocsfx: { plugin: true } });
    expect(pkg.keywords).toContain('ocsfx-plugin');
    for (const file of ['index.ts', 'translate.ts', 'mapping.ts', 'rules.ts', 'events.ts', 'detect.ts']) {
      const source = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8');
      expect(source).not.toMatch(/from '@ocsfx\/plugin-/);
    }
  });

  it('knows the same sign-in events as @ocsfx/plugin-cloudtrail-auth, so the two split a trail exactly', async () => {
    const auth = await import('@ocsfx/plugin-cloudtrail-auth');
    expect([...api.AUTHENTICATION_EVENTS].sort()).toEqual([...auth.AUTH_EVENTS.keys()].sort());
  });
});
