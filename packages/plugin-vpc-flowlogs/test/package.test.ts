/** The package's public contract: exports, the plugin object's shape, and its dependencies. */
import { readFileSync } from 'node:fs';
import { PLUGIN_API_VERSION, PluginRegistry } from '@ocsfx/core';
import { describe, expect, test } from 'vitest';
import plugin, * as api from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('@ocsfx/plugin-vpc-flowlogs', () => {
  test('default-exports the plugin with the contract core expects', () => {
    expect(plugin.id).toBe('vpc-flowlogs');
    expect(plugin.title).toBe('Amazon VPC Flow Logs');
    expect(plugin.apiVersion).toBe(PLUGIN_API_VERSION);
    expect(plugin.ocsf).toEqual({
      classUid: 4001,
      className: 'Network Activity',
      versions: ['1.0.0-rc.2', '1.1.0', '1.5.0', '1.8.0'],
      defaultVersion: '1.1.0',
    });
    expect(plugin.inputs).toEqual(['text', 'csv', 'parquet', 'json']);
    expect(plugin.options?.map((o) => [o.name, o.type])).toEqual([
      ['vpc-format', 'string'],
      ['skip-nodata', 'boolean'],
    ]);
    expect(typeof plugin.text.isHeader).toBe('function');
    expect(typeof plugin.detect).toBe('function');
    expect(typeof plugin.createTranslator).toBe('function');
  });

  test('core registers it', () => {
    const registry = new PluginRegistry();
    expect(registry.register(plugin).id).toBe('vpc-flowlogs');
  });

  test('named exports are the documented ones', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'BY_VERSION',
        'DEFAULT_FORMAT',
        'DEFAULT_VERSION',
        'FIELDS',
        'MAPPING',
        'OCSF_VERSIONS',
        'REASON',
        'VpcFormatError',
        'default',
        'parseLogFormat',
      ].sort(),
    );
  });

  test('createTranslator refuses other OCSF versions and bad formats with a clear message', () => {
    expect(() => plugin.createTranslator({ ocsfVersion: '1.9.0', options: {} })).toThrow(
      'OCSF version 1.9.0 is not supported by vpc-flowlogs; choose one of 1.0.0-rc.2, 1.1.0, 1.5.0, 1.8.0',
    );
    for (const version of plugin.ocsf.versions) {
      expect(plugin.createTranslator({ ocsfVersion: version, options: {} })).toHaveProperty('translate');
    }
    expect(() => plugin.createTranslator({ ocsfVersion: '1.1.0', options: { 'vpc-format': '${version} 42' } })).toThrow(
      /--vpc-format/,
    );
  });

  test('no runtime dependencies besides the @ocsfx/core peer', () => {
    expect(pkg['dependencies']).toBeUndefined();
    expect(Object.keys(pkg['peerDependencies'] as object)).toEqual(['@ocsfx/core']);
  });

  test('declares itself an ocsfx plugin, ESM, side-effect free', () => {
    expect(pkg['type']).toBe('module');
    expect(pkg['sideEffects']).toBe(false);
    expect(pkg['ocsfx']).toEqual({ plugin: true, id: 'vpc-flowlogs' });
    expect(pkg['keywords']).toContain('ocsfx-plugin');
  });
});
