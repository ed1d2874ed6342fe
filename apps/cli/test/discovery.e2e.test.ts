/**
 * Discovery through the real binary, from a project directory outside the workspace whose node_modules
 * holds the template plugin beside deliberately broken ones. Each broken plugin is reported once, with
 * its reason, and the working plugin keeps translating.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack, jsonLines, REPO_DIR, runCli, tempDir } from './helpers.js';

const TEMPLATE = join(REPO_DIR, 'examples', 'plugin-template');
const EXAMPLE = join(TEMPLATE, 'example.log');
const CLOUDTRAIL = join(REPO_DIR, 'examples', 'logs', 'cloudtrail-signin.json');

/** A package in node_modules that declares itself an ocsfx plugin, with `index.js` as its entry. */
function fakePlugin(nodeModules: string, name: string, source: string, keywords = ['ocsfx-plugin']): void {
  const dir = join(nodeModules, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', keywords }),
  );
  writeFileSync(join(dir, 'index.js'), source);
}

/** A plain plugin object literal, as a plugin without @ocsfx/core's helper would write it. */
function pluginSource(id: string, apiVersion: number): string {
  return `export default {
  id: ${JSON.stringify(id)}, title: 'Test', apiVersion: ${apiVersion},
  ocsf: { classUid: 4001, className: 'Network Activity', versions: ['1.1.0'], defaultVersion: '1.1.0' },
  inputs: ['json'], detect: () => 0, createTranslator: () => ({ translate: () => ({ kind: 'skipped', code: 't/x', reason: 'x' }) }),
};\n`;
}

const BROKEN = {
  'ocsfx-plugin-throws': /failed to load: .*boom: the native binding is missing/,
  'ocsfx-plugin-future': /plugin API version 99/,
  'ocsfx-plugin-not-a-plugin': /not a plugin object/,
  'ocsfx-plugin-zz-duplicate': /duplicate plugin id "acme-firewall"/,
} as const;

let project: ReturnType<typeof tempDir>;
beforeAll(() => {
  project = tempDir('discovery');
  const nm = join(project.dir, 'node_modules');
  mkdirSync(nm);
  writeFileSync(join(project.dir, 'package.json'), '{"name":"my-project","private":true}');
  symlinkSync(TEMPLATE, join(nm, 'ocsfx-plugin-acme-firewall'), 'dir');
  fakePlugin(nm, 'ocsfx-plugin-throws', "throw new Error('boom: the native binding is missing');\n");
  fakePlugin(nm, 'ocsfx-plugin-future', pluginSource('future', 99));
  fakePlugin(nm, 'ocsfx-plugin-not-a-plugin', 'export default 42;\n');
  // Sorted after the template, so the template registers first and this one is the duplicate.
  fakePlugin(nm, 'ocsfx-plugin-zz-duplicate', pluginSource('acme-firewall', 1));
  // Without the keyword a package is never imported, however it is named.
  fakePlugin(nm, 'unrelated-lib', "throw new Error('imported a package that is not a plugin');\n", ['logging']);
});
afterAll(() => project.remove());

describe.concurrent('discovery from the project directory', () => {
  it('plugins --json lists the working plugin and one error per broken plugin, with its reason', async () => {
    const result = await runCli(['plugins', '--json'], { cwd: project.dir });
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      plugins: {
        id: string;
        package: string;
        version: string;
        classUid: number;
        ocsfVersions: string[];
        inputs: string[];
      }[];
      errors: { source: string; reason: string }[];
    };
    expect(listing.plugins).toEqual([
      expect.objectContaining({
        id: 'acme-firewall',
        package: 'ocsfx-plugin-acme-firewall',
        version: '0.1.0',
        classUid: 4001,
        ocsfVersions: ['1.1.0'],
        inputs: ['json'],
      }),
    ]);
    expect(listing.errors).toHaveLength(Object.keys(BROKEN).length);
    for (const [name, reason] of Object.entries(BROKEN)) {
      const matching = listing.errors.filter((e) => e.source.includes(name));
      expect(matching, name).toHaveLength(1);
      expect(matching[0]?.reason).toMatch(reason);
    }
    expect(result.stdout).not.toContain('unrelated-lib');
    expectNoStack(result);
  });

  it('plugins (text) shows the plugin and the load errors', async () => {
    const result = await runCli(['plugins'], { cwd: project.dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^acme-firewall\s+Acme Edge Firewall$/m);
    expect(result.stdout).toContain('ocsfx-plugin-acme-firewall@0.1.0');
    expect(result.stdout).toMatch(/4001 Network Activity; versions 1\.1\.0 \(default\)/);
    for (const name of Object.keys(BROKEN)) expect(result.stdout).toContain(name);
    expectNoStack(result);
  });

  it('translate works with the good plugin and reports each broken one once on stderr', async () => {
    const result = await runCli(['translate', EXAMPLE], { cwd: project.dir });
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.map((e) => [e.class_uid, e.type_uid])).toEqual([
      [4001, 400106],
      [4001, 400105],
      [4001, 400105],
    ]);
    for (const [name, reason] of Object.entries(BROKEN)) {
      const lines = result.stderr.split('\n').filter((l) => l.includes(name));
      expect(lines, name).toHaveLength(1);
      expect(lines[0]).toMatch(reason);
    }
    expect(result.stderr).toContain('acme-firewall/bad-ip');
    expect(result.stderr).not.toContain('unrelated-lib');
    expectNoStack(result);
  });

  it('names the package to install when an input belongs to a plugin that is not installed', async () => {
    const result = await runCli(['translate', CLOUDTRAIL], { cwd: project.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cloudtrail-signin\.json: .*install @ocsfx\/plugin-cloudtrail-auth/);
    expect(result.stdout).toBe('');
    expectNoStack(result);
  });

  it('--plugin loads a plugin by path beside the discovered ones', async () => {
    const cloudtrail = join(REPO_DIR, 'packages', 'plugin-cloudtrail-auth');
    const result = await runCli(['translate', '--plugin', cloudtrail, CLOUDTRAIL, EXAMPLE], { cwd: project.dir });
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((e) => e.class_uid)).toEqual([3002, 3002, 4001, 4001, 4001]);
  });

  it('--plugin with a path that does not exist is reported and skipped', async () => {
    const result = await runCli(['plugins', '--json', '--plugin', './no-such-plugin'], { cwd: project.dir });
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      plugins: { id: string }[];
      errors: { source: string; reason: string }[];
    };
    expect(listing.plugins.map((p) => p.id)).toEqual(['acme-firewall']);
    expect(listing.errors).toContainEqual({
      source: './no-such-plugin',
      reason: expect.stringMatching(/no such file or directory/),
    });
  });

  it('with no plugin at all, plugins says how to install one and translate fails with exit 1', async () => {
    const empty = tempDir('empty');
    try {
      const list = await runCli(['plugins'], { cwd: empty.dir });
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('npm install');
      const translate = await runCli(['translate', EXAMPLE], { cwd: empty.dir });
      expect(translate.code).toBe(1);
      expect(translate.stderr).toMatch(/no ocsfx plugins are installed/);
      expectNoStack(translate);
    } finally {
      empty.remove();
    }
  });
});
