import { S3Client } from '@aws-sdk/client-s3';
import {
  createValidator,
  type EventCheck,
  type OcsfEvent,
  type OcsfValidator,
  type Plugin,
  PluginRegistry,
  type Translator,
} from '@ocsfx/core';
import { type AwsConfig, ConfigError, configFromEnv, sourceNameFor } from './config.js';
import { classesOf } from './plugins.js';

/** What every invocation of a warm function shares: the configuration, the S3 client, the plugins. */
export interface Runtime {
  config: AwsConfig;
  s3: S3Client;
  registry: PluginRegistry;
  /** Where the structured log lines go (Lambda sends stdout to CloudWatch Logs). */
  log: (line: string) => void;
  /** A translator and its event check per plugin id, made on first use. */
  translators: Map<string, PluginEntry>;
}

export interface RuntimeOptions {
  /** The plugins this function can run (the bundle's). */
  plugins: readonly Plugin[];
  /** Default: read from `env` (default `process.env`) and checked. */
  config?: AwsConfig;
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: a client for the function's region; endpoint and retries from the SDK's own variables. */
  s3?: S3Client;
  log?: (line: string) => void;
}

/**
 * Builds and checks everything a handler needs, once, at cold start: a wrong variable, an unknown plugin id
 * or an OCSF version a plugin cannot emit stops the function here, naming the variable.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const config = options.config ?? configFromEnv(options.env);
  const registry = new PluginRegistry();
  for (const plugin of options.plugins) registry.register(plugin);
  if (registry.size === 0) throw new Error('no plugins: bundle at least one ocsfx plugin with the handler');
  for (const id of config.pluginIds) {
    if (!registry.get(id)) {
      throw new ConfigError(
        'OCSFX_PLUGINS',
        `no plugin "${id}" in this bundle (bundled: ${registry
          .list()
          .map((e) => e.plugin.id)
          .join(', ')})`,
      );
    }
  }
  const candidates = config.pluginIds.length
    ? config.pluginIds.map((id) => registry.get(id) as Plugin)
    : registry.list().map((e) => e.plugin);
  if (config.ocsfVersion) {
    for (const plugin of candidates) {
      if (!plugin.ocsf.versions.includes(config.ocsfVersion)) {
        throw new ConfigError(
          'OCSFX_OCSF_VERSION',
          `plugin ${plugin.id} emits OCSF ${plugin.ocsf.versions.join(', ')}, not ${config.ocsfVersion}${config.pluginIds.length ? '' : '; set OCSFX_PLUGINS to the plugins that do'}`,
        );
      }
    }
  }
  // A Security Lake custom source holds one OCSF class: each class the plugins emit needs its own name.
  const classes = [...new Set(candidates.flatMap(classesOf))].sort((a, b) => a - b);
  if ('all' in config.sourceNames && classes.length > 1) {
    throw new ConfigError(
      'OCSFX_SOURCE_NAME',
      `the plugins (${candidates.map((p) => p.id).join(', ')}) emit OCSF classes ${classes.join(', ')}, and a Security Lake custom source holds one; name one source per class (${classes.map((c) => `${c}=NAME`).join(',')}) or set OCSFX_PLUGINS`,
    );
  }
  for (const c of classes) {
    if (sourceNameFor(config.sourceNames, c) === undefined) {
      throw new ConfigError(
        'OCSFX_SOURCE_NAME',
        `names no source for OCSF class ${c} (${candidates
          .filter((p) => p.ocsf.classUid === c)
          .map((p) => p.id)
          .join(', ')}); add ${c}=NAME`,
      );
    }
  }
  const runtime: Runtime = {
    config,
    s3: options.s3 ?? new S3Client({ forcePathStyle: config.forcePathStyle }),
    registry,
    log: options.log ?? ((line) => process.stdout.write(`${line}\n`)),
    translators: new Map(),
  };
  // Configured plugins are known now: make their translators (and validators) before the first message.
  for (const plugin of config.pluginIds.length ? candidates : []) translatorFor(runtime, plugin);
  return runtime;
}

/**
 * The plugin's translator and the check every event passes: its class must be one the plugin declares (each
 * class goes to its own Security Lake custom source) and, with OCSFX_VALIDATE, the event must be valid OCSF
 * of that class.
 */
export interface PluginEntry {
  translator: Translator;
  check: EventCheck;
}

export function translatorFor(runtime: Runtime, plugin: Plugin): PluginEntry {
  let entry = runtime.translators.get(plugin.id);
  if (entry) return entry;
  const { config } = runtime;
  const version = config.ocsfVersion ?? plugin.ocsf.defaultVersion;
  let translator: Translator;
  try {
    translator = plugin.createTranslator({ ocsfVersion: version, options: config.pluginOptions });
  } catch (err) {
    throw new ConfigError('OCSFX_PLUGIN_OPTIONS', `plugin ${plugin.id} refused its options: ${(err as Error).message}`);
  }
  const classes = classesOf(plugin);
  const validators = new Map<number, OcsfValidator>();
  // The plugin's own class is compiled now, so a version the validator cannot load fails at cold start.
  if (config.validate)
    validators.set(plugin.ocsf.classUid, createValidator({ version, classUid: plugin.ocsf.classUid }));
  const validate = (event: OcsfEvent, classUid: number): string | undefined => {
    let validator = validators.get(classUid);
    if (!validator) {
      validator = createValidator({ version, classUid });
      validators.set(classUid, validator);
    }
    const issues = validator.validate(event);
    if (issues.length === 0) return undefined;
    const shown = issues.slice(0, 5).map((i) => `${i.pointer || '/'}: ${i.message}`);
    return `invalid OCSF ${version}: ${shown.join('; ')}${issues.length > 5 ? `; … ${issues.length - 5} more` : ''}`;
  };
  const check: EventCheck = (event) => {
    const classUid = event['class_uid'];
    if (typeof classUid !== 'number' || !classes.includes(classUid)) {
      return `event class_uid ${String(classUid)} is not a class plugin ${plugin.id} declares (${classes.join(', ')}): a Security Lake custom source holds one OCSF class`;
    }
    return config.validate ? validate(event, classUid) : undefined;
  };
  entry = { translator, check };
  runtime.translators.set(plugin.id, entry);
  return entry;
}
