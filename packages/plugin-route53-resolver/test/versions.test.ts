/** OCSF 1.5.0 and 1.8.0: the 1.1.0 events with their version, valid against the official schema of each. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createValidator, type JsonRecord } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { fixture, type Json } from './helpers.js';

const records = gunzipSync(
  readFileSync(fixture('s3', 'vpc-0a1b2c3d4e5f60718_vpcdnsquerylogs_111122223333_20241124T0800Z_5f2e1a3b.log.gz')),
)
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as unknown);

const translate = (version: string) => {
  const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
  return records.map((value) => {
    const record: JsonRecord = { kind: 'json', value, location: { file: 'x' } };
    const outcome = translator.translate(record, { location: record.location });
    if (outcome.kind !== 'emitted') throw new Error(`not emitted: ${JSON.stringify(outcome)}`);
    return outcome.events[0] as Json;
  });
};

describe.skipIf(!hasShared)('other OCSF versions', () => {
  it.each(['1.5.0', '1.8.0'])('%s', (version) => {
    const validator = createValidator({ version, schemaDir: shared('ocsf-schema', version) });
    const reference = translate('1.1.0');
    const events = translate(version);
    expect(events).toEqual(reference.map((e) => ({ ...e, metadata: { ...(e.metadata as Json), version } })));
    for (const event of events) expect(validator.validate(event)).toEqual([]);
    for (const event of events) expect(validator.deprecations(event)).toEqual([]);
  });
});
