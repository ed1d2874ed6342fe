import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, run } from './exec.mjs';

/**
 * The environment of a user's shell pointed at the local registry: inherited npm settings are dropped
 * (a CI runner or `pnpm run` may set some), the user config and cache live in the rehearsal's temp dir,
 * so nothing of the machine's own npm setup is read or changed.
 */
export function userEnv(tempRoot, registryUrl) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && !/^pnpm_/i.test(key)) env[key] = value;
  }
  const userconfig = join(tempRoot, 'user.npmrc');
  writeFileSync(userconfig, `registry=${registryUrl}\naudit=false\nfund=false\nupdate-notifier=false\n`);
  return {
    ...env,
    npm_config_userconfig: userconfig,
    npm_config_registry: registryUrl,
    npm_config_cache: join(tempRoot, 'npm-cache'),
  };
}

/** A fresh, empty npm project, as a user would start one. */
export function createProject(dir, name) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  return dir;
}

export async function npmInstall(dir, env, specs) {
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], {
    cwd: dir,
    env,
    timeoutMs: 120_000,
  });
}

/** The version of a package as installed in a project's node_modules. */
export function installedVersion(dir, name) {
  return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
}

/** Reads a JSONL file and checks every line is an OCSF event of `classUid`; returns the events. */
export function readEvents(file, classUid) {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const events = lines.map((line, i) => {
    try {
      return JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1} is not JSON: ${line.slice(0, 120)}`);
    }
  });
  for (const [i, event] of events.entries()) {
    check(event?.class_uid === classUid, `${file}:${i + 1}: class_uid ${event?.class_uid}, expected ${classUid}`);
  }
  return events;
}

/** Records in a space-separated VPC Flow Logs file: every non-empty line after the header. */
export function vpcRecordCount(file) {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1;
}
