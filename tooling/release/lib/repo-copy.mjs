import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './exec.mjs';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'ocsfx release rehearsal',
  GIT_AUTHOR_EMAIL: 'rehearsal@example.invalid',
  GIT_COMMITTER_NAME: 'ocsfx release rehearsal',
  GIT_COMMITTER_EMAIL: 'rehearsal@example.invalid',
};

/**
 * Copies the work tree (tracked files plus untracked ones git does not ignore: what a commit would
 * hold, never node_modules or dist) into `dest` and makes it a one-commit git repository on `main`,
 * so `changeset version` / `publish` can change and tag it while the real checkout stays untouched.
 */
export async function copyRepo(repoRoot, dest) {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
  });
  const files = stdout.split('\0').filter(Boolean);
  for (const file of files) {
    const from = join(repoRoot, file);
    // A tracked file deleted in the work tree is simply not part of the copy.
    if (!existsSync(from) || !lstatSync(from).isFile()) continue;
    const to = join(dest, file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, to);
    chmodSync(to, lstatSync(from).mode & 0o777);
  }
  await git(dest, ['init', '-q', '-b', 'main']);
  await commitAll(dest, 'rehearsal: starting point');
  return files.length;
}

export async function git(cwd, args) {
  return run('git', ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
  });
}

export async function commitAll(cwd, message) {
  await git(cwd, ['add', '-A']);
  await git(cwd, ['commit', '-q', '--allow-empty', '-m', message]);
}

/** Writes a changeset file the way `pnpm changeset` would. */
export function writeChangeset(repo, id, bumps, summary) {
  const header = Object.entries(bumps)
    .map(([name, type]) => `"${name}": ${type}`)
    .join('\n');
  writeFileSync(join(repo, '.changeset', `${id}.md`), `---\n${header}\n---\n\n${summary}\n`);
}
