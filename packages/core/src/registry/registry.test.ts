import { describe, expect, it } from 'vitest';
import { definePlugin, emitted } from '../plugin/define.js';
import type { InputSample, Plugin } from '../plugin/types.js';
import { PluginRegistrationError, PluginRegistry } from './registry.js';

function fakePlugin(id: string, score: number, overrides: Partial<Plugin> = {}): Plugin {
  return definePlugin({
    id,
    title: `Fake ${id}`,
    apiVersion: 1,
    ocsf: { classUid: 4001, className: 'Network Activity', versions: ['1.1.0'], defaultVersion: '1.1.0' },
    inputs: ['text'],
    detect: () => score,
    createTranslator: () => ({ translate: () => emitted({}) }),
    ...overrides,
  });
}

const sample: InputSample = { file: 'x.log', format: 'text', head: 'a b c', records: [] };

describe('PluginRegistry', () => {
  it('registers, gets and lists plugins sorted by id', () => {
    const r = new PluginRegistry();
    r.register(fakePlugin('zeta', 0.1), { packageName: 'z-pkg', version: '1.0.0' });
    r.register(fakePlugin('alpha', 0.1));
    expect(r.get('zeta')?.title).toBe('Fake zeta');
    expect(r.get('missing')).toBeUndefined();
    expect(r.list().map((e) => e.plugin.id)).toEqual(['alpha', 'zeta']);
    expect(r.entry('zeta')?.origin).toEqual({ packageName: 'z-pkg', version: '1.0.0' });
  });

  it('refuses a plugin built for another apiVersion, naming plugin, its version and the supported one', () => {
    const r = new PluginRegistry();
    const old = { ...fakePlugin('old-one', 1), apiVersion: 0 } as unknown as Plugin;
    expect(() => r.register(old, { packageName: 'ocsfx-plugin-old', version: '0.3.0' })).toThrow(
      PluginRegistrationError,
    );
    expect(() => r.register(old, { packageName: 'ocsfx-plugin-old', version: '0.3.0' })).toThrow(
      /ocsfx-plugin-old@0\.3\.0: plugin "old-one" was built for plugin API version 0, but this @ocsfx\/core supports version 1/,
    );
  });

  it('refuses a duplicate id and names both origins', () => {
    const r = new PluginRegistry();
    r.register(fakePlugin('dup', 1), { packageName: 'first' });
    expect(() => r.register(fakePlugin('dup', 1), { packageName: 'second' })).toThrow(
      /duplicate plugin id "dup" from second; already registered from first/,
    );
  });

  it('refuses values that are not plugin objects', () => {
    const r = new PluginRegistry();
    expect(() => r.register(42)).toThrow(/not a plugin object/);
    expect(() => r.register({ ...fakePlugin('Bad Id', 1) })).toThrow(/kebab-case/);
    expect(() => r.register({ ...fakePlugin('no-detect', 1), detect: undefined })).toThrow(/detect\(\)/);
    expect(() => r.register({ ...fakePlugin('bad-inputs', 1), inputs: ['xml'] })).toThrow(/unknown inputs/);
    expect(() =>
      r.register({
        ...fakePlugin('bad-ocsf', 1),
        ocsf: { classUid: 1, className: 'x', versions: ['1.1.0'], defaultVersion: '9' },
      }),
    ).toThrow(/invalid `ocsf` block/);
    const ocsf = { classUid: 6003, className: 'API Activity', versions: ['1.1.0'], defaultVersion: '1.1.0' };
    expect(() => r.register({ ...fakePlugin('bad-others', 1), ocsf: { ...ocsf, otherClasses: [3001] } })).toThrow(
      /invalid `ocsf.otherClasses`/,
    );
    expect(
      r.register({
        ...fakePlugin('two-classes', 1),
        ocsf: { ...ocsf, otherClasses: [{ classUid: 3001, className: 'Account Change' }] },
      }).ocsf.otherClasses,
    ).toHaveLength(1);
  });

  it('ranks detection by confidence, ignores zero, throwing detectors and other input formats', () => {
    const r = new PluginRegistry();
    r.register(fakePlugin('low', 0.3));
    r.register(fakePlugin('high', 0.9));
    r.register(fakePlugin('zero', 0));
    r.register(
      fakePlugin('throws', 1, {
        detect: () => {
          throw new Error('boom');
        },
      }),
    );
    r.register(fakePlugin('json-only', 1, { inputs: ['json'] }));
    expect(r.detect(sample).map((d) => [d.plugin.id, d.confidence])).toEqual([
      ['high', 0.9],
      ['low', 0.3],
    ]);
  });
});
