import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';

/** The handlers a bundle exports: the CloudFormation template's `Handler` is `index.<name>`. */
export const BUNDLE_HANDLERS = { sqs: 'sqsHandler', firehose: 'firehoseHandler' } as const;
export const BUNDLE_ENTRY = 'index.mjs';

export interface BundleOptions {
  /** Plugin packages (or paths), resolved from `cwd` as the project's own imports are. */
  plugins: readonly string[];
  /** The zip to write. */
  output: string;
  /** Where the plugins are installed (default: the current directory). */
  cwd?: string;
  /** Leave `@aws-sdk/*` out: use the SDK of the Lambda Node.js runtime (a smaller zip, the runtime's version). */
  externalSdk?: boolean;
}

export interface BundleResult {
  output: string;
  zipBytes: number;
  codeBytes: number;
  /** The bundled plugins' ids and OCSF classes. */
  plugins: { id: string; classUid: number }[];
}

/** A plugin spec as an import path: packages by name, local paths made absolute. */
function importPath(spec: string, cwd: string): string {
  return spec.startsWith('.') || spec.startsWith('/') ? resolve(cwd, spec) : spec;
}

/**
 * The entry of a bundle: both handlers, built at import (the cold start) with the chosen plugins, so a bad
 * variable stops the function before the first event.
 */
export function entrySource(plugins: readonly string[], cwd: string): string {
  const aws = fileURLToPath(new URL('./index.js', import.meta.url));
  const lines = [
    `import { createFirehoseHandler, createRuntime, createSqsHandler } from ${JSON.stringify(aws)};`,
    ...plugins.map((p, i) => `import plugin${i} from ${JSON.stringify(importPath(p, cwd))};`),
    `const runtime = createRuntime({ plugins: [${plugins.map((_, i) => `plugin${i}`).join(', ')}] });`,
    `export const ${BUNDLE_HANDLERS.sqs} = createSqsHandler({ runtime });`,
    `export const ${BUNDLE_HANDLERS.firehose} = createFirehoseHandler({ runtime });`,
    '',
  ];
  return lines.join('\n');
}

type Esbuild = typeof import('esbuild');

/** Imports each plugin as the bundle will (from `cwd`), so a name that is not a plugin fails before bundling. */
async function loadPlugins(specs: readonly string[], cwd: string): Promise<{ id: string; classUid: number }[]> {
  const require = createRequire(join(cwd, 'package.json'));
  const out: { id: string; classUid: number }[] = [];
  for (const spec of specs) {
    let mod: { default?: unknown };
    try {
      mod = (await import(pathToFileURL(require.resolve(importPath(spec, cwd))).href)) as { default?: unknown };
    } catch (err) {
      throw new Error(
        `cannot load plugin ${spec} from ${cwd} (${(err as Error).message}); install it there or give its path`,
      );
    }
    const plugin = mod.default as { id?: unknown; ocsf?: { classUid?: unknown } } | undefined;
    if (typeof plugin?.id !== 'string' || typeof plugin.ocsf?.classUid !== 'number') {
      throw new Error(`${spec} is not an ocsfx plugin: its default export has no id and ocsf.classUid`);
    }
    out.push({ id: plugin.id, classUid: plugin.ocsf.classUid });
  }
  return out;
}

async function loadEsbuild(cwd: string): Promise<Esbuild> {
  for (const from of [join(cwd, 'package.json'), fileURLToPath(import.meta.url)]) {
    try {
      const path = createRequire(from).resolve('esbuild');
      return (await import(pathToFileURL(path).href)) as Esbuild;
    } catch {
      // next
    }
  }
  throw new Error('ocsfx-aws bundle needs esbuild: npm install --save-dev esbuild');
}

/**
 * Bundles the handlers and the plugins into one ES module and zips it (`index.mjs`, fixed timestamps: the
 * same inputs make the same zip).
 */
export async function bundle(options: BundleOptions): Promise<BundleResult> {
  if (options.plugins.length === 0) throw new Error('name at least one plugin to bundle (--plugin PACKAGE)');
  const cwd = resolve(options.cwd ?? process.cwd());
  const plugins = await loadPlugins(options.plugins, cwd);
  const esbuild = await loadEsbuild(cwd);
  const result = await esbuild.build({
    stdin: {
      contents: entrySource(options.plugins, cwd),
      resolveDir: cwd,
      sourcefile: 'ocsfx-entry.mjs',
      loader: 'js',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    outfile: BUNDLE_ENTRY,
    external: options.externalSdk ? ['@aws-sdk/*', '@smithy/*'] : [],
    // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __ocsfxRequire } from 'node:module'; const require = __ocsfxRequire(import.meta.url);",
    },
    plugins: [inlineCreateRequire],
    logLevel: 'silent',
  });
  const code = result.outputFiles?.[0]?.contents;
  if (!code) throw new Error('esbuild produced no output');
  const zip = zipSync({ [BUNDLE_ENTRY]: [code, { level: 9, mtime: new Date('1980-01-01T00:00:00Z') }] });
  await writeFile(options.output, zip);
  return { output: options.output, zipBytes: zip.length, codeBytes: code.length, plugins };
}

/**
 * Core loads ajv (for OCSFX_VALIDATE) with `createRequire(import.meta.url)('ajv')`, which a bundler cannot
 * follow: inside a bundle there is no node_modules to require from. A plain `require('ajv')` is bundled.
 */
const inlineCreateRequire = {
  name: 'ocsfx-inline-create-require',
  setup(build: import('esbuild').PluginBuild) {
    build.onLoad({ filter: /[\\/]core[\\/]dist[\\/]ocsf[\\/]schema[\\/]validator\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('createRequire(import.meta.url)(', 'require('), loader: 'js' };
    });
  },
};

/**
 * Imports a bundle's `index.mjs` in a fresh Node process with `env` (what a Lambda cold start does) and
 * returns the time the import took, in milliseconds.
 */
export async function measureColdStart(zipPath: string, env: Record<string, string>): Promise<number> {
  const { unzipSync } = await import('fflate');
  const dir = await mkdtemp(join(tmpdir(), 'ocsfx-coldstart-'));
  try {
    const files = unzipSync(new Uint8Array(await readFile(zipPath)));
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
    const entry = pathToFileURL(join(dir, BUNDLE_ENTRY)).href;
    const script = `const t=performance.now();await import(${JSON.stringify(entry)});process.stdout.write(String(performance.now()-t));`;
    const out = await new Promise<string>((resolvePromise, reject) => {
      const child = spawn(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
      });
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      child.on('close', (code) =>
        code === 0 ? resolvePromise(stdout) : reject(new Error(`the bundle failed to load: ${stderr.trim()}`)),
      );
    });
    return Number(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Variables under which a bundle of these plugins starts: a source name for each of their classes. */
export function sampleEnv(plugins: readonly { classUid: number }[]): Record<string, string> {
  const classes = [...new Set(plugins.map((p) => p.classUid))];
  return {
    OCSFX_OUTPUT_BUCKET: 'example-bucket',
    OCSFX_SOURCE_NAME: classes.length === 1 ? 'example' : classes.map((c) => `${c}=example-${c}`).join(','),
    AWS_REGION: 'us-east-1',
  };
}
