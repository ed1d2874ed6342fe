import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { repoRoot } from './workspace.mjs';

/** The npm registry that third-party dependencies (ajv, hyparquet, …) are proxied from. */
const UPSTREAM = 'https://registry.npmjs.org/';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function verdaccioBin() {
  const require = createRequire(join(repoRoot, 'package.json'));
  const manifestPath = require.resolve('verdaccio/package.json');
  const { bin } = JSON.parse(readFileSync(manifestPath, 'utf8'));
  return join(dirname(manifestPath), typeof bin === 'string' ? bin : bin.verdaccio);
}

/**
 * `@ocsfx/*` has no `proxy`: those names are served from this registry's own (temporary) storage only,
 * so a package the rehearsal did not publish can never be fetched from the public registry instead.
 */
function config(root) {
  return `storage: ${JSON.stringify(join(root, 'storage'))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(root, 'htpasswd'))}
    max_users: 10
uplinks:
  npmjs:
    url: ${UPSTREAM}
    timeout: 60s
    max_fails: 5
packages:
  '@ocsfx/*':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
`;
}

/**
 * Starts verdaccio on 127.0.0.1 with everything (storage, users, config, log) under `root`.
 * Returns the registry URL, an auth token for a fresh user, and `stop()`.
 */
export async function startRegistry(root) {
  mkdirSync(join(root, 'storage'), { recursive: true });
  const configFile = join(root, 'config.yaml');
  writeFileSync(configFile, config(root));
  const logFile = join(root, 'verdaccio.log');
  const log = openSync(logFile, 'a');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [verdaccioBin(), '--config', configFile, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', log, log],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });

  const registry = {
    url,
    port,
    logFile,
    token: '',
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(resolve, 5000).unref());
      await Promise.race([exit, timeout]);
      if (!exited) {
        child.kill('SIGKILL');
        await exit;
      }
    },
    /** Kills the process synchronously; for exit handlers, where nothing can be awaited. */
    killNow() {
      if (!exited) child.kill('SIGKILL');
    },
    logTail(lines = 30) {
      try {
        return readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
  };

  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited) throw new Error(`verdaccio exited during start (${JSON.stringify(exited)})\n${registry.logTail()}`);
      try {
        const res = await fetch(`${url}-/ping`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`verdaccio did not answer on ${url} within 30 s\n${registry.logTail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    registry.token = await addUser(url);
  } catch (error) {
    await registry.stop();
    throw error;
  }
  return registry;
}

/** Creates a user through the npm login API (as `npm adduser` does) and returns its token. */
async function addUser(url) {
  const name = 'rehearsal';
  const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: 'rehearsal-password', email: 'rehearsal@example.invalid' }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || typeof body.token !== 'string') {
    throw new Error(`cannot create a verdaccio user: HTTP ${res.status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

/** The registry's document for a package, or null when it does not know the name. */
export async function packument(url, name) {
  const res = await fetch(`${url}${name.replace('/', '%2f')}`, { headers: { accept: 'application/json' } });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET ${name} from ${url}: HTTP ${res.status}`);
  return res.json();
}
