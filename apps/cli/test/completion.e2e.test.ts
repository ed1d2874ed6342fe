/**
 * `ocsfx completion bash|zsh|fish` from a project with the template plugin: the scripts know the commands,
 * the options, the installed plugins' ids and options. The bash function is run by a real bash with the
 * COMP_* variables a TAB would set; zsh and fish, when installed, parse their scripts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR, runCli, tempDir } from './helpers.js';

const TEMPLATE = join(REPO_DIR, 'examples', 'plugin-template');

let tmp: ReturnType<typeof tempDir>;
let project: string;
const scripts: Record<string, string> = {};
beforeAll(async () => {
  tmp = tempDir('completion');
  project = join(tmp.dir, 'project');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  writeFileSync(join(project, 'package.json'), '{"name":"p","private":true}');
  symlinkSync(TEMPLATE, join(project, 'node_modules', 'ocsfx-plugin-acme-firewall'), 'dir');
  symlinkSync(
    join(REPO_DIR, 'packages', 'plugin-vpc-flowlogs'),
    join(project, 'node_modules', 'ocsfx-plugin-vpc'),
    'dir',
  );
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', shell], { cwd: project });
    expect(result.code, result.stderr).toBe(0);
    scripts[shell] = result.stdout;
  }
});
afterAll(() => tmp.remove());

/** What bash completes for the words typed so far (the last one is being completed). */
function complete(words: string[]): string[] {
  const file = join(tmp.dir, 'ocsfx.bash');
  writeFileSync(file, scripts.bash!);
  const line = `ocsfx ${words.join(' ')}`;
  const script = `source ${JSON.stringify(file)}
COMP_WORDS=(ocsfx ${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length}
COMP_LINE=${JSON.stringify(line)}
COMP_POINT=${line.length}
_ocsfx
printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', script], { cwd: project, encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('bash', () => {
  it('completes the commands', () => {
    expect(complete([''])).toEqual(
      expect.arrayContaining(['translate', 'validate', 'plugins', 'inspect', 'completion']),
    );
    expect(complete(['tr'])).toEqual(['translate']);
  });

  it("completes translate's options, with the installed plugins' options", () => {
    expect(complete(['translate', '--sou'])).toEqual(['--source', '--source-name']);
    expect(complete(['translate', '--vpc-f'])).toEqual(['--vpc-format']);
  });

  it('completes --source with the installed plugin ids, and choices of -f', () => {
    expect(complete(['translate', '--source', ''])).toEqual(['acme-firewall', 'vpc-flowlogs']);
    expect(complete(['translate', '-f', 'j'])).toEqual(['jsonl', 'json']);
  });

  it('completes file names for inputs', () => {
    writeFileSync(join(project, 'flow.log'), '');
    expect(complete(['translate', 'flo'])).toEqual(['flow.log']);
  });
});

describe.each(['zsh', 'fish'])('%s', (shell) => {
  it('names the plugin ids and options', () => {
    expect(scripts[shell]).toContain('acme-firewall vpc-flowlogs');
    expect(scripts[shell]).toContain('vpc-format');
  });

  const installed = spawnSync(shell, ['-c', 'exit 0']).status === 0;
  it(`parses (${installed ? `${shell} is installed` : `${shell} is not installed: the syntax check is skipped`})`, () => {
    if (!installed) return;
    const file = join(tmp.dir, `ocsfx.${shell}`);
    writeFileSync(file, scripts[shell]!);
    const result = spawnSync(shell, ['-n', file], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

it('an unknown shell is a usage error naming the ones there are', async () => {
  const result = await runCli(['completion', 'powershell'], { cwd: project });
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(/bash, zsh, fish/);
});
