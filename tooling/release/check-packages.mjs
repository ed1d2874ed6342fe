#!/usr/bin/env node
// Checks every publishable package the way the registry and its users will see it, after `pnpm build`:
// the release metadata the project promises, the packed tarball's contents, publint, and
// @arethetypeswrong/cli. Prints one line per check; exits 1 if any failed.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { run } from './lib/exec.mjs';
import { publishablePackages, readJson, repoRoot } from './lib/workspace.mjs';

const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const failures = [];

function report(pkg, what, problems) {
  const ok = problems.length === 0;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${pkg.name} ${what}`);
  for (const p of problems) console.log(`       ${p}`);
  if (!ok) failures.push(`${pkg.name}: ${what}`);
}

/** The fields every released package carries (see CONTRIBUTING.md, "Releases"). */
function metadataProblems(pkg) {
  const m = pkg.manifest;
  const problems = [];
  const need = (cond, message) => cond || problems.push(message);
  need(/^\d+\.\d+\.\d+/.test(m.version ?? ''), 'version is not semver');
  need(m.license === 'Apache-2.0', 'license is not Apache-2.0');
  need(m.type === 'module', 'type is not "module"');
  need(m.sideEffects === false, 'sideEffects is not false');
  need(typeof m.engines?.node === 'string', 'engines.node is missing');
  need(m.publishConfig?.access === 'public', 'publishConfig.access is not "public"');
  need(
    typeof m.repository?.url === 'string' && m.repository?.directory === relative(repoRoot, pkg.dir),
    'repository.url/directory',
  );
  need(typeof m.homepage === 'string', 'homepage is missing');
  need(typeof m.description === 'string' && m.description.length > 0, 'description is missing');
  need(Array.isArray(m.files) && m.files.length > 0, 'files is missing');
  const root = m.exports?.['.'];
  need(root && typeof root === 'object', 'exports["."] is missing');
  if (root && typeof root === 'object') {
    need(Object.keys(root)[0] === 'types', 'exports["."] does not list "types" first');
  }
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) {
    need(existsSync(join(pkg.dir, file)), `${file} is missing`);
  }
  const peerCore = m.peerDependencies?.['@ocsfx/core'];
  if (m.keywords?.includes('ocsfx-plugin')) {
    need(m.ocsfx?.plugin === true, 'a plugin declares "ocsfx": { "plugin": true }');
    need(typeof peerCore === 'string' && /^\^\d+\.0\.0$/.test(peerCore), 'a plugin peers on @ocsfx/core "^N.0.0"');
    need(m.dependencies?.['@ocsfx/core'] === undefined, 'a plugin must not depend on @ocsfx/core (peer only)');
    need(m.devDependencies?.['@ocsfx/core']?.startsWith('workspace:'), 'devDependencies @ocsfx/core "workspace:^"');
  }
  for (const [dep, range] of Object.entries(m.dependencies ?? {})) {
    if (dep.startsWith('@ocsfx/')) need(range.startsWith('workspace:'), `${dep} is not a workspace: range`);
  }
  return problems;
}

/** The packed tarball holds the built entry points and docs, no tests, and real semver ranges. */
async function tarballProblems(tarball) {
  const problems = [];
  const { stdout: list } = await run('tar', ['-tzf', tarball]);
  const files = list
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  for (const file of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
    if (!files.includes(file)) problems.push(`tarball lacks ${file}`);
  }
  const tests = files.filter((f) => /\.test\.|(^|\/)test\//.test(f));
  if (tests.length > 0) problems.push(`tarball ships tests: ${tests.slice(0, 5).join(', ')}`);
  // Source maps would point to src/, which is not shipped; the build emits none.
  const maps = files.filter((f) => f.endsWith('.map'));
  if (maps.length > 0) problems.push(`tarball ships ${maps.length} source maps: ${maps.slice(0, 3).join(', ')}`);
  const { stdout: manifest } = await run('tar', ['-xzOf', tarball, 'package/package.json']);
  if (manifest.includes('workspace:')) problems.push('packed package.json still has a workspace: range');
  const packed = JSON.parse(manifest);
  if (packed.bin) {
    for (const file of Object.values(packed.bin)) {
      if (!files.includes(file.replace(/^\.\//, ''))) problems.push(`bin ${file} is not in the tarball`);
    }
  }
  return problems;
}

async function toolProblems(cmd, args, cwd) {
  const { code, stdout, stderr } = await run(cmd, args, { cwd, allowFailure: true, timeoutMs: 120_000 });
  if (code === 0) return [];
  return `${stdout}\n${stderr}`
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-25);
}

const packages = publishablePackages();
const temp = mkdtempSync(join(tmpdir(), 'ocsfx-pack-'));
console.log(`checking ${packages.length} publishable packages: ${packages.map((p) => p.name).join(', ')}`);
try {
  for (const pkg of packages) {
    report(pkg, 'release metadata', metadataProblems(pkg));
    if (!existsSync(join(pkg.dir, 'dist', 'index.js'))) {
      report(pkg, 'is built', ['dist/index.js is missing: run `pnpm build` first']);
      continue;
    }
    const dest = join(temp, pkg.name.replace('/', '__'));
    // pnpm pack turns workspace: ranges into the semver ranges a publish would write.
    await run('pnpm', ['pack', '--pack-destination', dest], { cwd: pkg.dir });
    const tarball = join(
      dest,
      readdirSync(dest).find((f) => f.endsWith('.tgz')),
    );
    report(pkg, 'packed tarball', await tarballProblems(tarball));
    report(pkg, 'publint --strict', await toolProblems(bin('publint'), ['run', pkg.dir, '--strict'], pkg.dir));
    report(
      pkg,
      'attw (esm-only profile)',
      await toolProblems(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], pkg.dir),
    );
    // The manifest lists types first, but attw only proves the types resolve; check they exist too.
    const types = readJson(join(pkg.dir, 'package.json')).exports?.['.']?.types;
    if (types) report(pkg, `types file ${types}`, existsSync(join(pkg.dir, types)) ? [] : ['missing after build']);
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.log(`package checks FAILED: ${failures.length}\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('package checks passed');
}
