/**
 * The command line. Start-up is kept close to bare Node: nothing but this module, commander and the
 * discovery scan is loaded before the arguments are parsed; each command imports its own modules, and
 * plugins are imported only by the commands that use them (translate: with `--source ID` only that one).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { InputFormat } from '@ocsfx/core';
import type { Command } from 'commander';
import { type Discovery, findPlugins, loadPlugins } from './discovery.js';
import { CliError, errorMessage } from './errors.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** `-v`, `-V` and `--version` print the version (there is no --verbose; -q is the only verbosity flag). */
const VERSION_FLAGS = new Set(['-v', '-V', '--version']);

const defaultJobs = () => Math.max(1, availableParallelism());

export interface MainIo {
  stdin: NodeJS.ReadableStream;
  stdout: (text: string) => void;
  stderr: (line: string) => void;
  cwd: string;
}

const defaultIo: MainIo = {
  stdin: process.stdin,
  stdout: (text) => process.stdout.write(text),
  stderr: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
};

/**
 * A reader that goes away (`ocsfx translate --help | head`, `ocsfx plugins | head -1`) is no error: exit 0
 * quietly, as `translate` does (which installs its own handler, with cleanup: cleanup.ts) and as cat and
 * jq do. stderr gone too (`2>&1 | head`): nothing more can be said, and saying it must not crash.
 */
function quietWhenOutputCloses(): void {
  process.stderr.on('error', () => {});
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    // translate's handler, once installed, removes the run's temp files first.
    if (process.stdout.listenerCount('error') > 1) return;
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`ocsfx: error: cannot write to standard output: ${err.message}\n`);
    process.exit(1);
  });
}

/** `--plugin` values are needed before commander parses, because plugins add options to `translate`. */
export function pluginArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--plugin' && i + 1 < argv.length) out.push(argv[++i]!);
    else if (a.startsWith('--plugin=')) out.push(a.slice('--plugin='.length));
  }
  return out;
}

/** The command word: the first argument that is not an option (`undefined` for `ocsfx --help`). */
export function commandOf(argv: readonly string[]): string | undefined {
  for (const a of argv) {
    if (a === '--') return undefined;
    if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** The `--source`/`-s` value of a translate command line, if one is given. */
export function sourceArg(argv: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if ((a === '--source' || a === '-s') && i + 1 < argv.length) found = argv[++i];
    else if (a.startsWith('--source=')) found = a.slice('--source='.length);
    else if (a.startsWith('-s') && !a.startsWith('--') && a.length > 2) found = a.slice(2);
  }
  return found;
}

/** Which plugins a command line needs imported before parsing: translate adds their options. */
function pluginsNeeded(argv: readonly string[]): { load: boolean; only?: string } {
  const command = commandOf(argv);
  const helpFor = command === 'help' ? commandOf(argv.slice(argv.indexOf('help') + 1)) : undefined;
  const word = command === 'help' ? helpFor : command;
  if (word === 'translate' || word === 'inspect') return { load: true, only: sourceArg(argv) };
  // Completion scripts carry the installed plugins' ids and options.
  if (word === 'completion') return { load: true };
  return { load: false };
}

function reportLoadFailures(discovery: Discovery, io: MainIo) {
  for (const f of discovery.failures) io.stderr(`ocsfx: warning: plugin ${f.source} skipped: ${f.reason}`);
  for (const f of discovery.warnings) io.stderr(`ocsfx: warning: plugin ${f.source}: ${f.reason}`);
}

/**
 * The program. `discovery` holds the plugins already imported for this command line (translate), whose
 * options are added to `translate`; commands that need plugins otherwise import them in their action.
 */
export async function buildProgram(
  argv: readonly string[],
  io: MainIo,
  discovery?: Discovery,
): Promise<{ program: Command; exitCode: () => number }> {
  const { Command, InvalidArgumentError, Option } = await import('commander');
  let exitCode = 0;
  const positiveInt = (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
    return n;
  };
  const inputFormatOption = () =>
    new Option('--input-format <format>', 'record format of the input (default: sniffed)').choices([
      'text',
      'csv',
      'parquet',
      'json',
    ]);
  const explicit = pluginArgs(argv);
  const loaded = async (): Promise<Discovery> => discovery ?? loadPlugins(findPlugins({ cwd: io.cwd, explicit }));
  let reported = false;
  const reportOnce = (d: Discovery) => {
    if (!reported) reportLoadFailures(d, io);
    reported = true;
  };

  const program = new Command('ocsfx')
    .description('Translate AWS security logs into OCSF events with the source plugins you install.')
    .version(pkg.version, '-v, --version', 'print the version (also -V)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s.replace(/\n$/, '')) })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ ocsfx plugins
  $ ocsfx translate vpc-flow.log.gz -o vpc.ocsf.jsonl
  $ ocsfx translate logs/ --source cloudtrail-auth -o out/ --rejects rejects.jsonl
  $ zcat trail.json.gz | ocsfx translate - > events.jsonl`,
    );

  const translate = program
    .command('translate')
    .description('translate raw logs (files, directories, globs, or - for stdin) into OCSF')
    .argument('[input...]', 'files, directories (recursive), globs, or - for standard input')
    .option(
      '-s, --source <ids>',
      'plugin id to use, or ids separated by commas, tried in order per record (default: auto-detect per input)',
    )
    .addOption(inputFormatOption())
    .addOption(
      new Option('-f, --format <format>', 'output format (parquet: needs -o DIR; files are translated one at a time)')
        .choices(['jsonl', 'json', 'parquet'])
        .default('jsonl'),
    )
    .addOption(
      new Option('--layout <layout>', 'parquet: plain files, or the Security Lake custom-source layout')
        .choices(['plain', 'security-lake'])
        .default('plain'),
    )
    .option(
      '--source-name <name>',
      'parquet: the Security Lake custom source (ext/<name>/…); one per OCSF class: CLASS_UID=NAME (repeatable)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .addOption(
      new Option('--compression <codec>', 'parquet: compression codec (zstd needs Node.js 22.15+)')
        .choices(['gzip', 'zstd'])
        .default('gzip'),
    )
    .addOption(
      new Option(
        '--compression-level <n>',
        'parquet: gzip 1-9 (default 1, the fastest; 6 makes files ~7% smaller for ~2.5x the compression time), zstd 1-22 (default 3)',
      ).argParser(positiveInt),
    )
    .option(
      '-o, --output <path>',
      'output file (several inputs are merged into it, in order), or DIR/ for one output per input (default: stdout)',
    )
    .option(
      '--rejects <path>',
      'write rejected records as JSONL {location, code, reason, raw} (default: one line each on stderr)',
    )
    .option('--ocsf-version <version>', "OCSF version to emit (default: the plugin's default)")
    .option('--validate', 'validate every event against the OCSF schema; invalid events become rejects, exit 1')
    .option('--ocsf-schema <dir>', 'official OCSF schema checkout to validate against (default: built-in)')
    .option(
      '--plugin <package-or-path>',
      'load a plugin package or file (repeatable)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .addOption(
      new Option(
        '-j, --jobs <n>',
        'worker threads: N files at a time, or one file (JSONL output) in N (default: number of cores)',
      ).argParser(positiveInt),
    )
    .option('-q, --quiet', 'print only errors, and a count of rejected records not kept with --rejects')
    .option('--fail-on-reject', 'exit 1 when any record was rejected (for scripts)')
    .option(
      '--exclude <glob>',
      'skip files found in directories or by globs that match (repeatable; no "/": by name)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('--progress', 'show progress on stderr even when it is not a terminal (on a terminal it is shown anyway)')
    .option('--report <file>', 'write a JSON report of the run (per input and in total; schema: report.schema.json)')
    .addHelpText(
      'after',
      `
Examples:
  $ ocsfx translate flowlogs/ -o out/                      # one .ocsf.jsonl per input file
  $ ocsfx translate 'flowlogs/*.log.gz' -o all.jsonl       # every input merged into one file
  $ ocsfx translate logs/ --exclude '*.bak' --exclude old -o logs/out/
  $ ocsfx translate vpc.log.gz --source vpc-flowlogs > events.jsonl
  $ ocsfx translate trail.json.gz --ocsf-version 1.1.0 --validate -o auth.jsonl
  $ zcat trail.json.gz | ocsfx translate - --source cloudtrail-auth,cloudtrail > trail.ocsf.jsonl
  $ ocsfx translate flowlogs/ -f parquet --layout security-lake --source-name vpc -o lake/
  $ ocsfx translate logs/ -f parquet --layout security-lake --source-name 4001=vpc --source-name 3002=auth -o lake/
  $ ocsfx translate flowlogs/ -f parquet --compression-level 6 -o lake/        # ~7% smaller, slower
  $ aws logs tail /vpc/flow | ocsfx translate - --source vpc-flowlogs \\
      --vpc-format '\${version} \${account-id} \${interface-id} \${srcaddr} \${dstaddr} \${srcport} \${dstport} \${protocol} \${packets} \${bytes} \${start} \${end} \${action} \${log-status}'

Outputs: -o FILE (or stdout) takes every input, merged in input order; -o DIR/ (or an existing directory)
takes one <name>.ocsf.jsonl per input, names kept unique; an input that fails part-way keeps what it wrote
in <name>.ocsf.partial.jsonl. Files are written to a hidden temp file and renamed into place; devices and
FIFOs are written straight through; a symbolic link is followed (the file it points to is replaced).
Directories missing on the way to -o, --rejects or --report are made. When every input fails before
giving anything (cannot be opened, not recognised), no -o or --rejects file (nor directory for them) is
written and a file already there stays as it was. An output that is also an input, or --rejects equal to -o, is refused. The -o and
--rejects paths are never read back as inputs.

Exit codes: 0 success (rejected records are reported, not fatal; --fail-on-reject makes them exit 1),
1 an input or output failed, 2 usage error, 130/143 interrupted (SIGINT/SIGTERM; temp files removed).`,
    );
  // The options the imported plugins declare, on the commands that run plugins.
  const optionNames: string[] = [];
  const addPluginOptions = (cmd: Command) => {
    for (const { plugin } of discovery?.registry.list() ?? []) {
      for (const opt of plugin.options ?? []) {
        if (cmd === translate && !optionNames.includes(opt.name)) optionNames.push(opt.name);
        if (cmd.options.some((o) => o.long === `--${opt.name}`)) continue;
        const flag = opt.type === 'string' ? `--${opt.name} <value>` : `--${opt.name}`;
        cmd.addOption(new Option(flag, `${opt.description} [${plugin.id}]`));
      }
    }
  };
  const pluginOptionValues = (opts: Record<string, unknown>) => {
    const values: Record<string, string | boolean | undefined> = {};
    for (const name of optionNames) values[name] = opts[camel(name)] as string | boolean | undefined;
    return values;
  };
  addPluginOptions(translate);
  translate.action(async (inputs: string[], opts: Record<string, unknown>) => {
    const plugins = await loaded();
    reportOnce(plugins);
    const [{ translateCommand }, { makeCheck }] = await Promise.all([
      import('./translate.js'),
      import('./validate.js'),
    ]);
    const pluginOptions = pluginOptionValues(opts);
    exitCode = await translateCommand(
      inputs,
      {
        source: opts.source as string | undefined,
        inputFormat: opts.inputFormat as InputFormat | undefined,
        format: opts.format as 'jsonl' | 'json' | 'parquet',
        layout: opts.layout as 'security-lake' | 'plain',
        sourceName: opts.sourceName as string[] | undefined,
        compression: opts.compression as 'gzip' | 'zstd',
        compressionLevel: opts.compressionLevel as number | undefined,
        output: opts.output as string | undefined,
        rejects: opts.rejects as string | undefined,
        ocsfVersion: opts.ocsfVersion as string | undefined,
        validate: opts.validate === true,
        ocsfSchema: opts.ocsfSchema as string | undefined,
        quiet: opts.quiet === true,
        failOnReject: opts.failOnReject === true,
        exclude: opts.exclude as string[] | undefined,
        jobs: (opts.jobs as number | undefined) ?? defaultJobs(),
        progress: opts.progress === true,
        report: opts.report as string | undefined,
        pluginOptions,
      },
      plugins.registry,
      {
        stdin: io.stdin,
        stderr: io.stderr,
        cwd: io.cwd,
        pluginArgs: pluginArgs(argv),
        failedPackages: plugins.failures.map((f) => f.packageName ?? f.source),
        makeCheck,
      },
    );
  });

  program
    .command('validate')
    .description('validate OCSF events (JSON, JSONL or Parquet) against the OCSF schema')
    .argument('[file...]', 'files, directories, globs, or - for standard input')
    .option('--ocsf-version <version>', "OCSF version to validate against (default: each event's metadata.version)")
    .option('--ocsf-schema <dir>', 'official OCSF schema checkout (default: built-in data for the shipped versions)')
    .option('-q, --quiet', 'print only the invalid events')
    .option('--strict', 'treat deprecated attributes (warnings) as errors')
    .option('--report <file>', 'write a JSON report of the run (per input and in total; schema: report.schema.json)')
    .addHelpText(
      'after',
      `
Each invalid event is printed on stdout as "file:line: /json/pointer: message [code]"; the summary goes to stderr.
Attributes the schema deprecates are warnings ("file:line: warning: /pointer: … [deprecated]", naming the
replacement); they do not fail the event unless --strict.
Exit codes: 0 all valid, 1 an event is invalid (or, with --strict, uses a deprecated attribute) or an input
failed, 2 usage error.

Examples:
  $ ocsfx validate events.jsonl
  $ ocsfx translate vpc.log | ocsfx validate -
  $ ocsfx validate --ocsf-version 1.8.0 --ocsf-schema ~/src/ocsf-schema other-tool.json
  $ ocsfx validate --strict lake-export.jsonl`,
    )
    .action(
      async (
        files: string[],
        opts: { ocsfVersion?: string; ocsfSchema?: string; quiet?: boolean; strict?: boolean; report?: string },
      ) => {
        const { validateCommand } = await import('./validate.js');
        exitCode = await validateCommand(files, opts, io);
      },
    );

  program
    .command('plugins')
    .description('list the plugins found, with their OCSF classes, versions, inputs and load errors')
    .option('--json', 'machine-readable output')
    .option('-q, --quiet', 'print only the plugin ids, one per line (load errors are left out)')
    .option(
      '--plugin <package-or-path>',
      'also load this plugin (repeatable)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .addHelpText(
      'after',
      `
Plugins are imported only by the commands that use them (this one, and translate); see the CLI README for
where they are searched.

Examples:
  $ ocsfx plugins
  $ ocsfx plugins -q
  $ ocsfx plugins --json --plugin ./my-plugin`,
    )
    .action(async (opts: { json?: boolean; quiet?: boolean }) => {
      const { formatPlugins, listPlugins } = await import('./plugins-command.js');
      const listing = listPlugins(await loaded());
      if (opts.json) io.stdout(`${JSON.stringify(listing, null, 2)}\n`);
      else if (opts.quiet) io.stdout(listing.plugins.map((p) => `${p.id}\n`).join(''));
      else io.stdout(`${formatPlugins(listing)}\n`);
    });

  const inspect = program
    .command('inspect')
    .description(
      'field coverage: per source field, how often it was present, where it went in OCSF, how often unmapped',
    )
    .argument('[input...]', 'files, directories (recursive), globs, or - for standard input')
    .option('-s, --source <ids>', 'plugin id(s) to use, comma-separated (default: auto-detect per input)')
    .addOption(inputFormatOption())
    .option('--ocsf-version <version>', "OCSF version to emit (default: the plugin's default)")
    .option(
      '--ocsf-schema <dir>',
      'official OCSF schema checkout, for the recommended attributes of a version ocsfx does not bundle',
    )
    .option('--json', 'machine-readable output')
    .option(
      '--plugin <package-or-path>',
      'load a plugin package or file (repeatable)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .addHelpText(
      'after',
      `
Translates the inputs in memory (nothing is written) and prints one row per source field: how many
translated records had it, the OCSF attribute(s) its value went to (found by value: unchanged, or as epoch
milliseconds for times), and how often it landed in unmapped; then the attributes each OCSF class recommends
that no event filled. Exit codes: 0 done, 1 an input failed, 2 usage error.

Examples:
  $ ocsfx inspect vpc-flow.log.gz
  $ ocsfx inspect trail.json --json | jq '.fields[] | select(.unmapped > 0)'
  $ ocsfx inspect flowlogs/ --ocsf-schema ~/src/ocsf-schema`,
    )
    .action(async (inputs: string[], opts: Record<string, unknown>) => {
      const plugins = await loaded();
      reportOnce(plugins);
      const { inspectCommand } = await import('./inspect.js');
      exitCode = await inspectCommand(
        inputs,
        {
          source: opts.source as string | undefined,
          inputFormat: opts.inputFormat as InputFormat | undefined,
          ocsfVersion: opts.ocsfVersion as string | undefined,
          ocsfSchema: opts.ocsfSchema as string | undefined,
          json: opts.json === true,
          pluginOptions: pluginOptionValues(opts),
        },
        plugins.registry,
        io,
        plugins.failures.map((f) => f.packageName ?? f.source),
      );
    });
  addPluginOptions(inspect);

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish) that knows the installed plugins')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText(
      'after',
      `
The script lists the plugins installed when it is made: make it again after installing one.

Examples:
  $ source <(ocsfx completion bash)                  # in ~/.bashrc
  $ source <(ocsfx completion zsh)                   # in ~/.zshrc
  $ ocsfx completion fish > ~/.config/fish/completions/ocsfx.fish`,
    )
    .action(async (shell: string) => {
      const { completionScript, completionSpec, SHELLS } = await import('./completion.js');
      if (!(SHELLS as readonly string[]).includes(shell)) {
        throw new CliError(`unknown shell "${shell}"; completion is made for ${SHELLS.join(', ')}`, 2);
      }
      const ids = (discovery?.registry.list() ?? []).map((e) => e.plugin.id).sort();
      io.stdout(completionScript(shell as (typeof SHELLS)[number], completionSpec(program, ids)));
    });

  return { program, exitCode: () => exitCode };
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: readonly string[] = process.argv.slice(2), io: MainIo = defaultIo): Promise<number> {
  if (io === defaultIo) quietWhenOutputCloses();
  try {
    // Bare `ocsfx` prints the help (exit 0); the version needs nothing else loaded.
    if (argv.length === 0) argv = ['--help'];
    if (VERSION_FLAGS.has(argv[0]!)) {
      io.stdout(`${pkg.version}\n`);
      return 0;
    }
    const needed = pluginsNeeded(argv);
    const discovery = needed.load
      ? await loadPlugins(findPlugins({ cwd: io.cwd, explicit: pluginArgs(argv) }), needed.only)
      : undefined;
    const { program, exitCode } = await buildProgram(argv, io, discovery);
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('commander.')) {
      if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof CliError) {
      io.stderr(`ocsfx: error: ${err.message}`);
      return err.exitCode;
    }
    io.stderr(`ocsfx: error: ${errorMessage(err)}`);
    if (process.env.OCSFX_DEBUG === '1') io.stderr((err as Error)?.stack ?? '');
    else io.stderr('(set OCSFX_DEBUG=1 to see the stack trace)');
    return 1;
  }
}
