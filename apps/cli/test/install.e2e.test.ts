/**
 * The packages installed the way users install them: each workspace package packed into a tarball
 * (`pnpm pack` turns `workspace:^` into real ranges), then installed with npm, locally into a project
 * and globally under a prefix. @ocsfx/* is not on the public registry, so every npm install names all
 * the tarballs it needs; the other dependencies come from npm's cache or registry.
 */
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStack, jsonLines, REPO_DIR, type RunResult, runCli, tempDir } from './helpers.js';

const run = promisify(execFile);
const CLOUDTRAIL = join(REPO_DIR, 'examples', 'logs', 'cloudtrail-signin.json');
const VPC = join(REPO_DIR, 'examples', 'logs', 'vpc-flow-v5.log');

const PACKAGES = {
  core: 'packages/core',
  cli: 'apps/cli',
  vpc: 'packages/plugin-vpc-flowlogs',
  cloudtrail: 'packages/plugin-cloudtrail-auth',
  template: 'examples/plugin-template',
} as const;
type Name = keyof typeof PACKAGES;

/** npm without the npm_* settings a surrounding `pnpm test` passes down to scripts. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_')) env[k] = v;
  return env;
}

async function npmInstall(cwd: string, tarballs: readonly string[], global?: string): Promise<void> {
  const args = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  if (global) args.push('--global', '--prefix', global);
  await run('npm', [...args, ...tarballs], { cwd, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
}

interface Listing {
  plugins: { id: string; package: string }[];
  errors: { source: string; reason: string }[];
}

function listing(result: RunResult): Listing {
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Listing;
}

let tmp: ReturnType<typeof tempDir>;
const tgz = {} as Record<Name, string>;

beforeAll(async () => {
  tmp = tempDir('install');
  const dest = join(tmp.dir, 'tarballs');
  await Promise.all(
    Object.values(PACKAGES).map(async (dir) => {
      const pkgDir = join(REPO_DIR, dir);
      if (!existsSync(join(pkgDir, 'dist'))) throw new Error(`${dir} is not built; run pnpm build first`);
      await run('pnpm', ['pack', '--pack-destination', dest], { cwd: pkgDir });
    }),
  );
  const files = readdirSync(dest);
  const find = (prefix: string) => {
    const file = files.find((f) => f.startsWith(prefix) && /^\d/.test(f.slice(prefix.length)));
    if (!file) throw new Error(`no tarball ${prefix}*.tgz in ${files.join(', ')}`);
    return join(dest, file);
  };
  tgz.core = find('ocsfx-core-');
  tgz.cli = find('ocsfx-cli-');
  tgz.vpc = find('ocsfx-plugin-vpc-flowlogs-');
  tgz.cloudtrail = find('ocsfx-plugin-cloudtrail-auth-');
  tgz.template = find('ocsfx-plugin-acme-firewall-');
}, 60_000);
afterAll(() => tmp?.remove());

describe('local install into a project (npm install <tarballs>)', () => {
  let project: string;
  let bin: string;
  const cli = (args: string[]) => runCli(args, { cwd: project, executable: bin });

  beforeAll(async () => {
    project = join(tmp.dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{"name":"my-logs","private":true}');
    await npmInstall(project, [tgz.core, tgz.cli, tgz.vpc]);
    bin = join(project, 'node_modules', '.bin', 'ocsfx');
  }, 90_000);

  it('installs real copies, not workspace links', () => {
    for (const name of ['core', 'cli', 'plugin-vpc-flowlogs']) {
      const dir = join(project, 'node_modules', '@ocsfx', name);
      expect(lstatSync(dir).isSymbolicLink(), name).toBe(false);
      expect(existsSync(join(dir, 'dist', 'index.js')), name).toBe(true);
    }
  });

  it('with CLI + VPC plugin, ocsfx plugins lists exactly that plugin', async () => {
    const result = await cli(['plugins', '--json']);
    expect(listing(result)).toEqual({
      plugins: [expect.objectContaining({ id: 'vpc-flowlogs', package: '@ocsfx/plugin-vpc-flowlogs' })],
      errors: [],
    });
  });

  it('translates VPC Flow Logs', async () => {
    const result = await cli(['translate', VPC]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((e) => e.class_uid)).toEqual([4001, 4001, 4001, 4001]);
    expectNoStack(result);
  });

  it('asked for CloudTrail, exits 1 and names the package to install', async () => {
    const result = await cli(['translate', CLOUDTRAIL]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('@ocsfx/plugin-cloudtrail-auth');
    expect(result.stdout).toBe('');
    expectNoStack(result);
  });

  it('after npm install of the CloudTrail plugin, translates CloudTrail', async () => {
    await npmInstall(project, [tgz.cloudtrail]);
    const result = await cli(['translate', CLOUDTRAIL]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((e) => e.class_uid)).toEqual([3002, 3002]);
    expect(listing(await cli(['plugins', '--json'])).plugins.map((p) => p.id)).toEqual([
      'cloudtrail-auth',
      'vpc-flowlogs',
    ]);
  }, 60_000);

  it('finds the template plugin installed from its tarball and translates its example', async () => {
    await npmInstall(project, [tgz.template]);
    const example = join(project, 'node_modules', 'ocsfx-plugin-acme-firewall', 'example.log');
    const result = await cli(['translate', example]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((e) => e.class_uid)).toEqual([4001, 4001, 4001]);
    expect(result.stderr).toContain('acme-firewall/bad-ip');
  }, 60_000);

  it('skips broken plugins beside the working ones, reporting each once on stderr', async () => {
    // Added by hand after the last npm install (npm would prune them as extraneous).
    const nm = join(project, 'node_modules');
    const broken = (name: string, source: string) => {
      mkdirSync(join(nm, name));
      writeFileSync(
        join(nm, name, 'package.json'),
        JSON.stringify({ name, version: '0.0.1', type: 'module', main: 'index.js', keywords: ['ocsfx-plugin'] }),
      );
      writeFileSync(join(nm, name, 'index.js'), source);
    };
    broken('ocsfx-plugin-crashes', "throw new Error('cannot start: config missing');\n");
    broken(
      'ocsfx-plugin-from-the-future',
      "export default { id: 'future', title: 'Future', apiVersion: 99, ocsf: { classUid: 1, className: 'X', versions: ['9'], defaultVersion: '9' }, inputs: ['json'], detect: () => 0, createTranslator: () => ({}) };\n",
    );

    const result = await cli(['translate', VPC, CLOUDTRAIL, join(nm, 'ocsfx-plugin-acme-firewall', 'example.log')]);
    expect(result.code).toBe(0);
    expect(new Set(jsonLines(result.stdout).map((e) => e.class_uid))).toEqual(new Set([4001, 3002]));
    const warnings = result.stderr.split('\n').filter((l) => /ocsfx-plugin-(crashes|from-the-future)/.test(l));
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/crashes.*cannot start: config missing/);
    expect(warnings.join('\n')).toMatch(/from-the-future.*plugin API version 99/);
    expectNoStack(result);

    const listed = listing(await cli(['plugins', '--json']));
    expect(listed.plugins.map((p) => p.id)).toEqual(['acme-firewall', 'cloudtrail-auth', 'vpc-flowlogs']);
    expect(listed.errors.map((e) => e.source)).toEqual([
      expect.stringContaining('ocsfx-plugin-crashes'),
      expect.stringContaining('ocsfx-plugin-from-the-future'),
    ]);
  });
});

describe('global install (npm install -g --prefix), run from an unrelated directory', () => {
  let prefix: string;
  let elsewhere: string;
  const cli = (args: string[]) => runCli(args, { cwd: elsewhere, executable: join(prefix, 'bin', 'ocsfx') });

  beforeAll(async () => {
    prefix = join(tmp.dir, 'global');
    elsewhere = join(tmp.dir, 'somewhere', 'else');
    mkdirSync(elsewhere, { recursive: true });
    await npmInstall(elsewhere, [tgz.core, tgz.cli, tgz.vpc], prefix);
  }, 90_000);

  it('finds the plugin installed beside the CLI, and only that one', async () => {
    expect(existsSync(join(elsewhere, 'node_modules'))).toBe(false);
    const result = await cli(['plugins', '--json']);
    expect(listing(result)).toEqual({
      plugins: [expect.objectContaining({ id: 'vpc-flowlogs', package: '@ocsfx/plugin-vpc-flowlogs' })],
      errors: [],
    });
  });

  it('asked for CloudTrail, exits 1 and names the package to install', async () => {
    const result = await cli(['translate', CLOUDTRAIL]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('@ocsfx/plugin-cloudtrail-auth');
    expectNoStack(result);
  });

  it('after a global install of the CloudTrail plugin, translates both sources', async () => {
    // The core tarball again: npm would otherwise fetch the plugin's peer from the public registry.
    await npmInstall(elsewhere, [tgz.core, tgz.cloudtrail], prefix);
    const result = await cli(['translate', CLOUDTRAIL, VPC]);
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).map((e) => e.class_uid)).toEqual([3002, 3002, 4001, 4001, 4001, 4001]);
    expectNoStack(result);
  }, 60_000);
});
