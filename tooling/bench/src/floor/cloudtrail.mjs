#!/usr/bin/env node
/**
 * Floor baseline for CloudTrail: gunzip, JSON.parse the whole `{"Records":[…]}` document, keep the
 * events whose eventName is a sign-in or role assumption, JSON.stringify each, write one line per event.
 * No envelope detection, no streaming, no mapping, no validation.
 *
 *   node cloudtrail.mjs INPUT OUTPUT
 */
import { inputChunks, lineWriter } from './common.mjs';

const [input, output] = process.argv.slice(2);
const AUTH = new Set([
  'ConsoleLogin',
  'CheckMfa',
  'SwitchRole',
  'ExitRole',
  'RenewRole',
  'AssumeRole',
  'AssumeRoleWithSAML',
  'AssumeRoleWithWebIdentity',
  'GetSessionToken',
  'GetFederationToken',
  'CredentialChallenge',
  'CredentialVerification',
  'UserAuthentication',
  'ExternalIdPDirectoryLogin',
]);

const chunks = [];
for await (const chunk of inputChunks(input)) chunks.push(chunk);
const { Records: events } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
chunks.length = 0;

const out = lineWriter(output);
let written = 0;
for (const event of events) {
  if (!AUTH.has(event.eventName)) continue;
  written++;
  const wait = out.write(JSON.stringify(event));
  if (wait) await wait;
}
await out.close();
process.stderr.write(`${events.length} records, ${written} written\n`);
