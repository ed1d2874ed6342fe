/**
 * Where plugins are searched and when they are imported, through the real binary. Each planted package
 * records its import by creating a file beside itself, so a test sees exactly which commands ran its code.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoStack, jsonLines, REPO_DIR, runCli, tempDir } from './helpers.js';

const TEMPLATE = join(REPO_DIR, 'examples', 'plugin-template');
const EXAMPLE = join(TEMPLATE, 'example.log');
const VERSION = (JSON.parse(readFileSync(join(REPO_DIR, 'apps', 'cli', 'package.json'), 'utf8')) as { version: string })
  .version;

/**
 * A plugin package whose import creates `imported` in its directory. `declaredId` goes into
 * package.json's `"ocsfx": { "id" }`.
 */
function markerPlugin(nodeModules: string, name: string, id: string, declaredId?: string): string {
  const dir = join(nodeModules, name);
  mkdirSync(dir, { recursive: true });
  const pkg: Record<string, unknown> = { name, version: '1.0.0', type: 'module', main: 'index.js' };
  pkg.keywords = ['ocsfx-plugin'];
  if (declaredId) pkg.ocsfx = { plugin: true, id: declaredId };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  writeFileSync(
    join(dir, 'index.js'),
    `import { writeFileSync } from 'node:fs';
writeFileSync(new URL('./imported', import.meta.url), 'imported');
export default {
  id: ${JSON.stringify(id)}, title: 'Marker', apiVersion: 1,
  ocsf: { classUid: 4001, className: 'Network Activity', versions: ['1.1.0'], defaultVersion: '1.1.0' },
  inputs: ['json'], detect: () => 0, createTranslator: () => ({ translate: () => ({ kind: 'skipped', code: 'm/x', reason: 'x' }) }),
};\n`,
  );
  return join(dir, 'imported');
}

let tmp: ReturnType<typeof tempDir>;
let project: string;
let planted: string;
let inProject: string;
let events: string;
beforeAll(async () => {
  tmp = tempDir('loading');
  // A package planted in a parent directory's node_modules, above the project the user works in.
  planted = markerPlugin(join(tmp.dir, 'node_modules'), 'ocsfx-plugin-planted', 'planted', 'planted');
  project = join(tmp.dir, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{"name":"my-logs","private":true}');
  symlinkSync(TEMPLATE, join(project, 'node_modules', 'ocsfx-plugin-acme-firewall'), 'dir');
  inProject = markerPlugin(join(project, 'node_modules'), 'ocsfx-plugin-marker', 'marker', 'marker');
  // Events to validate, made by the template plugin.
  const made = await runCli(['translate', EXAMPLE, '--source', 'acme-firewall'], { cwd: project });
  expect(made.code).toBe(0);
  events = join(tmp.dir, 'events.jsonl');
  writeFileSync(events, made.stdout);
});
afterAll(() => tmp.remove());
beforeEach(() => {
  rmSync(planted, { force: true });
  rmSync(inProject, { force: true });
});

describe('a package planted above the project', () => {
  it.each([
    [['--version']],
    [['-v']],
    [['--help']],
    [[]],
    [['translate', '--help']],
    [['validate', 'EVENTS']],
    [['plugins']],
    [['translate', 'EXAMPLE']],
  ])('is never imported by ocsfx %j', async (args) => {
    const argv = args.map((a) => (a === 'EVENTS' ? events : a === 'EXAMPLE' ? EXAMPLE : a));
    const result = await runCli(argv, { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(planted)).toBe(false);
    expectNoStack(result);
  });

  it('is not listed by ocsfx plugins', async () => {
    const result = await runCli(['plugins', '-q'], { cwd: project });
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(['acme-firewall', 'marker']);
  });

  it('is found when its directory is named in OCSFX_PLUGIN_PATH', async () => {
    const env = { OCSFX_PLUGIN_PATH: join(tmp.dir, 'node_modules') };
    const result = await runCli(['plugins', '-q'], { cwd: project, env });
    expect(result.stdout.split('\n').filter(Boolean)).toEqual(['acme-firewall', 'marker', 'planted']);
    expect(existsSync(planted)).toBe(true);
  });
});

describe('a plugin in the project', () => {
  it.each([[['--version']], [['-V']], [['--help']], [[]], [['validate', 'EVENTS']], [['plugins', '--help']]])(
    'is not imported by ocsfx %j',
    async (args) => {
      const argv = args.map((a) => (a === 'EVENTS' ? events : a));
      const result = await runCli(argv, { cwd: project });
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(inProject)).toBe(false);
    },
  );

  it('is imported by ocsfx plugins, which lists it', async () => {
    const result = await runCli(['plugins', '--json'], { cwd: project });
    expect(result.code).toBe(0);
    expect(existsSync(inProject)).toBe(true);
  });

  it('is imported by translate with auto-detection (every plugin is asked)', async () => {
    const result = await runCli(['translate', EXAMPLE], { cwd: project });
    expect(result.code).toBe(0);
    expect(existsSync(inProject)).toBe(true);
  });

  it.each([[['--source', 'acme-firewall']], [['-s', 'acme-firewall', '--jobs', '2']], [['--source=acme-firewall']]])(
    'is not imported by translate %j, on the main thread or in workers',
    async (flags) => {
      const out = join(tmp.dir, `out-${flags.join('')}`);
      const result = await runCli(['translate', EXAMPLE, EXAMPLE, ...flags, '-o', `${out}/`], { cwd: project });
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(inProject)).toBe(false);
    },
  );

  it('--source imports the plugins that declare no id, one of which may be it', async () => {
    const nm = join(tmp.dir, 'undeclared', 'node_modules');
    const marker = markerPlugin(nm, 'ocsfx-plugin-undeclared', 'undeclared');
    const result = await runCli(['translate', '--source', 'undeclared', EXAMPLE], {
      cwd: project,
      env: { OCSFX_PLUGIN_PATH: nm },
    });
    expect(existsSync(marker)).toBe(true);
    expect(existsSync(inProject)).toBe(false);
    expect(result.stderr).toMatch(/5 skipped/);
  });

  it('a declared id that is not the plugin id is a warning, and the plugin loads under its own id', async () => {
    const nm = join(tmp.dir, 'misdeclared', 'node_modules');
    markerPlugin(nm, 'ocsfx-plugin-misdeclared', 'real-id', 'acme-firewall');
    const result = await runCli(['translate', '--source', 'acme-firewall', EXAMPLE], {
      cwd: project,
      env: { OCSFX_PLUGIN_PATH: nm },
    });
    expect(result.stderr).toMatch(/ocsfx-plugin-misdeclared.*declares "ocsfx": \{ "id": "acme-firewall" \}.*"real-id"/);
    // The declared id did not deliver the plugin: the others were imported, and the template translated.
    expect(jsonLines(result.stdout).map((e) => e.class_uid)).toEqual([4001, 4001, 4001]);
  });

  it('an unknown --source lists the installed plugins', async () => {
    const result = await runCli(['translate', '--source', 'nope', EXAMPLE], { cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown source "nope"; installed plugins: acme-firewall, marker/);
  });
});

describe('conventions', () => {
  it('bare ocsfx prints the help on stdout and exits 0', async () => {
    const result = await runCli([], { cwd: project });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: ocsfx');
    expect(result.stdout).toContain('Examples:');
  });

  it.each(['-v', '-V', '--version'])('%s prints the version', async (flag) => {
    const result = await runCli([flag], { cwd: project });
    expect(result).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });
});
