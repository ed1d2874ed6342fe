/** The package's public contract: its exports, its metadata, and that only it depends on the AWS SDK. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoDir } from '@ocsfx/vitest-config/shared';
import { describe, expect, test } from 'vitest';
import * as api from '../src/index.js';

type Manifest = Record<string, unknown> & {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const pkg = read(new URL('../package.json', import.meta.url).pathname);

function workspaceManifests(): Manifest[] {
  return ['packages', 'apps'].flatMap((dir) =>
    readdirSync(join(repoDir, dir), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => read(join(repoDir, dir, e.name, 'package.json'))),
  );
}

describe('@ocsfx/aws', () => {
  test('named exports are the documented ones', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'ConfigError',
        'ENV_VARS',
        'METRIC_NAMESPACE',
        'configFromEnv',
        'createFirehoseHandler',
        'createRuntime',
        'createSqsHandler',
        'decodeEventKey',
        'listS3Inputs',
        'metricLine',
        'objectId',
        'openS3Input',
        'parseNotification',
        'parseS3Uri',
        'processObject',
        'uploadDirectory',
      ].sort(),
    );
  });

  test('ESM, side-effect free, Node ≥ 20.19, core as a peer', () => {
    expect(pkg['type']).toBe('module');
    expect(pkg['sideEffects']).toBe(false);
    expect((pkg['engines'] as { node: string }).node).toBe('>=20.19');
    expect(Object.keys(pkg.peerDependencies ?? {})).toEqual(['@ocsfx/core', 'esbuild']);
    expect(pkg['keywords']).toEqual(expect.arrayContaining(['ocsfx', 'lambda', 'security-lake']));
    // Not a plugin: the CLI's plugin discovery must not load it.
    expect(pkg['keywords']).not.toContain('ocsfx-plugin');
  });

  test('runtime dependencies: the S3 client, pinned to releases that still support Node 20, and a zip writer', () => {
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['@aws-sdk/client-s3', 'fflate']);
    // The bundler is needed only by `ocsfx-aws bundle`, on the machine that makes the zip.
    expect((pkg['peerDependenciesMeta'] as Record<string, { optional: boolean }>)['esbuild']).toEqual({
      optional: true,
    });
    expect(pkg.dependencies?.['@aws-sdk/client-s3']).toMatch(/^~3\.\d+\.\d+$/);
  });

  test('only this package depends on the AWS SDK: core, the plugins and the CLI stay free of it', () => {
    const manifests = workspaceManifests();
    expect(manifests.map((m) => m.name)).toContain('@ocsfx/core');
    for (const m of manifests) {
      if (m.name === '@ocsfx/aws') continue;
      const runtime = Object.keys({ ...m.dependencies, ...m.peerDependencies });
      expect(
        runtime.filter((d) => d.startsWith('@aws-sdk/') || d === 'aws-sdk' || d === '@ocsfx/aws'),
        m.name,
      ).toEqual([]);
    }
  });
});
