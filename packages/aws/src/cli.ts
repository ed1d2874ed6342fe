import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BUNDLE_HANDLERS, bundle, measureColdStart, sampleEnv } from './bundle.js';

const HELP = `Usage: ocsfx-aws bundle --plugin PACKAGE [--plugin PACKAGE …] [-o handler.zip] [--external-sdk]

Bundles the @ocsfx/aws handlers with the plugins you name into one zip for AWS Lambda (Node.js 22 runtime):
index.mjs exports ${BUNDLE_HANDLERS.sqs} (S3 notifications through SQS) and ${BUNDLE_HANDLERS.firehose} (a Firehose
transformation). Plugins are resolved from the current directory, as your own imports are. esbuild must be
installed (npm install --save-dev esbuild).

Options:
  --plugin PACKAGE   a plugin package or path to bundle (repeatable; at least one)
  -o, --output FILE  the zip to write (default handler.zip)
  --external-sdk     leave the AWS SDK out and use the Lambda runtime's (a smaller zip)
  --no-measure       do not import the bundle once to measure its cold-start import time
  -h, --help         this help

Examples:
  $ ocsfx-aws bundle --plugin @ocsfx/plugin-vpc-flowlogs -o vpc-handler.zip
  $ ocsfx-aws bundle --plugin @ocsfx/plugin-vpc-flowlogs --plugin @ocsfx/plugin-cloudtrail-auth --external-sdk`;

/** The `ocsfx-aws` command; returns the exit code (0 done, 1 failed, 2 usage error). */
export async function main(
  argv: readonly string[],
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    io.err(`ocsfx-aws: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    io.out(HELP);
    return values.help ? 0 : 2;
  }
  if (positionals[0] !== 'bundle' || positionals.length > 1) {
    io.err(`ocsfx-aws: unknown command "${positionals.join(' ')}"; the command is "bundle" (see ocsfx-aws --help)`);
    return 2;
  }
  const plugins = values.plugin ?? [];
  if (plugins.length === 0) {
    io.err(
      'ocsfx-aws bundle: name the plugins to bundle with --plugin PACKAGE (e.g. --plugin @ocsfx/plugin-vpc-flowlogs)',
    );
    return 2;
  }
  const output = resolve(values.output ?? 'handler.zip');
  try {
    const result = await bundle({ plugins, output, externalSdk: values['external-sdk'] === true });
    io.out(
      `ocsfx-aws: wrote ${output}: ${(result.zipBytes / 1024).toFixed(0)} KiB zipped (${(result.codeBytes / 1024).toFixed(0)} KiB of code), plugins ${result.plugins.map((p) => `${p.id} (${p.classUid})`).join(', ')}`,
    );
    if (values['external-sdk'] === true) {
      io.out('ocsfx-aws: the AWS SDK is left to the Lambda runtime, so the cold start is not measured here');
    } else if (values.measure !== false) {
      const ms = await measureColdStart(output, sampleEnv(result.plugins));
      io.out(`ocsfx-aws: cold-start import ${ms.toFixed(0)} ms on this machine (Node ${process.versions.node})`);
    }
    io.out(
      `ocsfx-aws: Lambda handler index.${BUNDLE_HANDLERS.sqs} (SQS) or index.${BUNDLE_HANDLERS.firehose} (Firehose), runtime nodejs22.x`,
    );
    return 0;
  } catch (err) {
    io.err(`ocsfx-aws bundle: ${(err as Error).message}`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    allowNegative: true,
    options: {
      plugin: { type: 'string', multiple: true },
      output: { type: 'string', short: 'o' },
      'external-sdk': { type: 'boolean' },
      measure: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
