/**
 * The handlers' configuration, read from environment variables once at cold start. A bad value stops the
 * function before it touches any message, with an error that names the variable and says what to set.
 */

export type OutputFormat = 'parquet' | 'jsonl';

export interface AwsConfig {
  /** Bucket the OCSF output and the rejects go to. */
  outputBucket: string;
  /** Key prefix of the output, '' or ending with '/'. The Security Lake layout starts below it (`ext/…`). */
  outputPrefix: string;
  /** Key prefix of the rejects (JSONL, one file per source object), '' or ending with '/'. */
  rejectsPrefix: string;
  format: OutputFormat;
  /**
   * The Security Lake custom source name (`ext/<name>/…`): one name for every class (`vpc-flow`), or one per
   * OCSF class (`4001=vpc-flow,3002=cloudtrail-auth`) — a custom source holds one class.
   */
  sourceNames: SourceNames;
  /** Plugin ids to use; empty means auto-detection among every bundled plugin. */
  pluginIds: readonly string[];
  /** Target OCSF version; undefined means each plugin's default. */
  ocsfVersion: string | undefined;
  /** Validate every event against the OCSF schema; an invalid one becomes an `ocsf/invalid` reject. */
  validate: boolean;
  /** Plugin options (`OCSFX_PLUGIN_OPTIONS`, JSON object keyed by option name, e.g. `{"vpc-format": "…"}`). */
  pluginOptions: Readonly<Record<string, string | boolean>>;
  /** Path-style S3 requests (S3-compatible servers; AWS itself does not need it). */
  forcePathStyle: boolean;
}

/** Every variable the handlers read, with what it means: the README table and the CloudFormation test use it. */
export const ENV_VARS = {
  OCSFX_OUTPUT_BUCKET: 'bucket for the OCSF output and the rejects (required)',
  OCSFX_OUTPUT_PREFIX:
    "key prefix of the output; the Security Lake layout `ext/<source>/…` starts below it (default '')",
  OCSFX_REJECTS_PREFIX:
    'key prefix of the rejects, outside the Security Lake layout (default `<output prefix>rejects/`)',
  OCSFX_FORMAT: '`parquet` (default; Security Lake) or `jsonl` (gzip-compressed JSON Lines)',
  OCSFX_SOURCE_NAME:
    'the Security Lake custom source name, 1-64 letters, digits, `-` or `_`; one per OCSF class when plugins of several classes are bundled: `4001=vpc-flow,3002=cloudtrail-auth` (required)',
  OCSFX_PLUGINS: 'comma-separated plugin ids; one id skips auto-detection (default: detect among the bundled plugins)',
  OCSFX_OCSF_VERSION: "target OCSF version (default: each plugin's default version)",
  OCSFX_VALIDATE: '`true` or `false` (default): validate each event against the OCSF schema',
  OCSFX_PLUGIN_OPTIONS: 'JSON object of plugin options, e.g. `{"vpc-format":"${version} ${account-id} …"}`',
  OCSFX_S3_FORCE_PATH_STYLE: '`true` for S3-compatible servers that need path-style requests (default `false`)',
} as const;

export type EnvVar = keyof typeof ENV_VARS;

/** A source name for every class (`all`), or one per OCSF class uid. */
export type SourceNames = { all: string } | { byClass: ReadonlyMap<number, string> };

const SOURCE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function sourceNames(value: string | undefined): SourceNames {
  if (!value)
    throw new ConfigError(
      'OCSFX_SOURCE_NAME',
      'is not set; set it to the Security Lake custom source name (e.g. vpc-flow)',
    );
  const bad = (name: string) =>
    new ConfigError(
      'OCSFX_SOURCE_NAME',
      `"${name}" must be 1 to 64 letters, digits, "-" or "_" (a Security Lake custom source name)`,
    );
  if (!value.includes('=')) {
    if (!SOURCE_NAME.test(value)) throw bad(value);
    return { all: value };
  }
  const byClass = new Map<number, string>();
  for (const part of value.split(',')) {
    const m = /^\s*(\d+)\s*=\s*(.*?)\s*$/.exec(part);
    if (!m)
      throw new ConfigError(
        'OCSFX_SOURCE_NAME',
        `"${part}" is not CLASS_UID=NAME (e.g. 4001=vpc-flow,3002=cloudtrail-auth)`,
      );
    if (!SOURCE_NAME.test(m[2] as string)) throw bad(m[2] as string);
    byClass.set(Number(m[1]), m[2] as string);
  }
  return { byClass };
}

/** The source name for events of a class, or undefined when none is configured for it. */
export function sourceNameFor(names: SourceNames, classUid: number): string | undefined {
  return 'all' in names ? names.all : names.byClass.get(classUid);
}

export class ConfigError extends Error {
  readonly variable: EnvVar;
  constructor(variable: EnvVar, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function prefix(value: string | undefined, variable: EnvVar): string {
  if (value === undefined || value === '') return '';
  if (value.startsWith('/'))
    throw new ConfigError(
      variable,
      `"${value}" starts with "/"; S3 keys do not (write "${value.replace(/^\/+/, '')}")`,
    );
  return value.endsWith('/') ? value : `${value}/`;
}

function bool(env: Env, variable: EnvVar, fallback: boolean): boolean {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(variable, `"${value}" is not a boolean; set it to true or false`);
}

/** Reads and checks the configuration; throws a ConfigError naming the first variable at fault. */
export function configFromEnv(env: Env = process.env): AwsConfig {
  const outputBucket = env['OCSFX_OUTPUT_BUCKET'];
  if (!outputBucket)
    throw new ConfigError('OCSFX_OUTPUT_BUCKET', 'is not set; set it to the bucket the OCSF output goes to');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(outputBucket)) {
    throw new ConfigError(
      'OCSFX_OUTPUT_BUCKET',
      `"${outputBucket}" is not an S3 bucket name (3-63 lower-case letters, digits, "." or "-"; no s3:// prefix)`,
    );
  }
  const names = sourceNames(env['OCSFX_SOURCE_NAME']);
  const formatValue = env['OCSFX_FORMAT'] || 'parquet';
  if (formatValue !== 'parquet' && formatValue !== 'jsonl') {
    throw new ConfigError('OCSFX_FORMAT', `"${formatValue}" is not an output format; use parquet or jsonl`);
  }
  const outputPrefix = prefix(env['OCSFX_OUTPUT_PREFIX'], 'OCSFX_OUTPUT_PREFIX');
  const rejectsPrefix =
    env['OCSFX_REJECTS_PREFIX'] !== undefined && env['OCSFX_REJECTS_PREFIX'] !== ''
      ? prefix(env['OCSFX_REJECTS_PREFIX'], 'OCSFX_REJECTS_PREFIX')
      : `${outputPrefix}rejects/`;
  if (rejectsPrefix.startsWith(`${outputPrefix}ext/`)) {
    throw new ConfigError(
      'OCSFX_REJECTS_PREFIX',
      `"${rejectsPrefix}" is inside the Security Lake layout (${outputPrefix}ext/); choose a prefix outside it`,
    );
  }
  const pluginIds = (env['OCSFX_PLUGINS'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of pluginIds) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
      throw new ConfigError('OCSFX_PLUGINS', `"${id}" is not a plugin id (kebab-case, e.g. vpc-flowlogs)`);
  }
  let pluginOptions: Record<string, string | boolean> = {};
  const rawOptions = env['OCSFX_PLUGIN_OPTIONS'];
  if (rawOptions) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawOptions);
    } catch (err) {
      throw new ConfigError(
        'OCSFX_PLUGIN_OPTIONS',
        `is not JSON (${(err as Error).message}); give an object such as {"skip-nodata": true}`,
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError('OCSFX_PLUGIN_OPTIONS', 'must be a JSON object such as {"skip-nodata": true}');
    }
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v !== 'string' && typeof v !== 'boolean') {
        throw new ConfigError('OCSFX_PLUGIN_OPTIONS', `option "${k}" must be a string or a boolean`);
      }
    }
    pluginOptions = parsed as Record<string, string | boolean>;
  }
  return {
    outputBucket,
    outputPrefix,
    rejectsPrefix,
    format: formatValue,
    sourceNames: names,
    pluginIds,
    ocsfVersion: env['OCSFX_OCSF_VERSION'] || undefined,
    validate: bool(env, 'OCSFX_VALIDATE', false),
    pluginOptions,
    forcePathStyle: bool(env, 'OCSFX_S3_FORCE_PATH_STYLE', false),
  };
}
