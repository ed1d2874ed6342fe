import cloudtrail from '@ocsfx/plugin-cloudtrail-auth';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, createRuntime } from '../src/index.js';

const base = { OCSFX_OUTPUT_BUCKET: 'lake-bucket', OCSFX_SOURCE_NAME: 'vpc-flow' };

function variableOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError && err.message.startsWith(`${err.variable}: `)) return err.message;
    throw err;
  }
  return undefined;
}

describe('configuration from the environment', () => {
  it('has defaults for everything but the bucket and the source name', () => {
    expect(configFromEnv(base)).toEqual({
      outputBucket: 'lake-bucket',
      outputPrefix: '',
      rejectsPrefix: 'rejects/',
      format: 'parquet',
      sourceNames: { all: 'vpc-flow' },
      pluginIds: [],
      ocsfVersion: undefined,
      validate: false,
      pluginOptions: {},
      forcePathStyle: false,
    });
  });

  it('reads prefixes, format, plugins, version, validation and one source name per class', () => {
    const c = configFromEnv({
      ...base,
      OCSFX_OUTPUT_PREFIX: 'lake',
      OCSFX_FORMAT: 'jsonl',
      OCSFX_SOURCE_NAME: '4001=vpc-flow, 3002=cloudtrail-auth',
      OCSFX_PLUGINS: 'vpc-flowlogs, cloudtrail-auth',
      OCSFX_OCSF_VERSION: '1.1.0',
      OCSFX_VALIDATE: 'true',
      OCSFX_PLUGIN_OPTIONS: '{"skip-nodata":true}',
    });
    expect(c.outputPrefix).toBe('lake/');
    expect(c.rejectsPrefix).toBe('lake/rejects/');
    expect(c.sourceNames).toEqual({
      byClass: new Map([
        [4001, 'vpc-flow'],
        [3002, 'cloudtrail-auth'],
      ]),
    });
    expect(c.pluginIds).toEqual(['vpc-flowlogs', 'cloudtrail-auth']);
    expect(c.validate).toBe(true);
    expect(c.pluginOptions).toEqual({ 'skip-nodata': true });
  });

  it('names the variable at fault and says what to set', () => {
    expect(variableOf(() => configFromEnv({}))).toMatch(/^OCSFX_OUTPUT_BUCKET: .*not set/);
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_OUTPUT_BUCKET: 's3://lake' }))).toMatch(
      /^OCSFX_OUTPUT_BUCKET: .*no s3:\/\//,
    );
    expect(variableOf(() => configFromEnv({ OCSFX_OUTPUT_BUCKET: 'lake-bucket' }))).toMatch(
      /^OCSFX_SOURCE_NAME: .*not set/,
    );
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_SOURCE_NAME: 'a b' }))).toMatch(/^OCSFX_SOURCE_NAME: /);
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_SOURCE_NAME: '4001:x' }))).toMatch(/^OCSFX_SOURCE_NAME: /);
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_FORMAT: 'csv' }))).toMatch(
      /^OCSFX_FORMAT: .*parquet or jsonl/,
    );
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_VALIDATE: 'yes' }))).toMatch(
      /^OCSFX_VALIDATE: .*true or false/,
    );
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_OUTPUT_PREFIX: '/x' }))).toMatch(/^OCSFX_OUTPUT_PREFIX: /);
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_REJECTS_PREFIX: 'ext/r' }))).toMatch(
      /^OCSFX_REJECTS_PREFIX: .*inside/,
    );
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_PLUGINS: 'Vpc Flow' }))).toMatch(/^OCSFX_PLUGINS: /);
    expect(variableOf(() => configFromEnv({ ...base, OCSFX_PLUGIN_OPTIONS: '{' }))).toMatch(
      /^OCSFX_PLUGIN_OPTIONS: .*not JSON/,
    );
  });

  it('checks the configuration against the bundled plugins at cold start', () => {
    const start = (env: Record<string, string>, plugins = [vpc, cloudtrail]) =>
      variableOf(() => createRuntime({ plugins, env: { ...base, ...env } }));
    expect(start({ OCSFX_PLUGINS: 'route53' })).toMatch(
      /^OCSFX_PLUGINS: no plugin "route53" in this bundle \(bundled: cloudtrail-auth, vpc-flowlogs\)/,
    );
    expect(start({})).toMatch(/^OCSFX_SOURCE_NAME: .*classes 3002, 4001.*3002=NAME,4001=NAME/);
    expect(start({ OCSFX_SOURCE_NAME: '4001=vpc' })).toMatch(/^OCSFX_SOURCE_NAME: names no source for OCSF class 3002/);
    expect(start({ OCSFX_PLUGINS: 'vpc-flowlogs', OCSFX_OCSF_VERSION: '1.9.0' })).toMatch(
      /^OCSFX_OCSF_VERSION: plugin vpc-flowlogs emits OCSF 1\.0\.0-rc\.2, 1\.1\.0, 1\.5\.0, 1\.8\.0, not 1\.9\.0/,
    );
    expect(start({ OCSFX_PLUGINS: 'vpc-flowlogs', OCSFX_PLUGIN_OPTIONS: '{"vpc-format":"${version} 42"}' })).toMatch(
      /^OCSFX_PLUGIN_OPTIONS: plugin vpc-flowlogs refused/,
    );
    expect(start({ OCSFX_PLUGINS: 'vpc-flowlogs' })).toBeUndefined();
  });
});
