// Copied into a fresh npm project by the release rehearsal, after `npm install @ocsfx/core
// @ocsfx/plugin-cloudtrail-auth` from the local registry: it uses the packages as a library user would,
// through their public entry points only. Usage: node library-user.mjs INPUT OUTPUT.jsonl
import { createJsonlWriter, openInput, PluginRegistry, translateInput } from '@ocsfx/core';
import cloudtrailAuth from '@ocsfx/plugin-cloudtrail-auth';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node library-user.mjs INPUT OUTPUT.jsonl');
  process.exit(2);
}

const registry = new PluginRegistry();
const plugin = registry.register(cloudtrailAuth, { packageName: '@ocsfx/plugin-cloudtrail-auth' });
const translator = plugin.createTranslator({ ocsfVersion: plugin.ocsf.defaultVersion, options: {} });
const opened = await openInput(input);
const writer = await createJsonlWriter(output);
let stats;
try {
  stats = await translateInput({ input: opened, translator, writer });
  await writer.close();
} catch (error) {
  await writer.abort();
  throw error;
}
const snapshot = stats.snapshot();
console.log(
  JSON.stringify({
    plugin: plugin.id,
    registered: registry.list().map((entry) => entry.plugin.id),
    recordsIn: snapshot.recordsIn,
    events: snapshot.events,
    skipped: snapshot.skipped,
    rejected: snapshot.rejected,
    emittedRecords: snapshot.emittedRecords,
  }),
);
