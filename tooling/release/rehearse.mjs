#!/usr/bin/env node
// Release rehearsal: releases the workspace to a throw-away local registry exactly as a real release
// would (`changeset version`, then `pnpm release`), installs the packages from it into fresh npm
// projects the way users do, and checks every claim about versions, changelogs and behaviour.
// Everything happens in a temporary copy of the repository and a temporary verdaccio; the checkout
// and the machine's npm configuration are never touched. Set OCSFX_REHEARSAL_KEEP=1 to keep the
// temp directory for inspection.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProject, installedVersion, npmInstall, readEvents, userEnv, vpcRecordCount } from './lib/consumer.mjs';
import { check, killRunning, run, step } from './lib/exec.mjs';
import { commitAll, copyRepo, writeChangeset } from './lib/repo-copy.mjs';
import { packument, startRegistry } from './lib/verdaccio.mjs';
import { bump, change } from './lib/versions.mjs';
import { publishablePackages, readJson, repoRoot, versionsOf } from './lib/workspace.mjs';

const CORE = '@ocsfx/core';
const CLI = '@ocsfx/cli';
const VPC = '@ocsfx/plugin-vpc-flowlogs';
const CLOUDTRAIL = '@ocsfx/plugin-cloudtrail-auth';
const AWS = '@ocsfx/aws';
const CLOUDTRAIL_API = '@ocsfx/plugin-cloudtrail';
const ROUTE53 = '@ocsfx/plugin-route53-resolver';
/** Every source plugin: published with a peer range on core, never a dependency. */
const PLUGINS = [VPC, CLOUDTRAIL, CLOUDTRAIL_API, ROUTE53];
const ROUTE53_FIXTURE =
  'packages/plugin-route53-resolver/test/fixtures/s3/vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20241124T0800Z_5f2e1a3b.log.gz';
const VPC_FIXTURE = 'examples/logs/vpc-flow-v5.log';
const CLOUDTRAIL_FIXTURE = 'examples/logs/cloudtrail-signin.json';
/** An AWS documentation sample, when ../shared is beside the checkout (as in CI). */
const SHARED_VPC_FIXTURE = join(
  repoRoot,
  '..',
  'shared/fixtures/real/aws-docs/vpc-user-guide/flow-log-record-examples/01-default-format-accepted-rejected-icmp-ipv6.log',
);

// biome-ignore lint/suspicious/noUndeclaredEnvVars: a debugging switch of a script that turbo never runs
const keep = process.env.OCSFX_REHEARSAL_KEEP === '1';
const temp = mkdtempSync(join(tmpdir(), 'ocsfx-release-'));
const repo = join(temp, 'repo');
let registry;

function cleanup() {
  killRunning();
  registry?.killNow();
  if (keep) console.log(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/** Environment for pnpm/changesets in the copy: inherited npm settings dropped, registry set. */
function releaseEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', ...extra };
}

const pnpm = (args, opts = {}) => run('pnpm', args, { cwd: repo, env: releaseEnv(opts.env), ...opts.run });

async function registryState(names) {
  const state = {};
  for (const name of names) {
    const doc = await packument(registry.url, name);
    state[name] = doc
      ? { latest: doc['dist-tags']?.latest, versions: Object.keys(doc.versions ?? {}).sort(), doc }
      : null;
  }
  return state;
}

function changelog(name) {
  const pkg = publishablePackages(repo).find((p) => p.name === name);
  const file = join(pkg.dir, 'CHANGELOG.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function changelogs(names) {
  return Object.fromEntries(names.map((n) => [n, changelog(n)]));
}

async function changesetVersion() {
  // Committed first, as a merged pull request would be: the changelog entry then names its commit.
  await commitAll(repo, 'rehearsal: changesets');
  await pnpm(['changeset', 'version']);
  await commitAll(repo, 'rehearsal: version packages');
}

async function release() {
  await pnpm(['release'], { env: { npm_config_registry: registry.url }, run: { timeoutMs: 240_000 } });
}

/**
 * Checks that exactly `released` got a new version `expected[name]` on the registry and every other
 * package is exactly as it was (same `latest`, no new version).
 */
function checkRegistryAfter(before, after, expected) {
  for (const [name, was] of Object.entries(before)) {
    const now = after[name];
    check(now !== null, `${name} is missing from the registry`);
    if (name in expected) {
      check(now.latest === expected[name], `${name}: registry latest is ${now.latest}, expected ${expected[name]}`);
      const added = now.versions.filter((v) => !was.versions.includes(v));
      check(
        added.length === 1 && added[0] === expected[name],
        `${name}: new versions ${added.join(', ') || 'none'}, expected only ${expected[name]}`,
      );
    } else {
      check(
        now.latest === was.latest,
        `${name}: latest moved from ${was.latest} to ${now.latest} but was not released`,
      );
      check(
        now.versions.join() === was.versions.join(),
        `${name}: versions changed from [${was.versions}] to [${now.versions}] but it was not released`,
      );
    }
  }
}

/** The published manifests carry real semver ranges where the workspace has `workspace:` ones. */
function checkPublishedManifests(state, versions) {
  for (const [name, entry] of Object.entries(state)) {
    const manifest = entry.doc.versions[entry.latest];
    const text = JSON.stringify(manifest);
    check(!text.includes('workspace:'), `${name}@${entry.latest} was published with a workspace: range`);
  }
  const cliManifest = state[CLI].doc.versions[state[CLI].latest];
  const cliRange = cliManifest.dependencies?.[CORE];
  check(cliRange === `^${versions[CORE]}`, `${CLI} depends on ${CORE} "${cliRange}", expected "^${versions[CORE]}"`);
  for (const plugin of PLUGINS) {
    const manifest = state[plugin].doc.versions[state[plugin].latest];
    check(manifest.dependencies?.[CORE] === undefined, `${plugin} must not depend on ${CORE} directly`);
    const peer = manifest.peerDependencies?.[CORE];
    const major = versions[CORE].split('.')[0];
    check(peer === `^${major}.0.0`, `${plugin} peer range on ${CORE} is "${peer}", expected "^${major}.0.0"`);
  }
}

async function translateWithCli(project, env, fixture) {
  const out = join(project, `out-${Date.now()}.jsonl`);
  const bin = join(project, 'node_modules', '.bin', 'ocsfx');
  await run(bin, ['translate', fixture, '--source', 'vpc-flowlogs', '-o', out], { cwd: project, env });
  const events = readEvents(out, 4001);
  const expected = vpcRecordCount(fixture);
  check(events.length === expected, `${fixture}: ${events.length} events, expected ${expected} (one per record)`);
  return events.length;
}

async function main() {
  const publishable = publishablePackages(repoRoot).map((p) => p.name);
  for (const name of [CORE, CLI, ...PLUGINS, AWS]) {
    check(publishable.includes(name), `${name} is not a publishable workspace package`);
  }
  console.log(`release rehearsal in ${temp}`);
  console.log(`publishable packages: ${publishable.join(', ')}`);

  console.log('prepare');
  await step('copy the work tree into a temporary git repository', () => copyRepo(repoRoot, repo));
  await step('install the copy from the pnpm store (offline)', async () => {
    const offline = await pnpm(['install', '--frozen-lockfile', '--offline'], { run: { allowFailure: true } });
    if (offline.code !== 0) await pnpm(['install', '--frozen-lockfile', '--prefer-offline']);
  });
  const pending = await step('version the pending changesets (what the next release PR holds)', async () => {
    const before = versionsOf(repo);
    await changesetVersion();
    const after = versionsOf(repo);
    return Object.keys(after)
      .filter((n) => after[n] !== before[n])
      .map((n) => `${n} ${before[n]} → ${after[n]}`);
  });
  console.log(`    ${pending.length ? pending.join('; ') : 'no pending changesets'}`);

  console.log('release plan: a compatible core release does not force plugin majors');
  await step('core minor: with onlyUpdatePeerDependentsWhenOutOfRange only core is released', async () => {
    const releases = await planFor({ [CORE]: 'minor' });
    const coreType = releases.find((r) => r.name === CORE)?.type;
    check(coreType === 'minor', `core release type ${coreType}, expected minor`);
    const others = releases.filter((r) => r.name !== CORE && r.type !== 'none');
    check(others.length === 0, `a core minor also releases ${others.map((r) => `${r.name} (${r.type})`).join(', ')}`);
  });
  await step('core minor: without that option changesets would force the plugins to a major', async () => {
    const config = join(repo, '.changeset', 'config.json');
    const original = readFileSync(config, 'utf8');
    const parsed = JSON.parse(original);
    delete parsed.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH;
    writeFileSync(config, JSON.stringify(parsed, null, 2));
    try {
      const releases = await planFor({ [CORE]: 'minor' });
      for (const plugin of PLUGINS) {
        const type = releases.find((r) => r.name === plugin)?.type;
        check(
          type === 'major',
          `without the option ${plugin} gets "${type ?? 'no release'}"; the check proves nothing`,
        );
      }
    } finally {
      writeFileSync(config, original);
    }
  });

  console.log('local registry');
  registry = await step('start verdaccio on 127.0.0.1 with storage in the temp directory', () =>
    startRegistry(join(temp, 'verdaccio')),
  );
  console.log(`    ${registry.url}`);
  const env = userEnv(temp, registry.url);
  writeFileSync(
    join(repo, '.npmrc'),
    `registry=${registry.url}\n//127.0.0.1:${registry.port}/:_authToken=${registry.token}\n`,
  );
  writeFileSync(join(repo, '.git', 'info', 'exclude'), '.npmrc\n');
  await step('@ocsfx/* names are not proxied to the public registry', async () => {
    for (const name of publishable) {
      check((await packument(registry.url, name)) === null, `${name} is served before anything was published`);
    }
  });

  console.log('release 1: every package');
  const v1 = versionsOf(repo);
  await step(
    `pnpm release (${Object.entries(v1)
      .map(([n, v]) => `${n}@${v}`)
      .join(', ')})`,
    release,
  );
  const state1 = await step('registry holds exactly those versions, with real semver ranges', async () => {
    const state = await registryState(publishable);
    for (const name of publishable) {
      check(state[name] !== null, `${name} was not published`);
      check(state[name].latest === v1[name], `${name}: registry latest ${state[name].latest}, expected ${v1[name]}`);
      check(state[name].versions.join() === v1[name], `${name}: registry has [${state[name].versions}]`);
    }
    checkPublishedManifests(state, v1);
    return state;
  });

  const cliUser = createProject(join(temp, 'cli-user'), 'cli-user');
  await step(`npm install ${CLI} ${VPC} in a clean project`, async () => {
    await npmInstall(cliUser, env, [CLI, VPC]);
    check(installedVersion(cliUser, CLI) === v1[CLI], `installed ${CLI} is not ${v1[CLI]}`);
    check(installedVersion(cliUser, VPC) === v1[VPC], `installed ${VPC} is not ${v1[VPC]}`);
    check(installedVersion(cliUser, CORE) === v1[CORE], `installed ${CORE} is not ${v1[CORE]}`);
  });
  await step('ocsfx plugins lists the installed VPC plugin', async () => {
    const { stdout } = await run(join(cliUser, 'node_modules', '.bin', 'ocsfx'), ['plugins'], { cwd: cliUser, env });
    check(stdout.includes('vpc-flowlogs'), `ocsfx plugins does not list vpc-flowlogs:\n${stdout}`);
  });
  const fixtures = [join(repoRoot, VPC_FIXTURE), ...(existsSync(SHARED_VPC_FIXTURE) ? [SHARED_VPC_FIXTURE] : [])];
  for (const fixture of fixtures) {
    const n = await step(`ocsfx translate ${fixture.replace(`${repoRoot}/`, '')} → JSONL, class_uid 4001`, () =>
      translateWithCli(cliUser, env, fixture),
    );
    console.log(`    ${n} events`);
  }

  // A global install, then a plugin added later into the same prefix. As is, npm gives every global package
  // its own copy of the core peer (counted below). With core installed globally too and the plugin added
  // with --legacy-peer-deps (the root README's command), the plugin uses that core: no new copy.
  for (const shared of [false, true]) {
    const prefix = join(temp, shared ? 'global-shared-core' : 'global');
    const globalEnv = { ...env, npm_config_prefix: prefix };
    const first = shared ? [CORE, CLI, VPC] : [CLI, VPC];
    const later = shared ? ['--legacy-peer-deps', CLOUDTRAIL] : [CLOUDTRAIL];
    const cores = await step(`npm install -g ${first.join(' ')}, later npm install -g ${later.join(' ')}`, async () => {
      const npmGlobal = (specs) =>
        run('npm', ['install', '-g', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
          cwd: temp,
          env: globalEnv,
          timeoutMs: 120_000,
        });
      await npmGlobal(first);
      await npmGlobal(later);
      const { stdout } = await run(join(prefix, 'bin', 'ocsfx'), ['plugins', '-q'], { cwd: temp, env: globalEnv });
      check(stdout === 'cloudtrail-auth\nvpc-flowlogs\n', `ocsfx plugins -q lists:\n${stdout}`);
      const modules = join(prefix, 'lib', 'node_modules');
      if (shared) {
        const own = copiesOf(join(modules, CLOUDTRAIL, 'node_modules'), CORE);
        check(own.length === 0, `the plugin added later brought its own ${CORE}: ${own.join(', ')}`);
      }
      return copiesOf(modules, CORE);
    });
    console.log(`    ${cores.length} cop${cores.length === 1 ? 'y' : 'ies'} of ${CORE} in the prefix`);
  }

  const awsUser = createProject(join(temp, 'aws-user'), 'aws-user');
  await step(`npm install ${AWS} ${VPC} alone (a Lambda bundle's dependencies); build the SQS handler`, async () => {
    await npmInstall(awsUser, env, [AWS, VPC]);
    check(installedVersion(awsUser, AWS) === v1[AWS], `installed ${AWS} is not ${v1[AWS]}`);
    check(installedVersion(awsUser, CORE) === v1[CORE], `${AWS} did not bring its ${CORE} peer at ${v1[CORE]}`);
    const script = join(awsUser, 'aws-user.mjs');
    writeFileSync(script, readFileSync(join(repoRoot, 'tooling/release/consumer/aws-user.mjs')));
    const { stdout } = await run(process.execPath, [script], { cwd: awsUser, env });
    const result = JSON.parse(stdout.trim().split('\n').pop());
    check(result.refused === 'OCSFX_FORMAT', `a bad OCSFX_FORMAT was not refused at cold start: ${stdout}`);
    check(result.testEventFailures === 0, `s3:TestEvent was reported as a failure: ${stdout}`);
    check(result.key === 'a b+c', `the notification key was not decoded: ${stdout}`);
  });

  await step(`npm install ${CLOUDTRAIL} ${CLOUDTRAIL_API}: one trail, each record by one plugin`, async () => {
    await npmInstall(cliUser, env, [CLOUDTRAIL, CLOUDTRAIL_API]);
    const bin = join(cliUser, 'node_modules', '.bin', 'ocsfx');
    const out = join(cliUser, 'trail.jsonl');
    const { stderr } = await run(bin, ['translate', join(repoRoot, CLOUDTRAIL_FIXTURE), '--validate', '-o', out], {
      cwd: cliUser,
      env,
    });
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
    const classes = lines.map((line) => JSON.parse(line).class_uid).join(',');
    check(classes === '3002,3002,6003', `${CLOUDTRAIL_FIXTURE}: classes ${classes}, expected 3002,3002,6003`);
    check(/0 skipped, 0 rejected/.test(stderr), `the trail was not translated whole:\n${stderr}`);
  });

  await step(`npm install ${ROUTE53}: S3 query logs (gzip JSON lines) → class 4003, auto-detected`, async () => {
    await npmInstall(cliUser, env, [ROUTE53]);
    const out = join(cliUser, 'dns.jsonl');
    await run(
      join(cliUser, 'node_modules', '.bin', 'ocsfx'),
      ['translate', join(repoRoot, ROUTE53_FIXTURE), '--validate', '-o', out],
      {
        cwd: cliUser,
        env,
      },
    );
    const events = readEvents(out, 4003);
    check(events.length === 10, `${ROUTE53_FIXTURE}: ${events.length} events, expected 10`);
  });

  console.log('release 2: a changeset for the VPC plugin only');
  const logs1 = changelogs(publishable);
  const vpc2 = bump(v1[VPC], 'patch');
  await step(`changeset version bumps only ${VPC} (${v1[VPC]} → ${vpc2}) and only its changelog`, async () => {
    writeChangeset(repo, 'rehearsal-vpc', { [VPC]: 'patch' }, 'Rehearsal: a fix in the VPC plugin only.');
    await changesetVersion();
    const v2 = versionsOf(repo);
    for (const name of publishable) {
      const expected = name === VPC ? vpc2 : v1[name];
      check(v2[name] === expected, `${name} is at ${v2[name]} after versioning, expected ${expected}`);
    }
    const logs2 = changelogs(publishable);
    check(
      logs2[VPC].includes(`## ${vpc2}`) && logs2[VPC].includes('Rehearsal: a fix in the VPC plugin only.'),
      `${VPC} CHANGELOG.md has no ${vpc2} entry with the changeset's summary`,
    );
    for (const name of publishable) {
      if (name !== VPC) check(logs2[name] === logs1[name], `${name} CHANGELOG.md changed but it was not released`);
    }
  });
  await step('pnpm release publishes only the VPC plugin; every other package is untouched', async () => {
    await release();
    checkRegistryAfter(state1, await registryState(publishable), { [VPC]: vpc2 });
  });
  await step(`npm install ${VPC}@${vpc2} beside the unchanged CLI, then translate again`, async () => {
    await npmInstall(cliUser, env, [`${VPC}@${vpc2}`]);
    check(installedVersion(cliUser, VPC) === vpc2, `installed ${VPC} is not ${vpc2}`);
    check(installedVersion(cliUser, CLI) === v1[CLI], `${CLI} moved from ${v1[CLI]}`);
    const { stdout } = await run(join(cliUser, 'node_modules', '.bin', 'ocsfx'), ['plugins'], { cwd: cliUser, env });
    check(stdout.includes(vpc2), `ocsfx plugins does not show ${VPC} ${vpc2}:\n${stdout}`);
    await translateWithCli(cliUser, env, join(repoRoot, VPC_FIXTURE));
  });

  console.log('release 3: a patch changeset for core only');
  const state2 = await registryState(publishable);
  const v2 = versionsOf(repo);
  const core3 = bump(v2[CORE], 'patch');
  await step(
    `changeset version releases ${CORE} ${v2[CORE]} → ${core3}; plugins and CLI keep their versions`,
    async () => {
      writeChangeset(repo, 'rehearsal-core', { [CORE]: 'patch' }, 'Rehearsal: a compatible fix in core.');
      await changesetVersion();
      const v3 = versionsOf(repo);
      check(v3[CORE] === core3, `${CORE} is at ${v3[CORE]}, expected ${core3}`);
      for (const name of publishable) {
        if (name === CORE) continue;
        const kind = change(v2[name], v3[name]);
        check(kind === 'none', `${name} went ${v2[name]} → ${v3[name]} (${kind}) on a core patch`);
      }
      for (const plugin of PLUGINS) {
        const pkg = publishablePackages(repo).find((p) => p.name === plugin);
        const peer = readJson(join(pkg.dir, 'package.json')).peerDependencies?.[CORE];
        const before = publishablePackages(repoRoot).find((p) => p.name === plugin).manifest.peerDependencies?.[CORE];
        check(peer === before, `${plugin} peer range changed from ${before} to ${peer}`);
      }
    },
  );
  await step('pnpm release publishes only core', async () => {
    await release();
    checkRegistryAfter(state2, await registryState(publishable), { [CORE]: core3 });
  });

  const libUser = createProject(join(temp, 'library-user'), 'library-user');
  await step(`npm install ${CORE} ${CLOUDTRAIL} alone (library use), with the patched core`, async () => {
    await npmInstall(libUser, env, [CORE, CLOUDTRAIL]);
    check(installedVersion(libUser, CORE) === core3, `installed ${CORE} is not ${core3}`);
    check(installedVersion(libUser, CLOUDTRAIL) === v2[CLOUDTRAIL], `installed ${CLOUDTRAIL} is not ${v2[CLOUDTRAIL]}`);
    check(!existsSync(join(libUser, 'node_modules', CLI)), `${CLI} was installed without being asked for`);
  });
  const summary = await step(
    'import PluginRegistry/openInput/translateInput/createJsonlWriter + the plugin; translate',
    async () => {
      const script = join(libUser, 'library-user.mjs');
      writeFileSync(script, readFileSync(join(repoRoot, 'tooling/release/consumer/library-user.mjs')));
      const out = join(libUser, 'auth.jsonl');
      const { stdout } = await run(process.execPath, [script, join(repoRoot, CLOUDTRAIL_FIXTURE), out], {
        cwd: libUser,
        env,
      });
      const summary = JSON.parse(stdout.trim().split('\n').pop());
      const events = readEvents(out, 3002);
      check(summary.events > 0, `no events came out: ${stdout}`);
      check(events.length === summary.events, `${events.length} lines written, ${summary.events} events counted`);
      check(
        summary.recordsIn === summary.emittedRecords + summary.skipped + summary.rejected,
        `records do not add up: ${stdout}`,
      );
      return summary;
    },
  );
  console.log(
    `    ${summary.recordsIn} records: ${summary.events} events, ${summary.skipped} skipped, ${summary.rejected} rejected`,
  );
}

/** The release plan `changeset status` computes for the given bumps, from a scratch changeset. */
async function planFor(bumps) {
  const id = 'rehearsal-plan';
  writeChangeset(repo, id, bumps, 'Rehearsal: release plan check.');
  const output = join(temp, 'plan.json');
  try {
    await pnpm(['changeset', 'status', `--output=${output}`]);
    return JSON.parse(readFileSync(output, 'utf8')).releases;
  } finally {
    rmSync(join(repo, '.changeset', `${id}.md`), { force: true });
    rmSync(output, { force: true });
  }
}

const started = performance.now();
let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`\nrelease rehearsal FAILED: ${error instanceof Error ? error.message : String(error)}`);
  if (registry) console.error(`verdaccio log (tail):\n${registry.logTail()}`);
} finally {
  if (registry) await registry.stop();
  cleanup();
}
const secs = ((performance.now() - started) / 1000).toFixed(1);
console.log(failed ? `release rehearsal failed after ${secs} s` : `release rehearsal passed in ${secs} s`);
process.exitCode = failed ? 1 : 0;

/** Every installed copy of package `name` under a node_modules tree. */
function copiesOf(nodeModules, name) {
  const out = [];
  const walk = (dir) => {
    if (existsSync(join(dir, name, 'package.json'))) out.push(join(dir, name));
    for (const entry of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      if (!entry.isDirectory()) continue;
      const pkgs = entry.name.startsWith('@')
        ? readdirSync(join(dir, entry.name)).map((n) => join(entry.name, n))
        : [entry.name];
      for (const pkg of pkgs) {
        const nested = join(dir, pkg, 'node_modules');
        if (existsSync(nested)) walk(nested);
      }
    }
  };
  walk(nodeModules);
  return out;
}
